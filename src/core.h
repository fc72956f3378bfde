/* The measurement core as a Lua module, luabench.core, and its parts. */
#ifndef LB_CORE_H
#define LB_CORE_H

#include <lua.h>

int luaopen_luabench_core(lua_State *L);

/* Each part adds its functions to the table on top of the stack. */
void lb_register_run(lua_State *L);      /* run, runs (core_run.c) */
void lb_register_os(lua_State *L);       /* isatty, uname... (core_os.c) */
void lb_register_files(lua_State *L);    /* write_file... (core_files.c) */
void lb_register_resample(lua_State *L); /* bootstrap... (resample.c) */

#endif

/* The measurement core as a Lua module, luabench.core, and its parts. */
#ifndef LB_CORE_H
#define LB_CORE_H

#include <lauxlib.h>
#include <lua.h>

int luaopen_luabench_core(lua_State *L);

/* The functions of the module's other parts, gathered by core.c. */
extern const luaL_Reg lb_core_run_funcs[];   /* run, runs (core_run.c) */
extern const luaL_Reg lb_core_os_funcs[];    /* isatty... (core_os.c) */
extern const luaL_Reg lb_core_files_funcs[]; /* write_file... (core_files.c) */
extern const luaL_Reg lb_core_resample_funcs[]; /* bootstrap... (resample.c) */
extern const luaL_Reg lb_core_lua_funcs[];      /* lua_calls... (core_lua.c) */

#endif

/* The measurement core as a Lua module. */
#ifndef LB_CORE_H
#define LB_CORE_H

#include <lua.h>

int luaopen_luabench_core(lua_State *L);

#endif

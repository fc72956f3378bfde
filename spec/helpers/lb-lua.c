/* lb-lua SCRIPT [ARGS...]: a bare Lua 5.4 interpreter with luabench.core
 * built in. The test script runs busted under it for the sanitizer pass, so
 * that the instrumented core is exercised without preloading the sanitizer
 * runtime into a stock lua5.4 (which its children would inherit). */
#include <stdio.h>
#include <stdlib.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "core.h"

/* busted ends with os.exit() without closing the state, so what it still
 * holds then is not a leak of ours. No quarantine: the specs watch this
 * process's resident size over 10,000 runs, and freed memory held back for
 * use-after-free detection would read as growth. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) {
  return "detect_leaks=0:quarantine_size_mb=0";
}

static int traceback(lua_State *L) {
  luaL_traceback(L, L, luaL_tolstring(L, 1, NULL), 1);
  return 1;
}

int main(int argc, char **argv) {
  lua_State *L;
  int i, status;
  if (argc < 2) {
    fputs("usage: lb-lua SCRIPT [ARGS...]\n", stderr);
    return 2;
  }
  L = luaL_newstate();
  luaL_openlibs(L);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(L, luaopen_luabench_core);
  lua_setfield(L, -2, "luabench.core");
  lua_pop(L, 1);
  lua_createtable(L, argc, 2);
  for (i = 0; i < argc; i++) {
    lua_pushstring(L, argv[i]);
    lua_rawseti(L, -2, i - 1);
  }
  lua_setglobal(L, "arg");
  lua_pushcfunction(L, traceback);
  status = luaL_loadfile(L, argv[1]);
  if (status == LUA_OK) {
    for (i = 2; i < argc; i++) lua_pushstring(L, argv[i]);
    status = lua_pcall(L, argc - 2, 0, 1);
  }
  if (status != LUA_OK) fprintf(stderr, "lb-lua: %s\n", lua_tostring(L, -1));
  lua_close(L);
  return status == LUA_OK ? EXIT_SUCCESS : EXIT_FAILURE;
}

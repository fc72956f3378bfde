/* The luabench executable: Lua 5.4 with the core and the Lua modules built
 * in. As in lua.c, all work happens inside one protected call, errors print
 * as "luabench: message", and the exit status comes back from Lua. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "core.h"
#include "embedded.h"
#include "fds.h"
#include "pages.h"
#include "pin.h"

#ifdef HAVE_VALGRIND_MEMCHECK_H
#include <valgrind/memcheck.h>
#endif

static int load_embedded(lua_State *L) {
  const lb_embedded *m = lua_touserdata(L, lua_upvalueindex(1));
  const char *name = lua_tostring(L, 1);
  int status = luaL_loadbuffer(L, m->source, m->size, m->chunkname);
  /* The bytecode is in the Lua heap now: the pages of our executable that
   * hold it are never read again (docs/performance.md, item 6). */
  lb_pages_drop(m->source, m->size);
  if (status != LUA_OK) return lua_error(L);
  lua_pushstring(L, name);
  lua_pushstring(L, m->chunkname + 1); /* what a file searcher passes */
  lua_call(L, 2, 1);
  return 1;
}

/* Puts every built-in module into package.preload, so `require` finds them
 * without touching the file system, wherever the binary is installed. */
static void preload(lua_State *L) {
  const lb_embedded *m;
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(L, luaopen_luabench_core);
  lua_setfield(L, -2, "luabench.core");
  for (m = lb_embedded_modules; m->name; m++) {
    lua_pushlightuserdata(L, (void *)m);
    lua_pushcclosure(L, load_embedded, 1);
    lua_setfield(L, -2, m->name);
  }
  lua_pop(L, 1);
}

/* os.execute and io.popen start a process from the runner itself, which
 * keeps to one CPU while the spawner runs (pin.h): the
 * process must inherit luabench's own mask instead, as a measured command
 * gets it. Upvalue 1 is the original function. */
static int unpinned(lua_State *L) {
  int n = lua_gettop(L), status;
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lb_pin_pause(1);
  status = lua_pcall(L, n, LUA_MULTRET, 0);
  lb_pin_pause(0);
  if (status != LUA_OK) return lua_error(L);
  return lua_gettop(L);
}

static void wrap_unpinned(lua_State *L, const char *lib, const char *name) {
  lua_getglobal(L, lib);
  lua_getfield(L, -1, name);
  lua_pushcclosure(L, unpinned, 1);
  lua_setfield(L, -2, name);
  lua_pop(L, 1);
}

static int traceback(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL)
    msg =
        lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  luaL_traceback(L, L, msg, 1);
  return 1;
}

static int pmain(lua_State *L) {
  int argc = (int)lua_tointeger(L, 1);
  char **argv = lua_touserdata(L, 2);
  int i;

  luaL_checkversion(L);
  luaL_openlibs(L);
  preload(L);
  lb_pin_enable(1);
  wrap_unpinned(L, "os", "execute");
  wrap_unpinned(L, "io", "popen");

  lua_createtable(L, argc, 1); /* `arg`, as lua.c makes it */
  for (i = 0; i < argc; i++) {
    lua_pushstring(L, argv[i]);
    lua_rawseti(L, -2, i);
  }
  lua_setglobal(L, "arg");

  lua_pushcfunction(L, traceback);
  lua_getglobal(L, "require");
  /* A worker process of a Lua bench (run/worker.lua) loads only what it
   * needs: the heap each collection traverses while its function is
   * measured stays small. */
  if (argc > 1 && strcmp(argv[1], "--lua-worker") == 0)
    lua_pushliteral(L, "luabench.run.worker");
  else
    lua_pushliteral(L, "luabench.cli.main");
  lua_call(L, 1, 1);
  lua_getfield(L, -1, "main");
  lua_getglobal(L, "arg");
  if (lua_pcall(L, 1, 1, -4) != LUA_OK) return lua_error(L);
  return 1;
}

#if defined(HAVE_VALGRIND_MEMCHECK_H) && !defined(__SANITIZE_ADDRESS__)
/* Whether we run under valgrind's memcheck. Its client requests answer -1;
 * other tools answer 0, callgrind among them, which counts the work of the
 * release build (scripts/callgrind-sweep). A request on no bytes changes
 * nothing. */
static int under_memcheck(void) {
  char byte = 0;
  return RUNNING_ON_VALGRIND && (long)VALGRIND_MAKE_MEM_DEFINED(&byte, 0) == -1;
}
#endif

int main(int argc, char **argv) {
  lua_State *L;
  int status;
  lb_stdio_reopen(); /* before anything opens a descriptor */
  L = luaL_newstate();
  if (L == NULL) {
    fputs("luabench: cannot create Lua state: not enough memory\n", stderr);
    return EXIT_FAILURE;
  }
  lua_pushcfunction(L, pmain);
  lua_pushinteger(L, argc);
  lua_pushlightuserdata(L, argv);
  if (lua_pcall(L, 2, 1, 0) != LUA_OK) {
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "luabench: %s\n", msg ? msg : "(error object)");
    status = EXIT_FAILURE;
  } else {
    status = lua_isinteger(L, -1) ? (int)lua_tointeger(L, -1) : 0;
  }
  fflush(stdout);
  /* Freeing every object one by one is work for nothing: the results live
   * to the end, the system takes the memory back at once, and exit()
   * flushes the streams (docs/performance.md, item 7). The sanitizer
   * build, and any build under memcheck (scripts/memcheck), close the
   * state so that the leak checker sees every block freed. */
#if defined(__SANITIZE_ADDRESS__)
  lua_close(L);
#elif defined(HAVE_VALGRIND_MEMCHECK_H)
  if (under_memcheck()) lua_close(L);
#endif
  return status;
}

/* core's helpers for what Lua's standard library does not tell: whether a
 * stream is a terminal and how wide, the system's name and CPU count,
 * whether a file is an executable program (core.h). */
#define _GNU_SOURCE
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "core.h"

static int fd_arg(lua_State *L, int i) {
  static const char *const names[] = {"stdin", "stdout", "stderr", NULL};
  if (lua_type(L, i) == LUA_TNUMBER) return (int)luaL_checkinteger(L, i);
  return luaL_checkoption(L, i, NULL, names);
}

static int l_isatty(lua_State *L) {
  lua_pushboolean(L, isatty(fd_arg(L, 1)));
  return 1;
}

static int l_term_width(lua_State *L) {
  struct winsize ws;
  if (ioctl(fd_arg(L, 1), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    lua_pushinteger(L, ws.ws_col);
  else
    luaL_pushfail(L);
  return 1;
}

static int l_uname(lua_State *L) {
  struct utsname u;
  if (uname(&u) != 0) return luaL_fileresult(L, 0, NULL);
  lua_createtable(L, 0, 4);
  lua_pushstring(L, u.sysname);
  lua_setfield(L, -2, "sysname");
  lua_pushstring(L, u.release);
  lua_setfield(L, -2, "release");
  lua_pushstring(L, u.machine);
  lua_setfield(L, -2, "machine");
  lua_pushstring(L, u.nodename);
  lua_setfield(L, -2, "nodename");
  return 1;
}

/* Whether path names a regular file that we may execute. */
static int l_executable(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  struct stat st;
  lua_pushboolean(L, stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
                         access(path, X_OK) == 0);
  return 1;
}

static int l_cpu_count(lua_State *L) {
  lua_pushinteger(L, sysconf(_SC_NPROCESSORS_ONLN));
  return 1;
}

const luaL_Reg lb_core_os_funcs[] = {
    {"cpu_count", l_cpu_count}, {"executable", l_executable},
    {"isatty", l_isatty},       {"term_width", l_term_width},
    {"uname", l_uname},         {NULL, NULL},
};

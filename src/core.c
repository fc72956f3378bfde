/* The Lua module luabench.core (core.h): its table, gathered from the
 * parts, and the bindings of the runner's own state: its clock, the
 * signals it caught, how it starts commands and observes their exit, and
 * tables sized ahead for the sample lists.
 * C owns clocks, processes and accounting; everything else is Lua's. Raw
 * samples cross this seam as plain integers (nanoseconds, bytes). */
#define _GNU_SOURCE
#include <limits.h>
#include <signal.h>
#include <sys/types.h>

#include <lauxlib.h>
#include <lua.h>

#include "clock.h"
#include "core.h"
#include "fds.h"
#include "run.h"
#include "signals.h"
#include "spawner_client.h"

static int l_now(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)lb_clock_ns());
  return 1;
}

static int l_trap_signals(lua_State *L) {
  int err = lb_signals_install(uv_default_loop());
  if (err != 0)
    return luaL_error(L, "cannot trap signals: %s", uv_strerror(err));
  return 0;
}

/* interrupted() -> "SIGINT" | "SIGTERM" | "SIGHUP" | false */
static int l_interrupted(lua_State *L) {
  /* A signal that arrived between runs is already recorded by the handler;
   * no need to spin the loop to learn of it. */
  switch (lb_signals_caught()) {
  case 0:
    lua_pushboolean(L, 0);
    break;
  case SIGTERM:
    lua_pushliteral(L, "SIGTERM");
    break;
  case SIGHUP:
    lua_pushliteral(L, "SIGHUP");
    break;
  default:
    lua_pushliteral(L, "SIGINT");
  }
  return 1;
}

/* How commands are started: "spawner" (and its pid), "direct", or
 * "unknown" before the first run. */
static int l_spawn_mode(lua_State *L) {
  static const char *const names[] = {
      [LB_SPAWN_UNDECIDED] = "unknown",
      [LB_SPAWN_DIRECT] = "direct",
      [LB_SPAWN_SPAWNER] = "spawner",
  };
  pid_t pid;
  lb_spawn_way way = lb_spawner_mode(&pid);
  lua_pushstring(L, names[way]);
  if (way != LB_SPAWN_SPAWNER) return 1;
  lua_pushinteger(L, pid);
  return 2;
}

/* How a run's exit is observed: "pidfd" or "sigchld" (run.h). */
static int l_wait_mode(lua_State *L) {
  lua_pushstring(L, lb_wait_mode() == LB_WAIT_PIDFD ? "pidfd" : "sigchld");
  return 1;
}

/* core.array(n) -> an empty table with room for n items in its array part
 * (lua_createtable): a list filled to a size known in advance then never
 * grows by doubling, so it holds no slack and is never copied. */
static int l_array(lua_State *L) {
  lua_Integer n = luaL_checkinteger(L, 1);
  luaL_argcheck(L, n >= 0 && n <= INT_MAX, 1, "size out of range");
  lua_createtable(L, (int)n, 0);
  return 1;
}

static const luaL_Reg core_funcs[] = {
    {"array", l_array},
    {"interrupted", l_interrupted},
    {"now", l_now},
    {"spawn_mode", l_spawn_mode},
    {"trap_signals", l_trap_signals},
    {"wait_mode", l_wait_mode},
    {NULL, NULL},
};

int luaopen_luabench_core(lua_State *L) {
  lb_stdio_reopen(); /* (a plain lua5.4 may have started without them) */
  luaL_newlib(L, core_funcs);
  luaL_setfuncs(L, lb_core_run_funcs, 0);
  luaL_setfuncs(L, lb_core_os_funcs, 0);
  luaL_setfuncs(L, lb_core_files_funcs, 0);
  luaL_setfuncs(L, lb_core_resample_funcs, 0);
  luaL_setfuncs(L, lb_core_lua_funcs, 0);
  return 1;
}

/* luabench_clock: the nanosecond clock of the portable worker of Lua
 * benches (lua/luabench/run/portable.lua) under PUC Lua 5.1, 5.2 and 5.3,
 * which have neither LuaJIT's ffi nor luabench.core (built for 5.4). CMake
 * builds it for each of them whose headers are installed (liblua5.X-dev),
 * as <build>/lua5.X/luabench_clock.so, installed into lib/lua/5.X.
 *
 * clock.now() -> the nanoseconds of CLOCK_MONOTONIC since the module was
 * loaded, a Lua number: exact while under 2^53 ns (104 days), and only
 * differences of it are used. The same C for every version: only
 * lua_newtable, lua_pushcfunction, lua_setfield and lua_pushnumber. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <time.h>

#include <lua.h>

static uint64_t base;

static uint64_t monotonic_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int l_now(lua_State *L) {
  lua_pushnumber(L, (lua_Number)(monotonic_ns() - base));
  return 1;
}

int luaopen_luabench_clock(lua_State *L) {
  base = monotonic_ns();
  lua_newtable(L);
  lua_pushcfunction(L, l_now);
  lua_setfield(L, -2, "now");
  return 1;
}

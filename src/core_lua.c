/* Lua functions measured in-process (run/luafn.lua): the timing loop that
 * calls a function N times between two reads of the monotonic clock, the
 * pause and resume of its timer, and the counting allocator that tells the
 * bytes and allocations of those calls and the peak of the Lua heap.
 *
 * The loop is C so that its own cost per call is a few nanoseconds and
 * stable (run/luafn.lua measures it with an empty function and subtracts
 * it). The counting allocator wraps the state's allocator only while the
 * loop runs (lua_setallocf), and the original is put back before the loop
 * returns or raises: blocks made by either are freed by the same original
 * allocator underneath, and nothing is left pointing into this module when
 * a plain lua5.4 unloads it at exit. One measurement at a time: the state
 * is static (luabench and its workers run one Lua state each). */
#define _GNU_SOURCE
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "clock.h"
#include "core.h"

typedef struct {
  lua_Alloc orig; /* the state's own allocator, wrapped while active */
  void *orig_ud;
  int active;   /* the loop is running (the allocator is installed) */
  int counting; /* count allocations: active and not paused */
  int paused;   /* the timer is paused */
  int first;    /* in the first of several calls, which is not counted */
  uint64_t pause_start, paused_ns;
  uint64_t bytes, allocs; /* requested by the calls, while counting */
  int64_t heap, peak;     /* the Lua heap in bytes, and its highest */
} meter;

static meter M;

/* The state's allocator, counting. A new block (ptr NULL, osize then a
 * type tag) and a block grown by realloc count as one allocation of the
 * new size, as Go's B/op counts a grown slice; frees and shrinks count
 * nothing. The heap follows every change, paused or not. */
static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  meter *m = ud;
  void *p = m->orig(m->orig_ud, ptr, osize, nsize);
  size_t old = ptr == NULL ? 0 : osize;
  if (p == NULL && nsize > 0) return NULL; /* (failed: nothing changed) */
  m->heap += (int64_t)nsize - (int64_t)old;
  if (m->heap > m->peak) m->peak = m->heap;
  if (m->counting && nsize > old) {
    m->allocs++;
    m->bytes += nsize;
  }
  return p;
}

/* The loop itself, in a protected call: fn(arg) n times. Of several
 * calls the first is timed but its allocations are not counted: a full
 * collection before the sample may have freed call frames and stack that
 * the first call makes again, which are the interpreter's, not the
 * function's. */
static int loop(lua_State *L) {
  lua_Integer i, n = lua_tointeger(L, 2);
  uint64_t t0, t1;
  M.first = n > 1;
  M.counting = !M.first;
  t0 = lb_clock_ns();
  for (i = 0; i < n; i++) {
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 3);
    lua_call(L, 1, 0);
    if (i == 0 && M.first) {
      M.first = 0;
      M.counting = !M.paused;
    }
  }
  t1 = lb_clock_ns();
  M.counting = 0;
  if (M.paused) { /* (left paused: the rest of the loop is not counted) */
    M.paused_ns += t1 - M.pause_start;
    M.paused = 0;
  }
  lua_pushinteger(L, (lua_Integer)(t1 - t0 - M.paused_ns));
  return 1;
}

/* core.lua_calls(fn, n, arg) -> ns, bytes, allocs, peak, counted: calls
 * fn(arg) n times; ns is the time of the calls less the paused time (the
 * loop's own cost included), bytes and allocs what the `counted` calls
 * (n - 1 of several, see loop) allocated while not paused, peak the
 * highest Lua heap in bytes meanwhile. An error of fn is raised
 * again after the allocator is restored. */
static int l_lua_calls(lua_State *L) {
  lua_Integer n;
  int status;
  luaL_checktype(L, 1, LUA_TFUNCTION);
  n = luaL_checkinteger(L, 2);
  luaL_argcheck(L, n >= 0, 2, "negative count");
  lua_settop(L, 3);
  if (M.active) return luaL_error(L, "lua_calls: a measurement is running");
  M.orig = lua_getallocf(L, &M.orig_ud);
  M.heap =
      (int64_t)lua_gc(L, LUA_GCCOUNT, 0) * 1024 + lua_gc(L, LUA_GCCOUNTB, 0);
  M.peak = M.heap;
  M.bytes = M.allocs = M.paused_ns = 0;
  M.paused = M.counting = M.first = 0;
  M.active = 1;
  lua_setallocf(L, counting_alloc, &M);
  lua_pushcfunction(L, loop);
  lua_insert(L, 1);
  status = lua_pcall(L, 3, 1, 0);
  lua_setallocf(L, M.orig, M.orig_ud);
  M.active = M.counting = M.paused = 0;
  if (status != LUA_OK) return lua_error(L);
  lua_pushinteger(L, (lua_Integer)M.bytes);
  lua_pushinteger(L, (lua_Integer)M.allocs);
  lua_pushinteger(L, (lua_Integer)M.peak);
  lua_pushinteger(L, n > 1 ? n - 1 : n);
  return 5;
}

/* core.timer_pause(), core.timer_resume(): the time (and allocations)
 * between them are left out of the running lua_calls; outside one, and
 * when already paused or running, they do nothing. Any arguments (a
 * method call's self) are ignored. */
static int l_timer_pause(lua_State *L) {
  (void)L;
  if (!M.active || M.paused) return 0;
  M.pause_start = lb_clock_ns();
  M.paused = 1;
  M.counting = 0;
  return 0;
}

static int l_timer_resume(lua_State *L) {
  (void)L;
  if (!M.active || !M.paused) return 0;
  M.paused_ns += lb_clock_ns() - M.pause_start;
  M.paused = 0;
  M.counting = !M.first;
  return 0;
}

/* core.clock_resolution() -> ns: clock_getres of CLOCK_MONOTONIC. */
static int l_clock_resolution(lua_State *L) {
  struct timespec ts;
  clock_getres(CLOCK_MONOTONIC, &ts);
  lua_pushinteger(L, (lua_Integer)ts.tv_sec * 1000000000 + ts.tv_nsec);
  return 1;
}

/* core.self_exe() -> the path of this process's executable, or nil: what
 * the worker processes of Lua benches run (luabench --lua-worker). */
static int l_self_exe(lua_State *L) {
  char path[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return 0;
  lua_pushlstring(L, path, (size_t)n);
  return 1;
}

const luaL_Reg lb_core_lua_funcs[] = {
    {"clock_resolution", l_clock_resolution},
    {"lua_calls", l_lua_calls},
    {"self_exe", l_self_exe},
    {"timer_pause", l_timer_pause},
    {"timer_resume", l_timer_resume},
    {NULL, NULL},
};

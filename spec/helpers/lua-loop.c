/* lb-lua-loop CASE N: a hand-written C loop timing N calls of a Lua
 * function in a fresh lua_State, for scripts/bench-lua and spec/lua to
 * check luabench's Lua benches against: clock_gettime(CLOCK_MONOTONIC)
 * around each of 100 chunks of the N calls (lua_call), the median chunk
 * taken, and its own counting allocator (nothing of luabench's core).
 * Prints "ns_per_call BYTES_PER_CALL ALLOCS_PER_CALL", the allocations
 * counted over calls 2..N (the first may make call frames).
 * CASE: empty, table ({}), concat (table.concat of 1,000 strings), format
 * (string.format), closure (a closure call). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

static int counting;
static uint64_t bytes, allocs;

static void *alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  size_t old = ptr == NULL ? 0 : osize;
  (void)ud;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  if (counting && nsize > old) {
    allocs++;
    bytes += nsize;
  }
  return realloc(ptr, nsize);
}

#define CHUNKS 100
static double per[CHUNKS];

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static uint64_t now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static const char *const cases[][2] = {
    {"empty", "return function() end"},
    {"table", "return function() return {} end"},
    {"concat", "local t = {} for i = 1, 1000 do t[i] = 'item' .. i end\n"
               "return function() return table.concat(t, ',') end"},
    {"format", "return function() return string.format('%d: %s = %.3f', 42, "
               "'name', 3.14159) end"},
    {"closure", "local k = 3 local function add(x) return x + k end\n"
                "return function() return add(1) end"},
};

int main(int argc, char **argv) {
  lua_State *L;
  long i, n;
  uint64_t t0, t1;
  const char *src = NULL;
  size_t c;
  if (argc != 3) {
    fputs("usage: lb-lua-loop CASE N\n", stderr);
    return 2;
  }
  for (c = 0; c < sizeof cases / sizeof cases[0]; c++)
    if (strcmp(argv[1], cases[c][0]) == 0) src = cases[c][1];
  n = atol(argv[2]);
  if (src == NULL || n < 2 * CHUNKS) {
    fputs("lb-lua-loop: unknown case, or N < 200\n", stderr);
    return 2;
  }
  L = lua_newstate(alloc, NULL);
  luaL_openlibs(L);
  if (luaL_dostring(L, src) != LUA_OK) {
    fprintf(stderr, "lb-lua-loop: %s\n", lua_tostring(L, -1));
    return 1;
  }
  lua_gc(L, LUA_GCCOLLECT, 0);
  /* The calls in CHUNKS equal chunks, each timed: the median chunk's time
   * a call, so that an interruption of the process (a shared machine)
   * moves one chunk, not the figure. */
  for (c = 0; c < CHUNKS; c++) {
    long m = n / CHUNKS + (c < (size_t)(n % CHUNKS) ? 1 : 0);
    t0 = now();
    for (i = 0; i < m; i++) {
      lua_pushvalue(L, -1);
      lua_call(L, 0, 0);
      counting = 1;
    }
    t1 = now();
    per[c] = (double)(t1 - t0) / (double)(m > 0 ? m : 1);
  }
  counting = 0;
  qsort(per, CHUNKS, sizeof per[0], cmp);
  printf("%.3f %.3f %.3f\n", (per[CHUNKS / 2 - 1] + per[CHUNKS / 2]) / 2,
         (double)bytes / (double)(n - 1), (double)allocs / (double)(n - 1));
  lua_close(L);
  return 0;
}

/* A hand-written C loop timing N calls of a Lua function in a fresh
 * lua_State with its own counting allocator (nothing of luabench's core),
 * which scripts/bench-lua and spec/lua check luabench's Lua benches
 * against. CASE: empty, table ({}), concat (table.concat of 1,000
 * strings), format (string.format), closure (a closure call). Every call
 * passes one argument, a table, as luabench calls fn(ctx).
 *
 * Built twice:
 * - the program lb-lua-loop CASE N, linked with Lua as luabench is (the
 *   static archive where installed):
 *   clock_gettime(CLOCK_MONOTONIC) around each of 100 chunks of the N
 *   calls (lua_call), the median chunk taken; prints "ns_per_call
 *   BYTES_PER_CALL ALLOCS_PER_CALL", the allocations counted over calls
 *   2..N (the first may make call frames). With a third word, `paired`:
 *   the N calls and N calls of an empty function in the same state, half
 *   just before and half just after them; prints the difference per call
 *   in ns.
 * - with LB_LOOP_MODULE, the Lua module lbloop (build/helpers/lbloop.so),
 *   linking no Lua library: loaded into luabench, its lua_State runs on
 *   luabench's own Lua, so that a suite's hook can time the same calls
 *   right after each of luabench's samples, at the same moment of a
 *   machine whose speed drifts (scripts/bench-lua). lbloop.new(CASE) gives
 *   an object: :time(N) returns the ns of N calls, :paired(N) those of N
 *   calls and of the N empty ones around them; lbloop.calls(FN, N, ARG)
 *   the ns of N calls FN(ARG) in the caller's own state. */
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

/* The source of CASE, or NULL. */
static const char *case_source(const char *name) {
  size_t c;
  for (c = 0; c < sizeof cases / sizeof cases[0]; c++)
    if (strcmp(name, cases[c][0]) == 0) return cases[c][1];
  return NULL;
}

/* A new state whose stack holds the function of `src` (index 1), an empty
 * function (2) and the argument of the calls (3: a table, as luabench
 * calls fn(ctx)); or NULL, the message in err. */
static lua_State *case_state(const char *src, char *err, size_t size) {
  lua_State *L = lua_newstate(alloc, NULL);
  if (L == NULL) {
    snprintf(err, size, "out of memory");
    return NULL;
  }
  luaL_openlibs(L);
  lua_settop(L, 0);
  if (luaL_loadstring(L, src) != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK ||
      luaL_loadstring(L, "return function() end") != LUA_OK ||
      lua_pcall(L, 0, 1, 0) != LUA_OK) {
    snprintf(err, size, "%s", lua_tostring(L, -1));
    lua_close(L);
    return NULL;
  }
  lua_newtable(L);
  lua_gc(L, LUA_GCCOLLECT, 0);
  return L;
}

/* The nanoseconds of n calls of the function at index f of L with the
 * argument at index 3: clock_gettime around them. */
static uint64_t time_calls(lua_State *L, int f, int64_t n) {
  int64_t i;
  uint64_t t0 = now();
  for (i = 0; i < n; i++) {
    lua_pushvalue(L, f);
    lua_pushvalue(L, 3);
    lua_call(L, 1, 0);
  }
  return now() - t0;
}

/* n calls of the case's function, and n of the empty one, half just
 * before and half just after them (the loop's cost, as luabench measures
 * it beside each sample): their nanoseconds. */
static void time_paired(lua_State *L, int64_t n, uint64_t *fn_ns,
                        uint64_t *empty_ns) {
  *empty_ns = time_calls(L, 2, n - n / 2);
  *fn_ns = time_calls(L, 1, n);
  *empty_ns += time_calls(L, 2, n / 2);
}

#ifdef LB_LOOP_MODULE
/* lbloop.new(CASE) -> object; object:time(N) -> ns of N calls. */
typedef struct {
  lua_State *L;
} loop;

static int l_new(lua_State *L) {
  const char *src = case_source(luaL_checkstring(L, 1));
  char err[256];
  loop *lp;
  luaL_argcheck(L, src != NULL, 1, "unknown case");
  lp = lua_newuserdatauv(L, sizeof *lp, 0);
  lp->L = NULL;
  luaL_setmetatable(L, "lbloop");
  lp->L = case_state(src, err, sizeof err);
  if (lp->L == NULL) return luaL_error(L, "lbloop: %s", err);
  return 1;
}

static int l_time(lua_State *L) {
  loop *lp = luaL_checkudata(L, 1, "lbloop");
  lua_pushinteger(L, (lua_Integer)time_calls(lp->L, 1, luaL_checkinteger(L, 2)));
  return 1;
}

static int l_paired(lua_State *L) {
  loop *lp = luaL_checkudata(L, 1, "lbloop");
  uint64_t fn_ns, empty_ns;
  time_paired(lp->L, luaL_checkinteger(L, 2), &fn_ns, &empty_ns);
  lua_pushinteger(L, (lua_Integer)fn_ns);
  lua_pushinteger(L, (lua_Integer)empty_ns);
  return 2;
}

static int l_gc(lua_State *L) {
  loop *lp = luaL_checkudata(L, 1, "lbloop");
  if (lp->L != NULL) lua_close(lp->L);
  lp->L = NULL;
  return 0;
}

/* lbloop.calls(fn, n, arg) -> ns of n calls fn(arg) in the caller's own
 * state: the same function object luabench measures. */
static int l_calls(lua_State *L) {
  lua_Integer n = luaL_checkinteger(L, 2);
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_settop(L, 3); /* (FN at 1, ARG at 3: as time_calls takes them) */
  lua_pushinteger(L, (lua_Integer)time_calls(L, 1, n));
  return 1;
}

int luaopen_lbloop(lua_State *L) {
  static const luaL_Reg methods[] = {
      {"time", l_time}, {"paired", l_paired}, {"__gc", l_gc}, {NULL, NULL}};
  luaL_newmetatable(L, "lbloop");
  luaL_setfuncs(L, methods, 0);
  lua_pushvalue(L, -1);
  lua_setfield(L, -2, "__index");
  lua_newtable(L);
  lua_pushcfunction(L, l_new);
  lua_setfield(L, -2, "new");
  lua_pushcfunction(L, l_calls);
  lua_setfield(L, -2, "calls");
  return 1;
}
#else
#define CHUNKS 100
static double per[CHUNKS];

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  lua_State *L;
  long i, n;
  uint64_t t0, t1;
  const char *src;
  char err[256];
  size_t c;
  if (argc != 3 && !(argc == 4 && strcmp(argv[3], "paired") == 0)) {
    fputs("usage: lb-lua-loop CASE N [paired]\n", stderr);
    return 2;
  }
  src = case_source(argv[1]);
  n = atol(argv[2]);
  if (src == NULL || n < 2 * CHUNKS) {
    fputs("lb-lua-loop: unknown case, or N < 200\n", stderr);
    return 2;
  }
  L = case_state(src, err, sizeof err);
  if (L == NULL) {
    fprintf(stderr, "lb-lua-loop: %s\n", err);
    return 1;
  }
  if (argc == 4) {
    uint64_t fn_ns, empty_ns;
    time_paired(L, n, &fn_ns, &empty_ns);
    printf("%.3f\n", ((double)fn_ns - (double)empty_ns) / (double)n);
    lua_close(L);
    return 0;
  }
  /* The calls in CHUNKS equal chunks, each timed: the median chunk's time
   * a call, so that an interruption of the process (a shared machine)
   * moves one chunk, not the figure. */
  for (c = 0; c < CHUNKS; c++) {
    long m = n / CHUNKS + (c < (size_t)(n % CHUNKS) ? 1 : 0);
    t0 = now();
    for (i = 0; i < m; i++) {
      lua_pushvalue(L, 1);
      lua_pushvalue(L, 3);
      lua_call(L, 1, 0);
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
#endif

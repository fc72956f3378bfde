/* The bootstrap's resampling loop in C.
 *
 * lua/luabench/lib/random.lua defines the generator (xoshiro256** seeded
 * by splitmix64) and lua/luabench/lib/stats/bootstrap.lua the bootstrap;
 * this file repeats their draws exactly, draw for draw and sum for sum, so
 * that an interval is the same number whichever side computes it
 * (spec/unit/stats_spec.lua compares the two). In Lua the draws were most of
 * the runner's own CPU after a benchmark (docs/performance.md, "Bootstrap in
 * C").
 *
 * The generator's state lives in the Lua generator object (integer fields
 * 1 to 4) and is read from it and written back, so the Lua and C draws can
 * be mixed on one generator. */
#include "core.h"

#include <lauxlib.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define LOW21 UINT64_C(0x1fffff)
#define LOW32 UINT64_C(0xffffffff)
#define TWO21 UINT64_C(0x200000)
#define TWO31 UINT64_C(0x80000000)
#define TWO32 UINT64_C(0x100000000)

typedef struct {
  uint64_t s[4];
} xoshiro;

static inline uint64_t rotl(uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}

/* xoshiro256** (random.lua's step). */
static inline uint64_t next64(xoshiro *g) {
  uint64_t *s = g->s;
  uint64_t r = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return r;
}

static void get_state(lua_State *L, int idx, xoshiro *g) {
  int i;
  luaL_checktype(L, idx, LUA_TTABLE);
  for (i = 0; i < 4; i++) {
    int isint;
    lua_Integer v;
    lua_rawgeti(L, idx, i + 1);
    v = lua_tointegerx(L, -1, &isint);
    if (!isint) luaL_argerror(L, idx, "not a luabench.random generator");
    g->s[i] = (uint64_t)v;
    lua_pop(L, 1);
  }
}

static void put_state(lua_State *L, int idx, const xoshiro *g) {
  int i;
  for (i = 0; i < 4; i++) {
    lua_pushinteger(L, (lua_Integer)g->s[i]);
    lua_rawseti(L, idx, i + 1);
  }
}

/* A uniform index in 0..n-1 for n >= 2^21 (random.lua's Generator:int,
 * minus one): Lemire's multiply-and-shift on the top 32 bits. */
static uint64_t draw_large(xoshiro *g, uint64_t n) {
  uint64_t m = (next64(g) >> 32) * n;
  if ((m & LOW32) < n) {
    uint64_t threshold = (TWO32 - n) % n;
    while ((m & LOW32) < threshold) m = (next64(g) >> 32) * n;
  }
  return m >> 32;
}

/* One accepted 21-bit draw from fresh outputs (random.lua's draw21):
 * m = r21 * n with (m & LOW21) >= threshold. */
static inline uint64_t draw21(xoshiro *g, uint64_t n, uint64_t threshold) {
  uint64_t m;
  do m = (next64(g) >> 43) * n;
  while ((m & LOW21) < threshold);
  return m;
}

/* One resample of xs[0..n-1] (random.lua's resample_sum): the sum of the
 * n values drawn, in draw order; counts[i] += 1 for each draw of i when
 * counts is not NULL. Three 21-bit draws per output below 2^21 values. */
static double resample_sum(xoshiro *g, const double *xs, size_t n,
                           uint32_t *counts) {
  double sum = 0;
  size_t k;
  if (n >= TWO21) {
    for (k = 0; k < n; k++) {
      uint64_t i = draw_large(g, n);
      sum += xs[i];
      if (counts) counts[i]++;
    }
    return sum;
  }
  {
    const uint64_t threshold = (TWO21 - n) % n;
    for (k = 0; k < n / 3; k++) {
      uint64_t r = next64(g);
      uint64_t parts[3];
      int j;
      parts[0] = r >> 43;
      parts[1] = (r >> 22) & LOW21;
      parts[2] = r & LOW21;
      for (j = 0; j < 3; j++) {
        uint64_t m = parts[j] * n, i;
        if ((m & LOW21) < threshold) m = draw21(g, n, threshold);
        i = m >> 21;
        sum += xs[i];
        if (counts) counts[i]++;
      }
    }
    for (k = 0; k < n % 3; k++) {
      uint64_t i = draw21(g, n, threshold) >> 21;
      sum += xs[i];
      if (counts) counts[i]++;
    }
  }
  return sum;
}

/* The median of the resample described by counts over the sorted s
 * (bootstrap.lua's counted_median), clearing counts for the next resample. */
static double counted_median(const double *s, uint32_t *counts, size_t n) {
  size_t half = n / 2, i = 0;
  uint64_t cum = 0;
  double below;
  for (;;) {
    cum += counts[i];
    counts[i] = 0;
    if (cum >= half) break;
    i++;
  }
  below = s[i];
  while (cum <= half) {
    i++;
    cum += counts[i];
    counts[i] = 0;
  }
  memset(counts + i + 1, 0, (n - i - 1) * sizeof *counts);
  if (n % 2 == 1) return s[i];
  return (below + s[i]) / 2;
}

/* The numbers of the Lua list at idx as a C array (a userdata left on the
 * stack, so an error anywhere frees it). */
static double *to_doubles(lua_State *L, int idx, size_t *n) {
  size_t i, len;
  double *xs;
  luaL_checktype(L, idx, LUA_TTABLE);
  len = (size_t)luaL_len(L, idx);
  if (len >= TWO31) luaL_argerror(L, idx, "too many values to resample");
  xs = lua_newuserdatauv(L, (len ? len : 1) * sizeof *xs, 0);
  for (i = 0; i < len; i++) {
    int isnum;
    lua_rawgeti(L, idx, (lua_Integer)i + 1);
    xs[i] = lua_tonumberx(L, -1, &isnum);
    if (!isnum) luaL_argerror(L, idx, "values must be numbers");
    lua_pop(L, 1);
  }
  *n = len;
  return xs;
}

/* Copies the numbers of the Lua list at idx (n of them) into xs. Returns
 * 0, or -1 when one is not a number; it raises no error, so that a
 * caller's malloc'd buffer cannot leak. */
static int copy_doubles(lua_State *L, int idx, double *xs, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    int isnum;
    lua_rawgeti(L, idx, (lua_Integer)i + 1);
    xs[i] = lua_tonumberx(L, -1, &isnum);
    lua_pop(L, 1);
    if (!isnum) return -1;
  }
  return 0;
}

/* core.bootstrap(sorted, resamples, generator) -> means, medians
 * The means and medians of `resamples` resamples of the sorted list
 * (at least 2 values), in resample order; advances the generator.
 * The values and their counts live in malloc'd memory freed before
 * returning: as userdata they would be garbage that outlives the call,
 * through the statistics and warnings after it, at luabench's peak memory
 * (docs/performance.md, item 6). Nothing after the malloc raises an
 * error. */
static int l_bootstrap(lua_State *L) {
  size_t n, b;
  lua_Integer len, resamples = luaL_checkinteger(L, 2);
  xoshiro g;
  double *s;
  uint32_t *counts;
  luaL_checktype(L, 1, LUA_TTABLE);
  len = luaL_len(L, 1);
  if (len >= (lua_Integer)TWO31)
    luaL_argerror(L, 1, "too many values to resample");
  n = len > 0 ? (size_t)len : 0;
  if (n < 2) luaL_argerror(L, 1, "at least two values needed");
  luaL_argcheck(L, resamples >= 1, 2, "at least one resample needed");
  get_state(L, 3, &g);
  lua_createtable(L, (int)resamples, 0);
  lua_createtable(L, (int)resamples, 0);
  s = malloc(n * (sizeof *s + sizeof *counts));
  if (s == NULL) return luaL_error(L, "not enough memory");
  if (copy_doubles(L, 1, s, n) != 0) {
    free(s);
    return luaL_argerror(L, 1, "values must be numbers");
  }
  counts = (uint32_t *)(s + n);
  memset(counts, 0, n * sizeof *counts);
  for (b = 1; b <= (size_t)resamples; b++) {
    lua_pushnumber(L, resample_sum(&g, s, n, counts) / (double)n);
    lua_rawseti(L, -3, (lua_Integer)b);
    lua_pushnumber(L, counted_median(s, counts, n));
    lua_rawseti(L, -2, (lua_Integer)b);
  }
  free(s);
  put_state(L, 3, &g);
  return 2;
}

/* x / y as compare.lua's ratio_of: a zero denominator gives 1 for 0 / 0
 * and infinity otherwise. */
static double ratio_of(double x, double y) {
  if (y == 0) return x == 0 ? 1 : HUGE_VAL;
  return x / y;
}

/* core.bootstrap_ratio(a, b, resamples, generator) -> ratios
 * mean(a*) / mean(b*) for `resamples` rounds, each resampling a then b
 * from the one generator (compare.lua's ratio_interval). */
static int l_bootstrap_ratio(lua_State *L) {
  size_t na, nb, r;
  lua_Integer resamples = luaL_checkinteger(L, 3);
  xoshiro g;
  double *a = to_doubles(L, 1, &na);
  double *b = to_doubles(L, 2, &nb);
  luaL_argcheck(L, na >= 1, 1, "no values");
  luaL_argcheck(L, nb >= 1, 2, "no values");
  luaL_argcheck(L, resamples >= 1, 3, "at least one resample needed");
  get_state(L, 4, &g);
  lua_createtable(L, (int)resamples, 0);
  for (r = 1; r <= (size_t)resamples; r++) {
    double ma = resample_sum(&g, a, na, NULL) / (double)na;
    double mb = resample_sum(&g, b, nb, NULL) / (double)nb;
    lua_pushnumber(L, ratio_of(ma, mb));
    lua_rawseti(L, -2, (lua_Integer)r);
  }
  put_state(L, 4, &g);
  return 1;
}

const luaL_Reg lb_core_resample_funcs[] = {
    {"bootstrap", l_bootstrap},
    {"bootstrap_ratio", l_bootstrap_ratio},
    {NULL, NULL},
};

/* Reading the options table of core.run and core.runs (core_opts.h). */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "clock.h"
#include "core_opts.h"

#define DEFAULT_CAPTURE_LIMIT (64u * 1024 * 1024)
#define DEFAULT_GRACE_S       1.0
#define DEFAULT_TICK_S        0.1
#define MIN_TICK_NS           LB_NS_PER_MS /* the loop's timers count in ms */
/* The largest time in seconds: its nanoseconds fit in 64 bits. */
#define MAX_SECONDS 1e9

extern char **environ;

/* Raises "bad option 'key' to 'fname' (why)". */
static int bad_option(lua_State *L, const char *fname, const char *key,
                      const char *why) {
  return luaL_error(L, "bad option '%s' to '%s' (%s)", key, fname, why);
}

/* Raises "bad option 'key' to 'fname' (`expected` expected, got TYPE)" for
 * the value on top of the stack. */
static int bad_type(lua_State *L, const char *fname, const char *key,
                    const char *expected) {
  return luaL_error(L, "bad option '%s' to '%s' (%s expected, got %s)", key,
                    fname, expected, luaL_typename(L, -1));
}

/* Converts seconds in field `key` of the options table to nanoseconds. */
static uint64_t opt_seconds(lua_State *L, const char *fname, const char *key,
                            double dflt) {
  double s;
  int isnum;
  if (lua_getfield(L, 1, key) == LUA_TNIL) {
    s = dflt;
  } else {
    s = lua_tonumberx(L, -1, &isnum);
    if (!isnum || !(s >= 0) || s > MAX_SECONDS)
      bad_type(L, fname, key, "seconds >= 0");
  }
  lua_pop(L, 1);
  return (uint64_t)(s * (double)LB_NS_PER_S);
}

/* The integer on top of the stack, the value of option `key`. */
static lua_Integer opt_integer(lua_State *L, const char *fname,
                               const char *key) {
  int isint;
  lua_Integer i = lua_tointegerx(L, -1, &isint);
  if (!isint) bad_type(L, fname, key, "integer");
  return i;
}

const char *lb_core_opt_string(lua_State *L, const char *fname,
                               const char *key) {
  const char *s = NULL;
  int t = lua_getfield(L, 1, key);
  if (t == LUA_TSTRING)
    s = lua_tostring(L, -1); /* stays alive: the options table holds it */
  else if (t != LUA_TNIL)
    bad_type(L, fname, key, "string");
  lua_pop(L, 1);
  return s;
}

/* "null", "inherit", "pipe", "capture" or a file path; only the first
 * `allowed` names are names, the others are paths. */
static lb_io opt_io(lua_State *L, const char *fname, const char *key,
                    const char **path, int allowed) {
  static const struct {
    const char *name;
    lb_io io;
  } modes[] = {{"null", LB_IO_NULL},
               {"inherit", LB_IO_INHERIT},
               {"pipe", LB_IO_PIPE},
               {"capture", LB_IO_CAPTURE}};
  const char *s = lb_core_opt_string(L, fname, key);
  int i;
  *path = NULL;
  if (s == NULL) return LB_IO_NULL;
  for (i = 0; i < allowed; i++)
    if (strcmp(s, modes[i].name) == 0) return modes[i].io;
  if (*s == '\0') bad_option(L, fname, key, "empty path");
  *path = s;
  return LB_IO_FILE;
}

/* Scratch memory for a run's argv and environment arrays: a userdatum per
 * kind kept in the registry and reused from run to run (grown when too
 * small), so that a run allocates nothing the collector must free: Lua
 * 5.4's generational collector lets per-run garbage pile up
 * (docs/performance.md, item 6). The userdatum is left on the stack, so it
 * stays alive during the run even if a nested call replaced it in the
 * registry. */
static char argv_key, envp_key;

static void *scratch(lua_State *L, void *key, size_t size) {
  void *p;
  size_t have = 0;
  lua_rawgetp(L, LUA_REGISTRYINDEX, key);
  p = lua_touserdata(L, -1);
  if (p != NULL) have = lua_rawlen(L, -1);
  if (p == NULL || have < size) {
    lua_pop(L, 1);
    p = lua_newuserdatauv(L, size > 2 * have ? size : 2 * have, 0);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, key);
  }
  return p;
}

/* argv from the options table, as a NULL-terminated array of pointers into
 * its strings (which the options table keeps alive). Leaves one value on
 * the stack (the scratch memory). */
static char **build_argv(lua_State *L, const char *fname) {
  char **argv;
  lua_Integer i, n;
  if (lua_getfield(L, 1, "argv") != LUA_TTABLE)
    bad_type(L, fname, "argv", "table");
  n = luaL_len(L, -1);
  if (n < 1) bad_option(L, fname, "argv", "empty list");
  argv = scratch(L, &argv_key, (size_t)(n + 1) * sizeof *argv);
  for (i = 1; i <= n; i++) {
    if (lua_geti(L, -2, i) != LUA_TSTRING)
      luaL_error(L,
                 "bad option 'argv' to '%s' (element %d is %s, not a string)",
                 fname, (int)i, luaL_typename(L, -1));
    argv[i - 1] = (char *)lua_tostring(L, -1);
    lua_pop(L, 1);
  }
  argv[n] = NULL;
  lua_remove(L, -2); /* the table (the options table keeps it) */
  return argv;
}

/* Room for an integer as LUA_INTEGER_FMT writes it, sign and NUL included. */
#define ENV_INT_CHARS 24

/* The text of the env value at stack index i: an integer is written into
 * buf, as tostring writes it, without making a Lua string. The runner sets
 * LUABENCH_ITERATION to the run's number, a fresh value every run, which
 * as a Lua string would be garbage every run (see scratch). Other values
 * are strings (a float is converted on the stack). */
static const char *env_value(lua_State *L, int i, char *buf, size_t *len) {
  if (lua_isinteger(L, i)) {
    int n = snprintf(buf, ENV_INT_CHARS, LUA_INTEGER_FMT,
                     (LUAI_UACINT)lua_tointeger(L, i));
    *len = n > 0 ? (size_t)n : 0;
    return buf;
  }
  return lua_tolstring(L, i, len);
}

/* A name of the env table: its bytes (the table keeps them alive). */
typedef struct {
  const char *s;
  size_t len;
} env_name;

/* Checks the env table at stack index `tab` and measures it: its entries
 * (*count) and the bytes of their "NAME=value" strings (*chars). */
static void measure_env(lua_State *L, const char *fname, int tab, size_t *count,
                        size_t *chars) {
  char num[ENV_INT_CHARS];
  *count = *chars = 0;
  lua_pushnil(L);
  while (lua_next(L, tab)) {
    size_t nl, vl = 0;
    if (lua_type(L, -2) != LUA_TSTRING ||
        (lua_type(L, -1) != LUA_TSTRING && lua_type(L, -1) != LUA_TNUMBER &&
         !(lua_isboolean(L, -1) && !lua_toboolean(L, -1))))
      bad_option(L, fname, "env", "name = string or false expected");
    lua_tolstring(L, -2, &nl);
    if (lua_toboolean(L, -1)) env_value(L, -1, num, &vl); /* the stack copy */
    *chars += nl + vl + 2;
    (*count)++;
    lua_pop(L, 1);
  }
}

/* The entries of the env table at `tab`: their names into names[], and for
 * those set, "NAME=value" into text, pointed to from set[]. Returns how
 * many are set. */
static size_t fill_env(lua_State *L, int tab, env_name *names, char *text,
                       char **set) {
  char num[ENV_INT_CHARS];
  size_t k = 0, e = 0;
  lua_pushnil(L);
  while (lua_next(L, tab)) {
    names[k].s = lua_tolstring(L, -2, &names[k].len);
    if (lua_toboolean(L, -1)) {
      size_t vl;
      const char *v = env_value(L, -1, num, &vl);
      memcpy(text, names[k].s, names[k].len);
      text[names[k].len] = '=';
      memcpy(text + names[k].len + 1, v, vl);
      text[names[k].len + 1 + vl] = '\0';
      set[e++] = text;
      text += names[k].len + vl + 2;
    }
    k++;
    lua_pop(L, 1);
  }
  return e;
}

/* Fills envp with the inherited entries that none of the k names mentions,
 * then the e entries set, which wait at envp + n (n: the inherited count,
 * so that the first part never overtakes them), and a NULL. */
static void merge_env(char **envp, size_t n, const env_name *names, size_t k,
                      size_t e) {
  size_t i, j, kept = 0;
  for (i = 0; environ[i]; i++) {
    const char *eq = strchr(environ[i], '=');
    size_t len;
    int found = 0;
    if (eq == NULL) continue;
    len = (size_t)(eq - environ[i]);
    for (j = 0; j < k && !found; j++)
      found = names[j].len == len && memcmp(names[j].s, environ[i], len) == 0;
    if (!found) envp[kept++] = environ[i];
  }
  memmove(envp + kept, envp + n, e * sizeof *envp);
  envp[kept + e] = NULL;
}

/* The environment: ours, with the `env` table's entries set (a string or
 * number) or removed (false). NULL when there is nothing to change. The
 * array, the names and the "NAME=value" strings live in one scratch block;
 * leaves one value on the stack. */
static char **build_envp(lua_State *L, const char *fname) {
  size_t n = 0, k, chars, e;
  int tab;
  char **envp;
  env_name *names;
  if (lua_getfield(L, 1, "env") == LUA_TNIL) return NULL;
  if (!lua_istable(L, -1)) bad_type(L, fname, "env", "table");
  tab = lua_gettop(L);
  while (environ[n])
    n++;
  measure_env(L, fname, tab, &k, &chars);
  envp = scratch(L, &envp_key,
                 (n + k + 1) * sizeof *envp + k * sizeof *names + chars);
  names = (env_name *)(envp + n + k + 1);
  e = fill_env(L, tab, names, (char *)(names + k), envp + n);
  merge_env(envp, n, names, k, e);
  lua_remove(L, tab); /* the env table (the options table keeps it) */
  return envp;
}

static int call_tick(void *arg, uint64_t elapsed_ns) {
  lb_core_tick *t = arg;
  lua_State *L = t->L;
  if (t->failed) return 1;
  lua_pushvalue(L, t->fn);
  lua_pushnumber(L, (double)elapsed_ns / (double)LB_NS_PER_S);
  if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
    t->failed = 1; /* the error stays on the stack, raised after the run */
    return 1;
  }
  return 0;
}

/* The tick function, pushed, and its interval. */
static void read_tick(lua_State *L, const char *fname, lb_run_opts *o,
                      lb_core_tick *t) {
  lua_getfield(L, 1, "tick");
  t->L = L;
  t->fn = lua_gettop(L);
  t->failed = 0;
  if (lua_isnil(L, t->fn)) return;
  if (!lua_isfunction(L, t->fn)) bad_type(L, fname, "tick", "function");
  o->tick = call_tick;
  o->tick_arg = t;
  o->tick_ns = opt_seconds(L, fname, "tick_interval", DEFAULT_TICK_S);
  if (o->tick_ns < MIN_TICK_NS) o->tick_ns = MIN_TICK_NS;
}

void lb_core_read_opts(lua_State *L, const char *fname, lb_run_opts *o,
                       lb_core_tick *t) {
  memset(o, 0, sizeof *o);
  o->argv = build_argv(L, fname);
  o->envp = build_envp(L, fname);
  o->cwd = lb_core_opt_string(L, fname, "cwd");
  o->in = opt_io(L, fname, "input", &o->in_path, 1);
  o->out = opt_io(L, fname, "output", &o->out_path, 4);
  o->err = opt_io(L, fname, "stderr", &o->err_path, 2);
  lua_getfield(L, 1, "append");
  o->append = lua_toboolean(L, -1);
  lua_pop(L, 1);
  o->timeout_ns = opt_seconds(L, fname, "timeout", 0);
  o->grace_ns = opt_seconds(L, fname, "grace", DEFAULT_GRACE_S);
  if (lua_getfield(L, 1, "capture_limit") == LUA_TNIL)
    o->capture_limit = DEFAULT_CAPTURE_LIMIT;
  else
    o->capture_limit = (size_t)opt_integer(L, fname, "capture_limit");
  lua_pop(L, 1);
  read_tick(L, fname, o, t);
}

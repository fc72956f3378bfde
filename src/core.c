/* The Lua binding of the measurement core: `require "luabench.core"`.
 * C owns clocks, processes and accounting; everything else is Lua's. Raw
 * samples cross this seam as plain integers (nanoseconds, bytes). */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "batch.h"
#include "clock.h"
#include "core.h"
#include "fds.h"
#include "resample.h"
#include "run.h"
#include "signals.h"
#include "spawner_client.h"
#include "writefile.h"

#define DEFAULT_CAPTURE_LIMIT (64u * 1024 * 1024)
#define DEFAULT_GRACE_S       1.0
#define DEFAULT_TICK_S        0.1

extern char **environ;

typedef struct tick_ctx {
  lua_State *L;
  int fn;     /* stack index of the tick function */
  int failed; /* the function raised; its error is on the stack */
} tick_ctx;

static uv_loop_t *loop(void) {
  return uv_default_loop();
}

static int l_now(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)lb_clock_ns());
  return 1;
}

/* Converts seconds in field `key` of the options table to nanoseconds. */
static uint64_t opt_seconds(lua_State *L, const char *key, double dflt) {
  double s;
  int isnum;
  if (lua_getfield(L, 1, key) == LUA_TNIL) {
    s = dflt;
  } else {
    s = lua_tonumberx(L, -1, &isnum);
    if (!isnum || !(s >= 0) || s > 1e9)
      luaL_error(L, "bad option '%s' to 'run' (seconds >= 0 expected, got %s)",
                 key, luaL_typename(L, -1));
  }
  lua_pop(L, 1);
  return (uint64_t)(s * 1e9);
}

static const char *opt_string(lua_State *L, const char *key) {
  const char *s = NULL;
  int t = lua_getfield(L, 1, key);
  if (t == LUA_TSTRING)
    s = lua_tostring(L, -1); /* stays alive: the options table holds it */
  else if (t != LUA_TNIL)
    luaL_error(L, "bad option '%s' to 'run' (string expected, got %s)", key,
               luaL_typename(L, -1));
  lua_pop(L, 1);
  return s;
}

/* "null", "inherit", "pipe", "capture" or a file path. */
static lb_io opt_io(lua_State *L, const char *key, const char **path,
                    int allowed) {
  static const struct {
    const char *name;
    lb_io io;
  } modes[] = {{"null", LB_IO_NULL},
               {"inherit", LB_IO_INHERIT},
               {"pipe", LB_IO_PIPE},
               {"capture", LB_IO_CAPTURE}};
  const char *s = opt_string(L, key);
  int i;
  *path = NULL;
  if (s == NULL) return LB_IO_NULL;
  for (i = 0; i < allowed; i++)
    if (strcmp(s, modes[i].name) == 0) return modes[i].io;
  if (*s == '\0') luaL_error(L, "bad option '%s' to 'run' (empty path)", key);
  *path = s;
  return LB_IO_FILE;
}

/* Scratch memory for a run's argv and environment arrays: a userdatum per
 * kind kept in the registry and reused from run to run (grown when too
 * small), so that a run allocates nothing the collector must free. Fresh
 * userdata per run were ~600 bytes of garbage a run, which Lua 5.4's
 * generational collector let pile up (docs/performance.md, item 6). The
 * userdatum is left on the stack, so it stays alive during the run even
 * if a nested call replaced it in the registry. */
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
static char **build_argv(lua_State *L) {
  char **argv;
  lua_Integer i, n;
  if (lua_getfield(L, 1, "argv") != LUA_TTABLE)
    luaL_error(L, "bad option 'argv' to 'run' (table expected, got %s)",
               luaL_typename(L, -1));
  n = luaL_len(L, -1);
  if (n < 1) luaL_error(L, "bad option 'argv' to 'run' (empty list)");
  argv = scratch(L, &argv_key, (size_t)(n + 1) * sizeof *argv);
  for (i = 1; i <= n; i++) {
    if (lua_geti(L, -2, i) != LUA_TSTRING)
      luaL_error(L, "bad option 'argv' to 'run' (element %d is %s, not a "
                    "string)", (int)i, luaL_typename(L, -1));
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
 * LUABENCH_ITERATION to the run's number, a fresh value every run: as a
 * string (tostring, or lua_tolstring of the number) it was ~32 bytes of
 * garbage a run, which Lua 5.4's generational collector let pile up (no
 * collection at all in 20,000 runs of `true`; docs/performance.md, item
 * 6). Other values are strings (a float is converted on the stack). */
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

/* The environment: ours, with the `env` table's entries set (a string or
 * number) or removed (false). NULL when there is nothing to change. The
 * array, the names and the "NAME=value" strings live in one scratch block;
 * leaves one value on the stack. */
static char **build_envp(lua_State *L) {
  size_t n = 0, k = 0, chars = 0, i, j, e = 0;
  int tab;
  char **envp, *text, num[ENV_INT_CHARS];
  env_name *names;
  if (lua_getfield(L, 1, "env") == LUA_TNIL) return NULL;
  luaL_argexpected(L, lua_istable(L, -1), 1, "table as option 'env'");
  tab = lua_gettop(L);
  while (environ[n]) n++;
  lua_pushnil(L);
  while (lua_next(L, tab)) {
    size_t nl, vl = 0;
    if (lua_type(L, -2) != LUA_TSTRING ||
        (lua_type(L, -1) != LUA_TSTRING && lua_type(L, -1) != LUA_TNUMBER &&
         !(lua_isboolean(L, -1) && !lua_toboolean(L, -1))))
      luaL_error(L, "bad option 'env' to 'run' (name = string or false "
                    "expected)");
    lua_tolstring(L, -2, &nl);
    if (lua_toboolean(L, -1)) env_value(L, -1, num, &vl); /* the stack copy */
    chars += nl + vl + 2;
    k++;
    lua_pop(L, 1);
  }
  envp = scratch(L, &envp_key, (n + k + 1) * sizeof *envp +
                                   k * sizeof *names + chars);
  names = (env_name *)(envp + n + k + 1);
  text = (char *)(names + k);
  /* The table's entries: their names, and "NAME=value" for those set. */
  k = 0;
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
      envp[n + e++] = text; /* moved after the inherited ones below */
      text += names[k].len + vl + 2;
    }
    k++;
    lua_pop(L, 1);
  }
  /* Inherited entries that the table does not mention, first. */
  {
    size_t kept = 0;
    char **set = envp + n; /* the e entries above */
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
    memmove(envp + kept, set, e * sizeof *envp);
    envp[kept + e] = NULL;
  }
  lua_remove(L, tab); /* the env table (the options table keeps it) */
  return envp;
}

static int call_tick(void *arg, uint64_t elapsed_ns) {
  tick_ctx *t = arg;
  lua_State *L = t->L;
  if (t->failed) return 1;
  lua_pushvalue(L, t->fn);
  lua_pushnumber(L, (double)elapsed_ns / 1e9);
  if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
    t->failed = 1; /* the error stays on the stack, raised after the run */
    return 1;
  }
  return 0;
}

static int push_failure(lua_State *L, const lb_run_opts *o,
                        const lb_run_result *r, int err) {
  const char *why = strerror(-err);
  lua_pushnil(L);
  switch (r->failed) {
  case LB_STEP_INPUT:
    lua_pushfstring(L, "cannot open input file '%s': %s", o->in_path, why);
    break;
  case LB_STEP_OUTPUT:
    lua_pushfstring(L, "cannot open output file '%s': %s",
                    o->out == LB_IO_FILE ? o->out_path : o->err_path, why);
    break;
  case LB_STEP_CWD:
    lua_pushfstring(L, "cannot change directory to '%s': %s", o->cwd, why);
    break;
  case LB_STEP_SPAWN:
    lua_pushfstring(L, "cannot run '%s': %s", o->argv[0], why);
    break;
  default:
    lua_pushfstring(L, "cannot watch '%s': %s", o->argv[0], why);
  }
  lua_pushinteger(L, -err);
  return 3;
}

static void set_int(lua_State *L, const char *k, uint64_t v) {
  lua_pushinteger(L, (lua_Integer)v);
  lua_setfield(L, -2, k);
}

static void set_bool(lua_State *L, const char *k, int v) {
  lua_pushboolean(L, v);
  lua_setfield(L, -2, k);
}

static void set_nil(lua_State *L, const char *k) {
  lua_pushnil(L);
  lua_setfield(L, -2, k);
}

/* What run and runs return when a signal came before they began. */
static int push_interrupted(lua_State *L) {
  lua_pushnil(L);
  lua_pushliteral(L, "interrupted");
  lua_pushinteger(L, EINTR);
  return 3;
}

/* The options table at index 1 as lb_run_opts (the strings stay alive in
 * it; argv and the environment leave their scratch memory on the stack).
 * The tick function, if any, is pushed and *t is set up for it. */
static void read_opts(lua_State *L, lb_run_opts *o, tick_ctx *t) {
  memset(o, 0, sizeof *o);
  o->argv = build_argv(L);
  o->envp = build_envp(L);
  o->cwd = opt_string(L, "cwd");
  o->in = opt_io(L, "input", &o->in_path, 1);
  o->out = opt_io(L, "output", &o->out_path, 4);
  o->err = opt_io(L, "stderr", &o->err_path, 2);
  lua_getfield(L, 1, "append");
  o->append = lua_toboolean(L, -1);
  lua_pop(L, 1);
  o->timeout_ns = opt_seconds(L, "timeout", 0);
  o->grace_ns = opt_seconds(L, "grace", DEFAULT_GRACE_S);
  if (lua_getfield(L, 1, "capture_limit") == LUA_TNIL)
    o->capture_limit = DEFAULT_CAPTURE_LIMIT;
  else
    o->capture_limit = (size_t)luaL_checkinteger(L, -1);
  lua_pop(L, 1);
  lua_getfield(L, 1, "tick");
  t->L = L;
  t->fn = lua_gettop(L);
  t->failed = 0;
  if (!lua_isnil(L, t->fn)) {
    luaL_checktype(L, t->fn, LUA_TFUNCTION);
    o->tick = call_tick;
    o->tick_arg = t;
    o->tick_ns = opt_seconds(L, "tick_interval", DEFAULT_TICK_S);
    if (o->tick_ns < 1000000) o->tick_ns = 1000000;
  }
}

/* Pushes the record of a run: the table at index `reuse` refilled (with
 * the fields that this run does not set cleared), or a new one. */
static void push_record(lua_State *L, int reuse, uint64_t wall, uint64_t user,
                        uint64_t sys, uint64_t rss, int status) {
  if (reuse) {
    lua_pushvalue(L, reuse);
    set_nil(L, "exit_code");
    set_nil(L, "signal");
    set_nil(L, "output_bytes");
    set_nil(L, "output");
    set_nil(L, "output_truncated");
    set_nil(L, "output_hash");
  } else {
    lua_createtable(L, 0, 12);
  }
  set_int(L, "wall_ns", wall);
  set_int(L, "user_ns", user);
  set_int(L, "system_ns", sys);
  set_int(L, "max_rss", rss);
  if (WIFEXITED(status)) {
    set_int(L, "exit_code", (uint64_t)WEXITSTATUS(status));
  } else if (WIFSIGNALED(status)) {
    set_int(L, "signal", (uint64_t)WTERMSIG(status));
  }
}

/* run({argv = {...}, env =, cwd =, input =, output =, stderr =, append =,
 *      timeout =, grace =, capture_limit =, tick =, tick_interval =}
 *     [, record]) -> record | nil, message, errno
 * With a record table as second argument its fields are overwritten (and
 * those this run has not cleared) and it is returned: a runner that keeps
 * the figures elsewhere makes no garbage per run. */
static int l_run(lua_State *L) {
  lb_run_opts o;
  lb_run_result r;
  tick_ctx t;
  int err, top, reuse;

  luaL_checktype(L, 1, LUA_TTABLE);
  reuse = !lua_isnoneornil(L, 2);
  if (reuse) luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  read_opts(L, &o, &t);
  top = lua_gettop(L);

  if (lb_signals_caught()) return push_interrupted(L);
  err = lb_run(loop(), &o, &r);
  if (t.failed) {
    free(r.out);
    return lua_error(L); /* the tick function's error, now that all is clean */
  }
  lua_settop(L, top);
  if (err != 0) return push_failure(L, &o, &r, err);

  push_record(L, reuse ? 2 : 0, r.wall_ns, r.user_ns, r.sys_ns, r.maxrss,
              r.status);
  set_bool(L, "timed_out", r.timed_out);
  set_bool(L, "interrupted", r.interrupted);
  if (o.out == LB_IO_PIPE || o.out == LB_IO_CAPTURE)
    set_int(L, "output_bytes", r.out_bytes);
  if (o.out == LB_IO_CAPTURE) {
    lua_pushlstring(L, r.out ? r.out : "", r.out_len);
    lua_setfield(L, -2, "output");
    set_bool(L, "output_truncated", r.out_bytes > r.out_len);
    set_int(L, "output_hash", r.out_hash);
    free(r.out);
  }
  return 1;
}

typedef struct batch_ctx {
  lua_State *L;
  int fn;     /* stack index of the function called with each run */
  int record; /* stack index of the record it gets */
  int failed; /* the function raised; its error is on the stack */
} batch_ctx;

static int call_batch(void *arg, const lb_batch_run *run, uint64_t index) {
  batch_ctx *c = arg;
  lua_State *L = c->L;
  if (c->failed) return 1;
  lua_pushvalue(L, c->fn);
  push_record(L, c->record, run->wall_ns, run->user_ns, run->sys_ns,
              run->maxrss, run->status);
  lua_pushinteger(L, (lua_Integer)index);
  if (lua_pcall(L, 2, 0, 0) != LUA_OK) {
    c->failed = 1; /* the error stays on the stack, raised after the batch */
    return 1;
  }
  return 0;
}

/* runs(options, n, first, fn, record) -> count [, "interrupted"|"aborted"]
 *   | nil, message, errno
 * Runs the command of `options` (as run's, with input "null", output and
 * stderr "null" or "inherit", no timeout) n times in a batch measured by
 * the spawner (batch.h), calling fn(record, i) after each run with the
 * refilled record (fields as run's, with timed_out and interrupted false)
 * and the run's number i, counted from `first`; options.iteration_var names
 * a variable set to i in the run's environment. The batch stops after a
 * run that failed (for the caller to judge and go on) unless
 * options.keep_going, after an interrupt, when fn or the tick function
 * (called with the seconds since the batch began) raises (the error is
 * raised again once the batch has stopped) and when the spawner goes away.
 * Returns the number of runs passed to fn, and why it stopped early:
 * "interrupted", "aborted" (the tick function asked), or "spawner lost"
 * (the spawner died: the run it was in was dropped and its process group
 * killed; the next run starts a new spawner). nil, message, ENOTSUP: no
 * batch is possible here (no spawner, LUABENCH_SPAWNER=0), nothing ran. */
static int l_runs(lua_State *L) {
  lb_run_opts o;
  lb_batch_opts b;
  lb_batch_result r;
  tick_ctx t;
  batch_ctx c;
  lua_Integer n, first;
  int err, top;

  luaL_checktype(L, 1, LUA_TTABLE);
  n = luaL_checkinteger(L, 2);
  first = luaL_checkinteger(L, 3);
  luaL_checktype(L, 4, LUA_TFUNCTION);
  luaL_checktype(L, 5, LUA_TTABLE);
  luaL_argcheck(L, n >= 1 && n <= UINT32_MAX, 2, "run count out of range");
  luaL_argcheck(L, first >= 0, 3, "run number out of range");
  lua_settop(L, 5);
  memset(&b, 0, sizeof b);
  b.runs = (uint32_t)n;
  b.first = (uint64_t)first;
  b.iteration_var = opt_string(L, "iteration_var");
  lua_getfield(L, 1, "keep_going");
  b.keep_going = lua_toboolean(L, -1);
  lua_pop(L, 1);
  read_opts(L, &o, &t);
  if (o.in != LB_IO_NULL || (o.out != LB_IO_NULL && o.out != LB_IO_INHERIT) ||
      (o.err != LB_IO_NULL && o.err != LB_IO_INHERIT))
    return luaL_error(L, "bad options to 'runs' (input, output and stderr "
                         "must be \"null\" or \"inherit\")");
  if (o.timeout_ns)
    return luaL_error(L, "bad option 'timeout' to 'runs' "
                         "(batches have no time limit)");
  /* The figures arrive at least as often as the progress display ticks. */
  b.flush_ns = o.tick ? o.tick_ns : 250000000u;
  c.L = L;
  c.fn = 4;
  c.record = 5;
  c.failed = 0;
  top = lua_gettop(L);

  if (lb_signals_caught()) return push_interrupted(L);
  err = lb_run_batch(loop(), &o, &b, call_batch, &c, &r);
  if (t.failed || c.failed) return lua_error(L); /* now that all is clean */
  lua_settop(L, top);
  if (err == LB_SPAWNER_DECLINED) {
    lua_pushnil(L);
    lua_pushliteral(L, "batches need the spawner");
    lua_pushinteger(L, ENOTSUP);
    return 3;
  }
  if (err != 0 || r.err != 0) {
    lb_run_result failed;
    memset(&failed, 0, sizeof failed);
    failed.failed = r.err_cwd ? LB_STEP_CWD : LB_STEP_SPAWN;
    return push_failure(L, &o, &failed, err ? err : r.err);
  }
  lua_pushinteger(L, r.runs);
  if (r.interrupted)
    lua_pushliteral(L, "interrupted");
  else if (r.aborted)
    lua_pushliteral(L, "aborted");
  else if (r.spawner_lost)
    lua_pushliteral(L, "spawner lost");
  else
    return 1;
  return 2;
}

static int l_trap_signals(lua_State *L) {
  int err = lb_signals_install(loop());
  if (err != 0) return luaL_error(L, "cannot trap signals: %s", uv_strerror(err));
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

/* core.array(n) -> an empty table with room for n items in its array part
 * (lua_createtable): a list filled to a size known in advance then never
 * grows by doubling, which for 20,000 runs saves a third of each sample
 * list and the copy made at every growth. */
static int l_array(lua_State *L) {
  lua_Integer n = luaL_checkinteger(L, 1);
  luaL_argcheck(L, n >= 0 && n <= INT_MAX, 1, "size out of range");
  lua_createtable(L, (int)n, 0);
  return 1;
}

static const char *const target_kinds[] = {"file", "stream"};

static int push_errno(lua_State *L, int err) {
  luaL_pushfail(L);
  lua_pushstring(L, strerror(-err));
  lua_pushinteger(L, -err);
  return 3;
}

/* target_kind(path) -> "file" | "stream" | fail, message, errno
 * What an export to `path` would do (writefile.h): "file", replaced
 * atomically; "stream" (a device, FIFO, socket or descriptor), written
 * directly. */
static int l_target_kind(lua_State *L) {
  lb_target_kind kind;
  int err = lb_target_resolve(luaL_checkstring(L, 1), &kind, NULL);
  if (err != 0) return push_errno(L, err);
  lua_pushstring(L, target_kinds[kind]);
  return 1;
}

/* write_file(path, text) -> "file" | "stream" | fail, message, errno
 * Writes `text` to `path` as writefile.h says, and tells which way. */
static int l_write_file(lua_State *L) {
  size_t len;
  const char *path = luaL_checkstring(L, 1);
  const char *text = luaL_checklstring(L, 2, &len);
  lb_target_kind kind;
  int err = lb_write_file(path, text, len, &kind);
  if (err != 0) return push_errno(L, err);
  lua_pushstring(L, target_kinds[kind]);
  return 1;
}

static const luaL_Reg core_funcs[] = {
    {"array", l_array},
    {"cpu_count", l_cpu_count},
    {"executable", l_executable},
    {"interrupted", l_interrupted},
    {"isatty", l_isatty},
    {"now", l_now},
    {"run", l_run},
    {"runs", l_runs},
    {"spawn_mode", l_spawn_mode},
    {"target_kind", l_target_kind},
    {"term_width", l_term_width},
    {"trap_signals", l_trap_signals},
    {"uname", l_uname},
    {"wait_mode", l_wait_mode},
    {"write_file", l_write_file},
    {NULL, NULL},
};

int luaopen_luabench_core(lua_State *L) {
  lb_stdio_reopen(); /* (a plain lua5.4 may have started without them) */
  luaL_newlib(L, core_funcs);
  lb_register_resample(L);
  return 1;
}

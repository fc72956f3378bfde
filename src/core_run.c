/* core.run and core.runs: measured runs for Lua, their records and their
 * failures (core.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <lauxlib.h>
#include <lua.h>

#include "batch.h"
#include "clock.h"
#include "core.h"
#include "core_opts.h"
#include "run.h"
#include "signals.h"

/* How often a batch without a tick function sends its figures. */
#define DEFAULT_FLUSH_NS (LB_NS_PER_S / 4)
/* The fields a record can have (push_run_record). */
#define RECORD_FIELDS 12

/* Pushes nil, the message of a run that failed at `step` with `err` (a
 * negative errno value), and the errno value. */
static int push_failure(lua_State *L, const lb_run_opts *o, lb_step step,
                        int err) {
  const char *why = strerror(-err);
  lua_pushnil(L);
  switch (step) {
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
    lua_createtable(L, 0, RECORD_FIELDS);
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

/* The record of a single run, with its output fields. */
static void push_run_record(lua_State *L, int reuse, const lb_run_opts *o,
                            const lb_run_result *r) {
  push_record(L, reuse, r->wall_ns, r->user_ns, r->sys_ns, r->maxrss,
              r->status);
  set_bool(L, "timed_out", r->timed_out);
  set_bool(L, "interrupted", r->interrupted);
  if (o->out == LB_IO_PIPE || o->out == LB_IO_CAPTURE)
    set_int(L, "output_bytes", r->out_bytes);
  if (o->out == LB_IO_CAPTURE) {
    lua_pushlstring(L, r->out ? r->out : "", r->out_len);
    lua_setfield(L, -2, "output");
    set_bool(L, "output_truncated", r->out_bytes > r->out_len);
    set_int(L, "output_hash", r->out_hash);
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
  lb_core_tick t;
  int err, top, reuse;

  luaL_checktype(L, 1, LUA_TTABLE);
  reuse = !lua_isnoneornil(L, 2);
  if (reuse) luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  lb_core_read_opts(L, "run", &o, &t);
  top = lua_gettop(L);

  if (lb_signals_caught()) return push_interrupted(L);
  err = lb_run(uv_default_loop(), &o, &r);
  if (t.failed) {
    free(r.out);
    return lua_error(L); /* the tick function's error, now that all is clean */
  }
  lua_settop(L, top);
  if (err != 0) return push_failure(L, &o, r.failed, err);
  push_run_record(L, reuse ? 2 : 0, &o, &r);
  free(r.out);
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

/* The arguments of runs: the batch into *b, the options into *o (as run
 * reads them, tick included, with the limits of a batch). */
static void read_batch(lua_State *L, lb_batch_opts *b, lb_run_opts *o,
                       lb_core_tick *t) {
  lua_Integer n, first;
  luaL_checktype(L, 1, LUA_TTABLE);
  n = luaL_checkinteger(L, 2);
  first = luaL_checkinteger(L, 3);
  luaL_checktype(L, 4, LUA_TFUNCTION);
  luaL_checktype(L, 5, LUA_TTABLE);
  luaL_argcheck(L, n >= 1 && n <= UINT32_MAX, 2, "run count out of range");
  luaL_argcheck(L, first >= 0, 3, "run number out of range");
  lua_settop(L, 5);
  memset(b, 0, sizeof *b);
  b->runs = (uint32_t)n;
  b->first = (uint64_t)first;
  b->iteration_var = lb_core_opt_string(L, "runs", "iteration_var");
  lua_getfield(L, 1, "keep_going");
  b->keep_going = lua_toboolean(L, -1);
  lua_pop(L, 1);
  lb_core_read_opts(L, "runs", o, t);
  if (o->in != LB_IO_NULL ||
      (o->out != LB_IO_NULL && o->out != LB_IO_INHERIT) ||
      (o->err != LB_IO_NULL && o->err != LB_IO_INHERIT))
    luaL_error(L, "bad options to 'runs' (input, output and stderr must be "
                  "\"null\" or \"inherit\")");
  if (o->timeout_ns)
    luaL_error(L, "bad option 'timeout' to 'runs' (batches have no time "
                  "limit)");
  /* The figures arrive at least as often as the progress display ticks. */
  b->flush_ns = o->tick ? o->tick_ns : DEFAULT_FLUSH_NS;
}

/* What runs returns once the batch is over (lb_run_batch returned err). */
static int push_batch_result(lua_State *L, const lb_run_opts *o, int err,
                             const lb_batch_result *r) {
  if (err == LB_SPAWNER_DECLINED) {
    lua_pushnil(L);
    lua_pushliteral(L, "batches need the spawner");
    lua_pushinteger(L, -LB_SPAWNER_DECLINED);
    return 3;
  }
  if (err != 0) return push_failure(L, o, LB_STEP_SPAWN, err);
  if (r->err != 0)
    return push_failure(L, o, r->err_cwd ? LB_STEP_CWD : LB_STEP_SPAWN, r->err);
  lua_pushinteger(L, r->runs);
  if (r->interrupted)
    lua_pushliteral(L, "interrupted");
  else if (r->aborted)
    lua_pushliteral(L, "aborted");
  else if (r->spawner_lost)
    lua_pushliteral(L, "spawner lost");
  else
    return 1;
  return 2;
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
  lb_core_tick t;
  batch_ctx c;
  int err, top;

  read_batch(L, &b, &o, &t);
  c.L = L;
  c.fn = 4;
  c.record = 5;
  c.failed = 0;
  top = lua_gettop(L);

  if (lb_signals_caught()) return push_interrupted(L);
  err = lb_run_batch(uv_default_loop(), &o, &b, call_batch, &c, &r);
  if (t.failed || c.failed) return lua_error(L); /* now that all is clean */
  lua_settop(L, top);
  return push_batch_result(L, &o, err, &r);
}

const luaL_Reg lb_core_run_funcs[] = {
    {"run", l_run},
    {"runs", l_runs},
    {NULL, NULL},
};

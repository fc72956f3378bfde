/* Many runs of one command, measured by the spawner (batch.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "batch.h"
#include "clock.h"
#include "fds.h"
#include "loop.h"
#include "signals.h"

typedef struct batch_state {
  lb_handles handles; /* first: every handle's data points here */
  uv_poll_t watch;   /* the spawner's socket: the figures arrive */
  uv_timer_t grace;  /* after a stop request, until SIGKILL */
  uv_timer_t ticker; /* progress ticks */
  const lb_run_opts *opts;
  lb_batch_result *res;
  lb_batch_cb cb;
  void *arg;
  uint64_t next;    /* the index of the next run to come */
  uint64_t t0;      /* when the batch began */
  int done;         /* the last message came, or the spawner is gone */
  int lost;         /* the spawner is gone */
  int stopping;     /* 0, 1 after LB_BATCH_STOP, 2 after LB_BATCH_KILL */
  lb_batch_msg msg;
} batch_state;

static void on_grace(uv_timer_t *timer) {
  batch_state *st = timer->data;
  st->stopping = 2;
  lb_spawner_batch_stop(1);
}

static void stop(batch_state *st) {
  if (st->stopping || st->done) return;
  st->stopping = 1;
  /* Without a loop to time the grace period (the socket could not be
   * watched), the run is killed at once. */
  if (st->grace.data == NULL) {
    st->stopping = 2;
    lb_spawner_batch_stop(1);
    return;
  }
  lb_spawner_batch_stop(0);
  uv_timer_start(&st->grace, on_grace, st->opts->grace_ns / LB_NS_PER_MS, 0);
}

static void on_interrupt(void *arg) {
  batch_state *st = arg;
  st->res->interrupted = 1;
  stop(st);
}

static void on_tick(uv_timer_t *timer) {
  batch_state *st = timer->data;
  /* (not once stopping: a function that failed must be the error raised) */
  if (st->stopping) return;
  if (st->opts->tick(st->opts->tick_arg, lb_clock_ns() - st->t0) != 0) {
    st->res->aborted = 1;
    uv_timer_stop(&st->ticker);
    stop(st);
  }
}

/* Passes on the runs of one message. A run that a stop request reached is
 * no measurement; runs made before an interrupt are kept, but none after
 * the callback or the tick function asked to stop (their error is raised). */
static void deliver(batch_state *st) {
  lb_batch_msg *m = &st->msg;
  uint32_t i;
  for (i = 0; i < m->count; i++) {
    const lb_batch_run *r = &m->runs[i];
    uint64_t index = st->next++;
    if (r->stopped || st->res->stopped || st->res->aborted) continue;
    if (r->err) {
      st->res->err = r->err;
      st->res->err_cwd = r->err_cwd;
      continue;
    }
    if (st->cb(st->arg, r, index) != 0) {
      st->res->stopped = 1;
      stop(st);
      continue;
    }
    st->res->runs++;
  }
  if (m->done) st->done = 1;
}

static void on_readable(uv_poll_t *watch, int status, int events) {
  batch_state *st = watch->data;
  (void)events;
  while (!st->done) {
    int r = status < 0 ? status : lb_spawner_batch_read(&st->msg);
    if (r == -EAGAIN) return;
    if (r < 0) {
      st->lost = st->done = 1;
      st->res->spawner_lost = 1;
      break;
    }
    deliver(st);
  }
  lb_handles_close(&st->watch);
  lb_handles_close(&st->grace);
  lb_handles_close(&st->ticker);
}

static int stdio_fd(lb_io mode, int *fd) {
  if (mode == LB_IO_INHERIT) {
    *fd = -1;
    return 0;
  }
  if (mode != LB_IO_NULL) return -EINVAL;
  return lb_devnull(fd);
}

/* The batch's standard streams: /dev/null or ours. */
static int batch_stdio(const lb_run_opts *opts, lb_spawn_opts *so) {
  int err;
  if (opts->in != LB_IO_NULL) return -EINVAL;
  if ((err = stdio_fd(LB_IO_NULL, &so->stdin_fd)) != 0 ||
      (err = stdio_fd(opts->out, &so->stdout_fd)) != 0 ||
      (err = stdio_fd(opts->err, &so->stderr_fd)) != 0)
    return err;
  return 0;
}

/* Reads the batch's messages on the loop (st->watch is initialised), with
 * the grace timer of a stop and the ticks. */
static void read_on_loop(uv_loop_t *loop, batch_state *st) {
  const lb_run_opts *opts = st->opts;
  lb_handles_add(&st->handles, &st->watch);
  uv_poll_start(&st->watch, UV_READABLE, on_readable);
  uv_timer_init(loop, &st->grace);
  lb_handles_add(&st->handles, &st->grace);
  if (opts->tick && opts->tick_ns)
    lb_loop_every(loop, &st->handles, &st->ticker, opts->tick_ns, on_tick);
  lb_loop_run(loop, &st->handles, on_interrupt, st);
}

/* Reads the batch's messages where we are, when the socket cannot be
 * watched on the loop. */
static void read_here(batch_state *st) {
  while (!st->done) {
    int r = lb_spawner_batch_read(&st->msg);
    if (r == 0)
      deliver(st);
    else if (r != -EAGAIN)
      st->lost = st->done = st->res->spawner_lost = 1;
  }
}

int lb_run_batch(uv_loop_t *loop, const lb_run_opts *opts,
                 const lb_batch_opts *b, lb_batch_cb cb, void *arg,
                 lb_batch_result *res) {
  batch_state st;
  lb_spawn_opts so = {.argv = opts->argv, .envp = opts->envp, .cwd = opts->cwd};
  pid_t spawner;
  int sock, err;

  memset(res, 0, sizeof *res);
  memset(&st, 0, sizeof st);
  st.opts = opts;
  st.res = res;
  st.cb = cb;
  st.arg = arg;
  st.next = b->first;
  if ((err = batch_stdio(opts, &so)) != 0) return err;
  st.t0 = lb_clock_ns();
  if ((err = lb_spawner_batch(&so, b, &sock)) != 0) return err;
  /* From here on the spawner runs the batch, and we must read until its
   * last message whatever happens; a second signal kills the run. */
  lb_spawner_mode(&spawner);
  lb_signals_track(0, spawner);
  if (uv_poll_init(loop, &st.watch, sock) == 0)
    read_on_loop(loop, &st);
  else
    read_here(&st);
  lb_signals_track(0, 0);
  lb_spawner_batch_end(st.lost);
  return 0;
}

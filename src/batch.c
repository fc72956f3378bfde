/* Many runs of one command, measured by the spawner (batch.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "batch.h"
#include "clock.h"
#include "fds.h"
#include "signals.h"

typedef struct batch_state {
  uv_poll_t watch;   /* the spawner's socket: the figures arrive */
  uv_timer_t grace;  /* after a stop request, until SIGKILL */
  uv_timer_t ticker; /* progress ticks */
  const lb_run_opts *opts;
  lb_batch_result *res;
  lb_batch_cb cb;
  void *arg;
  uint64_t next;    /* the index of the next run to come */
  uint64_t t0;      /* when the batch began */
  int open_handles; /* handles not yet closed; the batch ends at 0 */
  int done;         /* the last message came, or the spawner is gone */
  int lost;         /* the spawner is gone */
  int stopping;     /* 0, 1 after LB_BATCH_STOP, 2 after LB_BATCH_KILL */
  lb_batch_msg msg;
} batch_state;

static void on_close(uv_handle_t *handle) {
  batch_state *st = handle->data;
  st->open_handles--;
}

static void close_handle(void *handle) {
  uv_handle_t *h = handle;
  if (h->data && !uv_is_closing(h)) uv_close(h, on_close);
}

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
  uv_timer_start(&st->grace, on_grace, st->opts->grace_ns / 1000000, 0);
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
  close_handle(&st->watch);
  close_handle(&st->grace);
  close_handle(&st->ticker);
}

static int stdio_fd(lb_io mode, int *fd) {
  if (mode == LB_IO_INHERIT) {
    *fd = -1;
    return 0;
  }
  if (mode != LB_IO_NULL) return -EINVAL;
  return lb_devnull(fd);
}

int lb_run_batch(uv_loop_t *loop, const lb_run_opts *opts,
                 const lb_batch_opts *b, lb_batch_cb cb, void *arg,
                 lb_batch_result *res) {
  batch_state st;
  lb_spawn_opts so;
  pid_t spawner;
  int sock, err;

  memset(res, 0, sizeof *res);
  memset(&st, 0, sizeof st);
  st.opts = opts;
  st.res = res;
  st.cb = cb;
  st.arg = arg;
  st.next = b->first;
  so.argv = opts->argv;
  so.envp = opts->envp;
  so.cwd = opts->cwd;
  if (opts->in != LB_IO_NULL) return -EINVAL;
  if ((err = stdio_fd(LB_IO_NULL, &so.stdin_fd)) != 0 ||
      (err = stdio_fd(opts->out, &so.stdout_fd)) != 0 ||
      (err = stdio_fd(opts->err, &so.stderr_fd)) != 0)
    return err;

  st.t0 = lb_clock_ns();
  if ((err = lb_spawner_batch(&so, b, &sock)) != 0) return err;
  /* From here on the spawner runs the batch, and we must read until its
   * last message whatever happens; a second signal kills the run. */
  lb_spawner_mode(&spawner);
  lb_signals_track(0, spawner);
  if (uv_poll_init(loop, &st.watch, sock) != 0) {
    /* Cannot watch it: wait for the messages where we are. */
    while (!st.done) {
      int r = lb_spawner_batch_read(&st.msg);
      if (r == 0)
        deliver(&st);
      else if (r != -EAGAIN)
        st.lost = st.done = res->spawner_lost = 1;
    }
    lb_signals_track(0, 0);
    lb_spawner_batch_end(st.lost);
    return 0;
  }
  st.watch.data = &st;
  st.open_handles++;
  uv_poll_start(&st.watch, UV_READABLE, on_readable);
  uv_timer_init(loop, &st.grace);
  st.grace.data = &st;
  st.open_handles++;
  if (opts->tick && opts->tick_ns) {
    uint64_t ms = opts->tick_ns / 1000000;
    uv_timer_init(loop, &st.ticker);
    st.ticker.data = &st;
    st.open_handles++;
    uv_timer_start(&st.ticker, on_tick, ms, ms);
  }

  lb_signals_listen(on_interrupt, &st);
  if (lb_signals_caught()) on_interrupt(&st);
  while (st.open_handles > 0)
    uv_run(loop, UV_RUN_ONCE);
  lb_signals_track(0, 0);
  lb_signals_listen(NULL, NULL);
  lb_spawner_batch_end(st.lost);
  return 0;
}

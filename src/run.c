/* One measured run of a command on the libuv loop (run.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "fds.h"
#include "loop.h"
#include "run.h"
#include "rusage.h"
#include "signals.h"
#include "spawn.h"

#define READ_CHUNK (64 * 1024)
/* Reads of a chunk at most per wake-up: a flood must not starve the exit
 * and timer watchers. */
#define DRAIN_READS 64
/* The output pipe's size: fewer wake-ups for a chatty child. */
#define PIPE_SIZE (1 << 20)
/* The first allocation for a captured output; it doubles from there. */
#define CAPTURE_START 4096

typedef struct run_state {
  lb_handles handles;     /* first: every handle's data points here */
  uv_poll_t exit_watch;   /* the child's pidfd becomes readable at exit */
  uv_signal_t chld_watch; /* without a pidfd: SIGCHLD, then waitid */
  uv_poll_t out_watch;    /* the read end of the output pipe */
  uv_timer_t deadline;    /* timeout, then the grace period before SIGKILL */
  uv_timer_t ticker;      /* progress ticks */
  const lb_run_opts *opts;
  lb_run_result *res;
  pid_t pid;
  int pidfd; /* -1 when the exit is watched on SIGCHLD */
  int out_fd;
  int reaped;
  int killing; /* 0, 1 after SIGTERM, 2 after SIGKILL */
  uint64_t t0;
  size_t capture_cap;
} run_state;

static int pidfd_open_(pid_t pid) {
  return (int)syscall(SYS_pidfd_open, pid, 0);
}

static lb_wait_way decide_wait_way(void) {
  const char *env = getenv("LUABENCH_PIDFD");
  int fd;
  if (env && strcmp(env, "0") == 0) return LB_WAIT_SIGCHLD;
  if ((fd = pidfd_open_(getpid())) >= 0) {
    close(fd);
    return LB_WAIT_PIDFD;
  }
  /* Missing (before Linux 5.3, valgrind) or refused by a seccomp filter: it
   * will not work later either. Anything else (out of descriptors) is not
   * the system's answer; a run whose pidfd_open fails that way uses SIGCHLD
   * for itself. */
  if (errno == ENOSYS || errno == EPERM || errno == EACCES)
    return LB_WAIT_SIGCHLD;
  return LB_WAIT_PIDFD;
}

lb_wait_way lb_wait_mode(void) {
  static lb_wait_way way;
  static int decided;
  if (!decided) {
    way = decide_wait_way();
    decided = 1;
  }
  return way;
}

/* Whether child `pid` has exited, leaving it a zombie for wait4 (the reap,
 * which gives its own rusage). Any error says yes: the reap then reports
 * it, where waiting for a signal would hang. */
static int has_exited(pid_t pid) {
  siginfo_t si;
  si.si_pid = 0;
  while (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) != 0)
    if (errno != EINTR) return 1;
  return si.si_pid == pid;
}

static void signal_group(run_state *st, int sig) {
  /* The group id is the child's pid, reserved until we reap it. If the child
   * left the group (setsid), signal it directly. */
  if (kill(-st->pid, sig) != 0) kill(st->pid, sig);
}

static void on_deadline(uv_timer_t *timer);

static void start_killing(run_state *st) {
  if (st->killing || st->reaped) return;
  st->killing = 1;
  signal_group(st, SIGTERM);
  uv_timer_stop(&st->deadline);
  uv_timer_start(&st->deadline, on_deadline, st->opts->grace_ns / LB_NS_PER_MS,
                 0);
}

static void on_deadline(uv_timer_t *timer) {
  run_state *st = timer->data;
  if (st->killing) {
    st->killing = 2;
    signal_group(st, SIGKILL);
    return;
  }
  st->res->timed_out = 1;
  start_killing(st);
}

static void on_interrupt(void *arg) {
  run_state *st = arg;
  st->res->interrupted = 1;
  start_killing(st);
}

static void on_tick(uv_timer_t *timer) {
  run_state *st = timer->data;
  if (st->opts->tick(st->opts->tick_arg, lb_clock_ns() - st->t0) != 0) {
    st->res->aborted = 1;
    uv_timer_stop(&st->ticker);
    start_killing(st);
  }
}

/* 64-bit FNV-1a: an output compared beyond what is kept is compared by
 * this hash of all of it (same_output). */
#define FNV_OFFSET 0xcbf29ce484222325u
#define FNV_PRIME  0x100000001b3u

static uint64_t fnv1a(uint64_t h, const char *buf, size_t n) {
  const unsigned char *p = (const unsigned char *)buf, *end = p + n;
  while (p < end)
    h = (h ^ *p++) * FNV_PRIME;
  return h;
}

static void keep_output(run_state *st, const char *buf, size_t n) {
  lb_run_result *res = st->res;
  res->out_hash = fnv1a(res->out_hash, buf, n);
  size_t room = st->opts->capture_limit - res->out_len;
  if (n > room) n = room;
  if (n == 0) return;
  if (res->out_len + n > st->capture_cap) {
    size_t cap = st->capture_cap ? st->capture_cap : CAPTURE_START;
    char *p;
    while (cap < res->out_len + n) cap *= 2;
    if (cap > st->opts->capture_limit) cap = st->opts->capture_limit;
    if ((p = realloc(res->out, cap)) == NULL) return; /* keep what we have */
    res->out = p;
    st->capture_cap = cap;
  }
  memcpy(res->out + res->out_len, buf, n);
  res->out_len += n;
}

/* Reads what the pipe holds now. Returns 1 at end of file or error. */
static int drain(run_state *st) {
  static char buf[READ_CHUNK];
  int i;
  for (i = 0; i < DRAIN_READS; i++) {
    ssize_t n = read(st->out_fd, buf, sizeof buf);
    if (n > 0) {
      st->res->out_bytes += (uint64_t)n;
      if (st->opts->out == LB_IO_CAPTURE) keep_output(st, buf, (size_t)n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return 0;
    return 1;
  }
  return 0;
}

static void on_output(uv_poll_t *watch, int status, int events) {
  run_state *st = watch->data;
  (void)events;
  if (status < 0 || drain(st)) uv_poll_stop(watch);
}

static void finish(run_state *st) {
  lb_handles_close(&st->exit_watch);
  lb_handles_close(&st->chld_watch);
  lb_handles_close(&st->out_watch);
  lb_handles_close(&st->deadline);
  lb_handles_close(&st->ticker);
}

static void reap(run_state *st) {
  struct rusage ru;
  int status = 0;
  pid_t r;

  /* Whatever the leader left behind in its group goes with it when we were
   * killing; the group id cannot be reused before the leader is reaped. */
  if (st->killing) kill(-st->pid, SIGKILL);
  do
    r = wait4(st->pid, &status, 0, &ru);
  while (r < 0 && errno == EINTR);
  st->reaped = 1;
  lb_signals_track(0, 0);
  if (r == st->pid) {
    st->res->status = status;
    lb_rusage_figures(&ru, &st->res->user_ns, &st->res->sys_ns,
                      &st->res->maxrss);
  }
}

/* The child has exited; `t1` is when that was observed. */
static void exited(run_state *st, uint64_t t1) {
  st->res->wall_ns = t1 - st->t0;
  reap(st);
  /* The leader is gone; take what it wrote and still sits in the pipe, but
   * do not wait for descendants that may hold the pipe open. */
  if (st->out_fd >= 0) drain(st);
  finish(st);
}

static void on_exit_(uv_poll_t *watch, int status, int events) {
  uint64_t t1 = lb_clock_ns();
  (void)status;
  (void)events;
  exited(watch->data, t1);
}

/* Any child of ours may have changed state (the spawner, a process of
 * io.popen, a stop): ask about ours. Signals merge, but the kernel sends
 * SIGCHLD after the exit is visible, so none that matters is missed. */
static void on_sigchld(uv_signal_t *watch, int signum) {
  run_state *st = watch->data;
  uint64_t t1 = lb_clock_ns();
  (void)signum;
  if (!st->reaped && has_exited(st->pid)) exited(st, t1);
}

/* Starts watching for the child's exit: on its pidfd, or on SIGCHLD where
 * there is none (lb_wait_mode, or none to be had for this run). Returns 0
 * or a negative error code. */
static int watch_exit(uv_loop_t *loop, run_state *st) {
  int err;
  if (lb_wait_mode() == LB_WAIT_PIDFD &&
      (st->pidfd = pidfd_open_(st->pid)) >= 0) {
    if ((err = uv_poll_init(loop, &st->exit_watch, st->pidfd)) != 0) return err;
    lb_handles_add(&st->handles, &st->exit_watch);
    return uv_poll_start(&st->exit_watch, UV_READABLE, on_exit_);
  }
  if ((err = uv_signal_init(loop, &st->chld_watch)) != 0) return err;
  lb_handles_add(&st->handles, &st->chld_watch);
  return uv_signal_start(&st->chld_watch, on_sigchld, SIGCHLD);
}

static int open_io(lb_io mode, const char *path, int flags, int *fd) {
  *fd = -1; /* inherit */
  if (mode == LB_IO_NULL) return lb_devnull(fd);
  if (mode == LB_IO_FILE) {
    *fd = open(path, flags | O_CLOEXEC, 0666);
    return *fd < 0 ? -errno : 0;
  }
  return 0;
}

/* Closes the descriptor a stream in `mode` was given, when it is this
 * run's own: a file, or the pipe's write end (/dev/null is kept). */
static void close_owned(int fd, lb_io mode) {
  if (fd >= 0 && mode != LB_IO_NULL) close(fd);
}

/* Opens the child's standard streams into so (and the output pipe into
 * pipefd). Returns 0, or a negative errno value with res->failed set. */
static int open_stdio(const lb_run_opts *opts, lb_spawn_opts *so, int pipefd[2],
                      lb_run_result *res) {
  int wflags = O_WRONLY | O_CREAT | (opts->append ? O_APPEND : O_TRUNC);
  int err;

  if ((err = open_io(opts->in, opts->in_path, O_RDONLY, &so->stdin_fd)) != 0) {
    res->failed = LB_STEP_INPUT;
    return err;
  }
  if (opts->out == LB_IO_PIPE || opts->out == LB_IO_CAPTURE) {
    if (pipe2(pipefd, O_CLOEXEC) != 0) {
      res->failed = LB_STEP_PIPE;
      return -errno;
    }
    /* A bigger pipe means fewer wake-ups for a chatty child; best effort. */
    fcntl(pipefd[1], F_SETPIPE_SZ, PIPE_SIZE);
    so->stdout_fd = pipefd[1];
  } else if ((err = open_io(opts->out, opts->out_path, wflags,
                            &so->stdout_fd)) != 0) {
    res->failed = LB_STEP_OUTPUT;
    return err;
  }
  if ((err = open_io(opts->err, opts->err_path, wflags, &so->stderr_fd)) != 0)
    res->failed = LB_STEP_OUTPUT;
  return err;
}

/* Closes in the runner what open_stdio gave the child. */
static void close_stdio(const lb_run_opts *opts, lb_spawn_opts *so) {
  close_owned(so->stdin_fd, opts->in);
  close_owned(so->stdout_fd, opts->out);
  close_owned(so->stderr_fd, opts->err);
  so->stdin_fd = so->stdout_fd = so->stderr_fd = -1;
}

/* Once the exit is watched: the output pipe, the deadline and the ticks. */
static void watch_run(uv_loop_t *loop, run_state *st) {
  const lb_run_opts *opts = st->opts;
  if (st->out_fd >= 0 && uv_poll_init(loop, &st->out_watch, st->out_fd) == 0) {
    lb_handles_add(&st->handles, &st->out_watch);
    uv_poll_start(&st->out_watch, UV_READABLE, on_output);
  }
  /* Also needed without a timeout: an interrupt uses it for the grace. */
  uv_timer_init(loop, &st->deadline);
  lb_handles_add(&st->handles, &st->deadline);
  if (opts->timeout_ns)
    uv_timer_start(&st->deadline, on_deadline,
                   (opts->timeout_ns + LB_NS_PER_MS - 1) / LB_NS_PER_MS, 0);
  if (opts->tick && opts->tick_ns)
    lb_loop_every(loop, &st->handles, &st->ticker, opts->tick_ns, on_tick);
}

/* The child runs: watches it until it is reaped and every handle closed.
 * Returns 0, or a negative errno value when its exit cannot be watched (it
 * is killed and reaped then). */
static int follow(uv_loop_t *loop, run_state *st) {
  int err;
  lb_signals_track(st->pid, 0);
  if ((err = watch_exit(loop, st)) != 0) {
    st->res->failed = LB_STEP_WAIT;
    kill(-st->pid, SIGKILL);
    reap(st);
    finish(st);
    lb_loop_run(loop, &st->handles, NULL, NULL);
    return err;
  }
  watch_run(loop, st);
  /* A SIGCHLD reports an exit after the watcher started; one before it
   * was sent to nobody. */
  if (st->chld_watch.data && has_exited(st->pid)) exited(st, lb_clock_ns());
  /* The exit watcher stays open until the child is reaped. */
  lb_loop_run(loop, &st->handles, on_interrupt, st);
  return 0;
}

int lb_run(uv_loop_t *loop, const lb_run_opts *opts, lb_run_result *res) {
  run_state st;
  lb_spawn_opts so = {.argv = opts->argv,
                      .envp = opts->envp,
                      .cwd = opts->cwd,
                      .stdin_fd = -1,
                      .stdout_fd = -1,
                      .stderr_fd = -1};
  int pipefd[2] = {-1, -1};
  int err, cwd_failed = 0;

  memset(res, 0, sizeof *res);
  memset(&st, 0, sizeof st);
  res->out_hash = FNV_OFFSET;
  st.opts = opts;
  st.res = res;
  st.pidfd = -1;
  st.out_fd = -1;

  if ((err = open_stdio(opts, &so, pipefd, res)) != 0) goto error;
  if ((err = lb_spawn(&so, &st.pid, &st.t0, &cwd_failed)) != 0) {
    /* posix_spawn reports a failed chdir and a missing program alike. */
    if (opts->cwd && access(opts->cwd, X_OK) != 0) cwd_failed = 1;
    res->failed = cwd_failed ? LB_STEP_CWD : LB_STEP_SPAWN;
    goto error;
  }
  close_stdio(opts, &so);
  st.out_fd = pipefd[0];
  pipefd[0] = -1;
  /* From here on the child exists and must be reaped whatever happens. */
  if ((err = follow(loop, &st)) != 0) goto error;
  if (st.pidfd >= 0) close(st.pidfd);
  if (st.out_fd >= 0) close(st.out_fd);
  return 0;

error:
  close_stdio(opts, &so);
  if (pipefd[0] >= 0) close(pipefd[0]);
  if (st.out_fd >= 0) close(st.out_fd);
  if (st.pidfd >= 0) close(st.pidfd);
  free(res->out);
  res->out = NULL;
  return err;
}

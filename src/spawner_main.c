/* luabench-spawner: starts commands for the runner from a tiny address
 * space (see spawner.h for why). Built static, embedded in the core, and
 * started from a memfd; it serves requests on fd 3 until the runner closes
 * its end. A single run's command is the runner's child (CLONE_PARENT): the
 * runner waits for it. The commands of a batch are the spawner's own
 * children: it waits for each itself, so that a run costs what it costs a
 * bare spawn + wait4 loop. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "rusage.h"
#include "spawner.h"

typedef struct job {
  char **argv;
  char **envp;
  const char *cwd;
  int fds[3];
  volatile int err; /* 0 or a negative errno value, written by the child,
                     * which shares our memory */
  volatile int err_cwd;
} job;

/* The stack of the child between clone and exec (CLONE_VM: ours). */
#define CHILD_STACK_SIZE (64 * 1024)
/* PATH when the environment has none, as execvp's. */
#define DEFAULT_PATH "/usr/local/bin:/usr/bin:/bin"

static char request[LB_SPAWNER_MAX + 1];
/* argv and envp, each NULL-terminated: room for as many strings as a
 * request holds at two bytes each, a character and a NUL (one of more,
 * empty strings, is refused by parse). */
static char *ptrs[LB_SPAWNER_MAX / 2 + 2];
static char child_stack[CHILD_STACK_SIZE] __attribute__((aligned(16)));

/* A stop request (LB_BATCH_STOP or LB_BATCH_KILL) since the last request
 * was read, and the batch run in progress (0 between runs). */
static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t current;

/* The runner is gone (LB_RUNNER_GONE): finish off the run in progress and
 * exit. The last single run's command, which is the runner's child, is
 * known by its pid and a pidfd: the pidfd tells whether that process still
 * exists (not reaped), so that its group id cannot be another's. */
static volatile sig_atomic_t runner_gone;
static volatile sig_atomic_t last_pid;
static volatile sig_atomic_t last_pidfd = -1;

/* Shared with the runner (spawner.h), or our own when it gave us none. */
static lb_spawner_shared own_shared, *shared = &own_shared;

/* execvp's search without its fallback of running a non-ELF file with
 * /bin/sh, so that the result is what posix_spawnp would give. */
static void exec_path(job *j) {
  const char *file = j->argv[0];
  const char *path;
  char buf[PATH_MAX];
  int saw_eacces = 0;

  if (strchr(file, '/')) {
    execve(file, j->argv, j->envp);
    return;
  }
  path = getenv("PATH");
  if (path == NULL) path = DEFAULT_PATH;
  while (*path) {
    const char *end = strchr(path, ':');
    size_t dlen = end ? (size_t)(end - path) : strlen(path);
    size_t flen = strlen(file);
    if (dlen + flen + 2 <= sizeof buf) {
      if (dlen == 0) {
        memcpy(buf, file, flen + 1);
      } else {
        memcpy(buf, path, dlen);
        buf[dlen] = '/';
        memcpy(buf + dlen + 1, file, flen + 1);
      }
      execve(buf, j->argv, j->envp);
      if (errno == EACCES) saw_eacces = 1;
      else if (errno != ENOENT && errno != ENOTDIR) return;
    }
    if (!end) break;
    path = end + 1;
  }
  if (saw_eacces) errno = EACCES;
}

/* With a CPU in argv[1] we keep to it, with the runner (pin.h), and each
 * command gets back the mask we were started with, luabench's own: a single
 * run's command sets it before exec; during a batch, the runner sleeps and we
 * take that mask ourselves, so that the commands inherit it without a system
 * call in their timed window. */
static cpu_set_t own_mask, one_mask;
static int pinned; /* we have one_mask now */

static int child(void *arg) {
  job *j = arg;
  sigset_t none;
  int i;

  setpgid(0, 0); /* a group of its own, so that a timeout kills it all */
  if (pinned) sched_setaffinity(0, sizeof own_mask, &own_mask);
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  for (i = 0; i < 3; i++) {
    if (dup2(j->fds[i], i) < 0) goto fail;
  }
  if (j->cwd && chdir(j->cwd) != 0) {
    j->err_cwd = 1;
    goto fail;
  }
  exec_path(j);
fail:
  j->err = errno ? -errno : -ENOEXEC;
  _exit(127);
}

/* Splits the strings after the header into argv, envp and cwd:
 * ptrs = argv..., NULL, envp..., NULL. */
static int parse(size_t len, job *j, lb_spawn_req *hp) {
  lb_spawn_req h;
  size_t off = sizeof h, k;
  if (len < sizeof h) return -1;
  memcpy(&h, request, sizeof h);
  *hp = h;
  if (h.magic != LB_SPAWNER_MAGIC || h.argc == 0 ||
      (size_t)h.argc + h.envc + 2 > sizeof ptrs / sizeof ptrs[0])
    return -1;
  request[len] = '\0'; /* a truncated last string still ends */
#define NEXT(dst)                                                              \
  do {                                                                         \
    if (off >= len) return -1;                                                 \
    (dst) = request + off;                                                     \
    off += strlen(request + off) + 1;                                          \
  } while (0)
  for (k = 0; k < h.argc; k++) NEXT(ptrs[k]);
  ptrs[h.argc] = NULL;
  for (k = 0; k < h.envc; k++) NEXT(ptrs[h.argc + 1 + k]);
  ptrs[h.argc + 1 + h.envc] = NULL;
  j->cwd = NULL;
  if (h.has_cwd) NEXT(j->cwd);
#undef NEXT
  j->argv = ptrs;
  j->envp = ptrs + h.argc + 1;
  return 0;
}

static void on_stop(int sig) {
  pid_t pid = current;
  stop_requested = 1;
  /* Its group exists: the child made it before exec, and we learn the pid
   * only after exec (CLONE_VFORK). */
  if (pid > 0) kill(-pid, sig == LB_BATCH_KILL ? SIGKILL : SIGTERM);
}

/* Kills what the runner left running: the batch run in progress, and the
 * last single run's command if it was not reaped. Async-signal-safe. */
static void finish_off(void) {
  pid_t pid = current, single = last_pid;
  int pidfd = last_pidfd;
  runner_gone = 1;
  stop_requested = 1;
  if (pid > 0) kill(-pid, SIGKILL);
  if (pidfd >= 0 && syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) == 0)
    kill(-single, SIGKILL);
}

static void on_runner_gone(int sig) {
  (void)sig;
  finish_off();
}

/* Remembers the command of a single run, started for the runner. */
static void track_single(pid_t pid) {
  int old = last_pidfd;
  last_pidfd = -1;
  if (old >= 0) close(old);
  last_pid = pid;
  last_pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
  if (runner_gone) kill(-pid, SIGKILL);
}

static int send_all(const void *buf, size_t len) {
  ssize_t n;
  do
    n = send(LB_SPAWNER_FD, buf, len, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  return n == (ssize_t)len ? 0 : -1;
}

static int send_runs(lb_batch_msg *m) {
  int r =
      send_all(m, offsetof(lb_batch_msg, runs) + m->count * sizeof m->runs[0]);
  m->count = 0;
  return r;
}

/* Waits for the batch run `pid` to end. After a stop request it gets what
 * the handler sent to its group; once the leader has exited (but is not yet
 * reaped, so that its group id cannot be reused), whatever it left in its
 * group is killed. */
static pid_t wait_run(pid_t pid, int *status, struct rusage *ru) {
  pid_t w;
  siginfo_t info;
  do
    w = wait4(pid, status, 0, ru);
  while (w < 0 && errno == EINTR && !stop_requested);
  if (w >= 0 || errno != EINTR) return w;
  while (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT) < 0 &&
         errno == EINTR)
    ;
  kill(-pid, SIGKILL);
  do
    w = wait4(pid, status, 0, ru);
  while (w < 0 && errno == EINTR);
  return w;
}

/* Room for a run's number: the digits of the largest uint64_t. */
#define UINT64_DIGITS 20

/* The batch's iteration variable: the last environment string, "NAME=",
 * copied into `iteration`, where each run's number is written after it.
 * Sets *name_len (0 without one). Returns 0, or -1 when it does not fit. */
static int take_iteration_var(job *j, const lb_spawn_req *h, char *iteration,
                              size_t size, size_t *name_len) {
  *name_len = 0;
  if (!(h->flags & LB_BATCH_ITERATION)) return 0;
  if (h->envc == 0) return -1;
  *name_len = strlen(j->envp[h->envc - 1]);
  if (*name_len + UINT64_DIGITS + 1 > size) return -1;
  memcpy(iteration, j->envp[h->envc - 1], *name_len);
  j->envp[h->envc - 1] = iteration;
  return 0;
}

/* One run of a batch, its figures into *r. Returns the clock at its end. */
static uint64_t batch_run(job *j, lb_batch_run *r) {
  struct rusage ru;
  int status = 0;
  uint64_t t0;
  pid_t pid;

  memset(r, 0, sizeof *r);
  memset(&ru, 0, sizeof ru);
  j->err = j->err_cwd = 0;
  t0 = lb_clock_ns();
  pid = clone(child, child_stack + sizeof child_stack,
              CLONE_VM | CLONE_VFORK | SIGCHLD, j);
  if (pid < 0) {
    r->err = (int16_t)-errno;
    return t0;
  }
  current = pid;
  shared->current = pid;
  if (runner_gone) kill(-pid, SIGKILL);
  if (wait_run(pid, &status, &ru) < 0 && j->err == 0) j->err = -errno;
  r->wall_ns = lb_clock_ns() - t0;
  current = 0;
  shared->current = 0;
  lb_rusage_figures(&ru, &r->user_ns, &r->sys_ns, &r->maxrss);
  r->status = status;
  r->err = (int16_t)j->err;
  r->err_cwd = (uint8_t)j->err_cwd;
  r->stopped = stop_requested != 0;
  return t0 + r->wall_ns;
}

/* Whether the batch ends after run *r: it could not start, a stop request
 * reached it, or it failed and the batch does not keep going. */
static int batch_ends(const lb_batch_run *r, const lb_spawn_req *h) {
  if (r->err || r->stopped) return 1;
  return !(WIFEXITED(r->status) && WEXITSTATUS(r->status) == 0) &&
         !(h->flags & LB_BATCH_KEEP_GOING);
}

/* Runs a batch (see spawner.h) and sends its figures. Returns -1 when the
 * runner is gone. */
static int run_batch(job *j, const lb_spawn_req *h) {
  static lb_batch_msg m;
  static char iteration[LB_ITERATION_MAX];
  size_t name_len;
  uint64_t k, last, end;

  m.magic = LB_SPAWNER_MAGIC;
  m.count = 0;
  m.done = 0;
  /* (a name too long for our buffer gets no runs: the runner then runs
   * them one at a time) */
  if (take_iteration_var(j, h, iteration, sizeof iteration, &name_len) != 0) {
    m.done = 1;
    return send_runs(&m);
  }
  last = lb_clock_ns();
  for (k = 0; k < h->runs && !stop_requested; k++) {
    lb_batch_run *r = &m.runs[m.count++];
    if (name_len)
      snprintf(iteration + name_len, sizeof iteration - name_len, "%llu",
               (unsigned long long)(h->iteration + k));
    end = batch_run(j, r);
    if (batch_ends(r, h)) break;
    if (m.count == LB_BATCH_CHUNK || end - last >= h->flush_ns) {
      if (send_runs(&m) != 0) return -1;
      last = lb_clock_ns();
    }
  }
  m.done = 1;
  return send_runs(&m);
}

/* A batch, with luabench's own CPU mask while it runs. */
static int batch(job *j, const lb_spawn_req *h) {
  int was_pinned = pinned, gone;
  if (was_pinned && sched_setaffinity(0, sizeof own_mask, &own_mask) == 0)
    pinned = 0;
  gone = run_batch(j, h);
  if (was_pinned && !pinned)
    pinned = sched_setaffinity(0, sizeof one_mask, &one_mask) == 0;
  return gone;
}

/* The page shared with the runner, if it gave us one. */
static void map_shared(void) {
  struct stat st;
  void *p;
  if (fstat(LB_SHARED_FD, &st) != 0) return;
  p = mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED,
           LB_SHARED_FD, 0);
  if (p != MAP_FAILED) shared = p;
  close(LB_SHARED_FD);
}

/* With `arg`, a CPU that our mask holds (not -1), we keep to it. */
static void keep_to_cpu(const char *arg) {
  int cpu = atoi(arg);
  if (sched_getaffinity(0, sizeof own_mask, &own_mask) != 0) return;
  CPU_ZERO(&one_mask);
  if (cpu >= 0 && cpu < CPU_SETSIZE && CPU_ISSET(cpu, &own_mask)) {
    CPU_SET(cpu, &one_mask);
    pinned = sched_setaffinity(0, sizeof one_mask, &one_mask) == 0;
  }
}

static void handle(int sig, void (*fn)(int)) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  sa.sa_handler = fn; /* no SA_RESTART: a stop must interrupt a wait */
  sigaction(sig, &sa, NULL);
}

/* Our start, with argv as main has it: [1] the CPU to keep to, or -1; [2]
 * the runner's pid. Returns 0, or -1 when the runner is gone already. */
static int start(int argc, char **argv) {
  handle(LB_RUNNER_GONE, on_runner_gone);
  prctl(PR_SET_PDEATHSIG, LB_RUNNER_GONE);
  /* (the runner may have died before the line above) */
  if (argc > 2 && getppid() != (pid_t)atol(argv[2])) return -1;
  map_shared();
  if (argc > 1) keep_to_cpu(argv[1]);
  /* Our control socket must not leak into the commands. */
  fcntl(LB_SPAWNER_FD, F_SETFD, FD_CLOEXEC);
  handle(LB_BATCH_STOP, on_stop);
  handle(LB_BATCH_KILL, on_stop);
  return 0;
}

/* Receives the next request into `request`, its length into *len and its
 * descriptors into j->fds (-1 when they did not come). Returns 0, -EINTR
 * (try again), or another negative errno value when the runner is gone. */
static int receive(job *j, size_t *len) {
  char ctrl[CMSG_SPACE(3 * sizeof(int))];
  struct iovec iov = {request, LB_SPAWNER_MAX};
  struct msghdr msg;
  struct cmsghdr *c;
  ssize_t n;

  memset(&msg, 0, sizeof msg);
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = ctrl;
  msg.msg_controllen = sizeof ctrl;
  n = recvmsg(LB_SPAWNER_FD, &msg, MSG_CMSG_CLOEXEC);
  if (n < 0) return -errno;
  if (n == 0) return -ECONNRESET;
  memset(j, 0, sizeof *j);
  j->fds[0] = j->fds[1] = j->fds[2] = -1;
  c = CMSG_FIRSTHDR(&msg);
  if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
      c->cmsg_len == CMSG_LEN(3 * sizeof(int)))
    memcpy(j->fds, CMSG_DATA(c), sizeof j->fds);
  *len = (size_t)n;
  return 0;
}

static void close_fds(job *j) {
  int i;
  for (i = 0; i < 3; i++)
    if (j->fds[i] >= 0) close(j->fds[i]);
}

/* Starts a single run's command as the runner's own child (CLONE_PARENT),
 * and fills the reply. */
static void start_single(job *j, lb_spawn_rep *rep) {
  rep->t0 = lb_clock_ns();
  rep->pid = clone(child, child_stack + sizeof child_stack,
                   CLONE_VM | CLONE_VFORK | CLONE_PARENT | SIGCHLD, j);
  if (rep->pid < 0) {
    rep->err = -errno;
    rep->pid = 0;
  } else {
    rep->err = j->err;
    rep->err_cwd = j->err_cwd;
  }
}

/* Answers a request of `len` bytes: a batch, or a single run. Returns 0,
 * or -1 when the runner is gone. */
static int serve(job *j, size_t len) {
  lb_spawn_req h;
  lb_spawn_rep rep;
  int gone;

  memset(&rep, 0, sizeof rep);
  if (j->fds[2] < 0 || parse(len, j, &h) != 0) {
    rep.err = -ENOTSUP;
  } else if (h.runs > 0) {
    gone = batch(j, &h);
    close_fds(j);
    return gone;
  } else {
    start_single(j, &rep);
  }
  close_fds(j);
  while (send(LB_SPAWNER_FD, &rep, sizeof rep, MSG_NOSIGNAL) < 0 &&
         errno == EINTR)
    ;
  /* (after the reply: the runner is not kept waiting for this) */
  if (rep.pid > 0 && rep.err == 0) track_single(rep.pid);
  return 0;
}

int main(int argc, char **argv) {
  job j;
  size_t len = 0;
  int err;

  if (start(argc, argv) != 0) return 0;
  for (;;) {
    /* A stop request counts for the batch it came during, which may be
     * the next one if the runner has sent it but we have not read it yet;
     * not for a later one. */
    stop_requested = 0;
    if (runner_gone) return 0;
    if ((err = receive(&j, &len)) == -EINTR) continue;
    if (err != 0) { /* the runner went away (LB_RUNNER_GONE may follow) */
      finish_off();
      return 0;
    }
    if (serve(&j, len) != 0) return 0;
  }
}

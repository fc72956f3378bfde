#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "spawn.h"
#include "spawner.h"
#include "writefile.h"

extern char **environ;

/* The spawner executable, compiled statically and embedded at build time
 * (spawner_blob.c). */
extern const unsigned char lb_spawner_blob[];
extern const size_t lb_spawner_blob_size;

/* Signals that a runner may ignore or handle and that must not stay that way
 * in the benchmarked program (an ignored SIGPIPE or SIGINT is inherited across
 * exec). */
static const int reset_signals[] = {SIGHUP,  SIGINT,  SIGQUIT, SIGPIPE,
                                    SIGALRM, SIGTERM, SIGUSR1, SIGUSR2,
                                    SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU};

/* How many spawners a process starts at most: one dies (killed, out of
 * memory), the next run starts another, so that the commands' peak memory
 * keeps counting from the spawner's size, not ours; one that keeps dying
 * leaves us spawning directly. */
#define SPAWNER_STARTS 4

static struct {
  lb_spawn_way way; /* UNDECIDED: the next request starts a spawner */
  int starts;
  int sock;
  pid_t pid;
  lb_spawner_shared *shared; /* the page shared with the running one */
} spawner = {LB_SPAWN_UNDECIDED, 0, -1, -1, NULL};

/* The runner and the spawner on one CPU (spawn.h, lb_pin_enable). */
static struct {
  int enabled;   /* asked for by the executable */
  int active;    /* we are pinned now */
  cpu_set_t own; /* the mask luabench was started with */
  cpu_set_t one; /* the CPU we and the spawner keep to */
} pin;

void lb_pin_enable(int on) {
  pin.enabled = on;
}

int lb_pin_pause(int pause) {
  const cpu_set_t *mask = pause ? &pin.own : &pin.one;
  if (!pin.active) return 0;
  return sched_setaffinity(0, sizeof *mask, mask) == 0 ? 0 : -errno;
}

/* Picks the CPU for the spawner that is about to start: the one we are on,
 * when luabench may use more than one and LUABENCH_PIN is not 0. Returns
 * it, or -1 for no pinning. */
static int pin_choose(void) {
  const char *env = getenv("LUABENCH_PIN");
  int cpu;
  if (!pin.enabled || (env && strcmp(env, "0") == 0)) return -1;
  if (sched_getaffinity(0, sizeof pin.own, &pin.own) != 0 ||
      CPU_COUNT(&pin.own) < 2 || (cpu = sched_getcpu()) < 0 ||
      !CPU_ISSET(cpu, &pin.own))
    return -1;
  CPU_ZERO(&pin.one);
  CPU_SET(cpu, &pin.one);
  return cpu;
}

/* posix_spawn's functions return a positive errno value. */
static int setup_attr(posix_spawnattr_t *attr) {
  sigset_t set;
  size_t i;
  int err;
  sigemptyset(&set);
  for (i = 0; i < sizeof reset_signals / sizeof reset_signals[0]; i++)
    sigaddset(&set, reset_signals[i]);
  if ((err = posix_spawnattr_setsigdefault(attr, &set)) != 0) return -err;
  sigemptyset(&set);
  if ((err = posix_spawnattr_setsigmask(attr, &set)) != 0) return -err;
  if ((err = posix_spawnattr_setpgroup(attr, 0)) != 0) return -err;
  return -posix_spawnattr_setflags(attr, POSIX_SPAWN_SETPGROUP |
                                             POSIX_SPAWN_SETSIGDEF |
                                             POSIX_SPAWN_SETSIGMASK);
}

/* The child's standard streams and working directory. Our descriptors are
 * all O_CLOEXEC; dup2 onto 0, 1 and 2 clears the flag. */
static int setup_actions(posix_spawn_file_actions_t *fa,
                         const lb_spawn_opts *opts) {
  int err = posix_spawn_file_actions_adddup2(fa, opts->stdin_fd, 0);
  if (!err && opts->stdout_fd >= 0)
    err = posix_spawn_file_actions_adddup2(fa, opts->stdout_fd, 1);
  if (!err && opts->stderr_fd >= 0)
    err = posix_spawn_file_actions_adddup2(fa, opts->stderr_fd, 2);
  if (!err && opts->cwd)
    err = posix_spawn_file_actions_addchdir_np(fa, opts->cwd);
  return -err;
}

static int spawn_direct(const lb_spawn_opts *opts, pid_t *pid, uint64_t *t0) {
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  int err;

  if ((err = posix_spawn_file_actions_init(&fa)) != 0) return -err;
  if ((err = posix_spawnattr_init(&attr)) != 0) {
    posix_spawn_file_actions_destroy(&fa);
    return -err;
  }
  err = setup_actions(&fa, opts);
  if (!err) err = setup_attr(&attr);
  if (!err) {
    *t0 = lb_clock_ns();
    err = -posix_spawnp(pid, opts->argv[0], &fa, &attr, opts->argv,
                        opts->envp ? opts->envp : environ);
  }
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&fa);
  return err;
}

/* How long to wait for an orphaned run to die once killed. */
#define ORPHAN_WAIT_MS 2000

/* A batch run that the dead spawner left behind (its pid is in the shared
 * page) now belongs to init: it is killed with its whole group, so that it
 * does not overlap the runs that follow. The pid is still its group's id
 * while it exists; getpgid tells whether that is still so. */
static void kill_orphan(void) {
  pid_t pid = spawner.shared ? spawner.shared->current : 0;
  struct pollfd p;
  if (pid <= 0) return;
  spawner.shared->current = 0;
  p.fd = (int)syscall(SYS_pidfd_open, pid, 0);
  p.events = POLLIN;
  if (getpgid(pid) == pid) {
    kill(-pid, SIGKILL);
    if (p.fd >= 0) poll(&p, 1, ORPHAN_WAIT_MS);
  }
  if (p.fd >= 0) close(p.fd);
}

static void spawner_stop(void) {
  /* Commands we start ourselves from now on inherit our mask. */
  if (pin.active) sched_setaffinity(0, sizeof pin.own, &pin.own);
  pin.active = 0;
  if (spawner.sock >= 0) close(spawner.sock);
  if (spawner.pid > 0) {
    kill(spawner.pid, SIGKILL);
    waitpid(spawner.pid, NULL, 0);
    kill_orphan();
  }
  spawner.sock = -1;
  spawner.pid = -1;
  spawner.way =
      spawner.starts < SPAWNER_STARTS ? LB_SPAWN_UNDECIDED : LB_SPAWN_DIRECT;
}

/* Maps the page shared with the spawner (spawner.h). Returns the memfd
 * for the spawner to map too, or -1: the spawner then keeps its own, and
 * a batch run it leaves behind when it dies cannot be found. */
static int shared_page(void) {
  void *p;
  int fd = memfd_create("luabench-shared", MFD_CLOEXEC);
  if (spawner.shared) munmap(spawner.shared, sizeof *spawner.shared);
  spawner.shared = NULL;
  if (fd < 0) return -1;
  if (ftruncate(fd, sizeof *spawner.shared) != 0 ||
      (p = mmap(NULL, sizeof *spawner.shared, PROT_READ | PROT_WRITE,
                MAP_SHARED, fd, 0)) == MAP_FAILED) {
    close(fd);
    return -1;
  }
  spawner.shared = p;
  return fd;
}

/* Copying the spawner's executable (~680 KB) into the memfd faults in the
 * pages of our own binary that hold it; they count in luabench's resident
 * memory (item 6 of docs/performance.md) although they are never read
 * again. They are clean pages of the executable file, so dropping them
 * from our page tables is safe: a later read would fault them back in.
 * This drops the whole pages of the blob's first `done` bytes. */
static void release_blob_pages(size_t done) {
  uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
  uintptr_t lo = ((uintptr_t)lb_spawner_blob + page - 1) & ~(page - 1);
  uintptr_t hi = ((uintptr_t)lb_spawner_blob + done) & ~(page - 1);
  if (hi > lo) (void)madvise((void *)lo, hi - lo, MADV_DONTNEED);
}

/* The copy goes in pieces of this size, each dropped once written: copied
 * whole, the blob was resident all at once, and as the spawner starts
 * after the sample lists are made, that moment was luabench's peak for
 * 20,000 runs (+0.57 MiB). */
#define BLOB_CHUNK (64u * 1024)

/* A memfd holding the spawner's executable. Returns 0 and sets *fd, or a
 * negative errno value. */
static int blob_memfd(int *fd) {
  struct sigaction xfsz;
  size_t off = 0;
  int err = 0;

  if ((*fd = memfd_create("luabench-spawner", MFD_CLOEXEC)) < 0) return -errno;
  lb_xfsz_ignore(&xfsz); /* a memfd counts against the file size limit */
  while (off < lb_spawner_blob_size && !err) {
    size_t left = lb_spawner_blob_size - off;
    ssize_t n = write(*fd, lb_spawner_blob + off,
                      left < BLOB_CHUNK ? left : BLOB_CHUNK);
    if (n < 0 && errno == EINTR) continue;
    if (n > 0)
      off += (size_t)n;
    else
      err = n < 0 ? -errno : -EIO;
    release_blob_pages(err ? lb_spawner_blob_size : off);
  }
  lb_xfsz_restore(&xfsz);
  if (err) close(*fd);
  return err;
}

/* The spawner's descriptors: /dev/null as its standard streams, its end
 * of the control socket, and the shared page when there is one. */
static int spawner_actions(posix_spawn_file_actions_t *fa, int nul, int sock,
                           int shm) {
  int err = posix_spawn_file_actions_adddup2(fa, nul, 0);
  if (!err) err = posix_spawn_file_actions_adddup2(fa, nul, 1);
  if (!err) err = posix_spawn_file_actions_adddup2(fa, nul, 2);
  if (!err) err = posix_spawn_file_actions_adddup2(fa, sock, LB_SPAWNER_FD);
  if (!err && shm >= 0)
    err = posix_spawn_file_actions_adddup2(fa, shm, LB_SHARED_FD);
  return -err;
}

/* Starts the spawner's executable, at `path`, with `argv`, our end of the
 * control socket `sock` and the shared page `shm` (or -1). In its own
 * process group: a Ctrl-C at the terminal is ours to handle, and must not
 * kill the spawner. */
static int spawn_spawner(const char *path, char **argv, int sock, int shm) {
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  int nul, err;

  if ((nul = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0) return -errno;
  if ((err = posix_spawn_file_actions_init(&fa)) != 0) {
    close(nul);
    return -err;
  }
  err = spawner_actions(&fa, nul, sock, shm);
  if (!err && (err = -posix_spawnattr_init(&attr)) == 0) {
    err = setup_attr(&attr);
    if (!err) err = -posix_spawn(&spawner.pid, path, &fa, &attr, argv, environ);
    posix_spawnattr_destroy(&attr);
  }
  posix_spawn_file_actions_destroy(&fa);
  close(nul);
  return err;
}

/* Starts the spawner from a memfd holding its executable. Returns 0 or a
 * negative errno value; the caller then spawns directly. */
static int spawner_start(void) {
  const char *env = getenv("LUABENCH_SPAWNER");
  char path[64], cpu_arg[16], pid_arg[24];
  char *argv[] = {"luabench-spawner", cpu_arg, pid_arg, NULL};
  int sv[2], mfd, shm, cpu, err;

  spawner.way = LB_SPAWN_DIRECT;
  if (env && strcmp(env, "0") == 0) return -ENOTSUP;
  spawner.starts++;
  if ((err = blob_memfd(&mfd)) != 0) return err;
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
    err = -errno;
    close(mfd);
    return err;
  }
  snprintf(path, sizeof path, "/proc/self/fd/%d", mfd);
  cpu = pin_choose();
  snprintf(cpu_arg, sizeof cpu_arg, "%d", cpu);
  snprintf(pid_arg, sizeof pid_arg, "%ld", (long)getpid());
  shm = shared_page();
  err = spawn_spawner(path, argv, sv[1], shm);
  if (shm >= 0) close(shm);
  close(mfd);
  close(sv[1]);
  if (err) {
    close(sv[0]);
    spawner.pid = -1;
    return err;
  }
  spawner.sock = sv[0];
  spawner.way = LB_SPAWN_SPAWNER;
  /* The spawner pins itself to the same CPU, and gives each command the
   * mask it was started with, our own (spawner_main.c). */
  if (cpu >= 0)
    pin.active = sched_setaffinity(0, sizeof pin.one, &pin.one) == 0;
  return 0;
}

static int add_string(char *buf, size_t *len, const char *s) {
  size_t n = strlen(s) + 1;
  if (*len + n > LB_SPAWNER_MAX) return LB_SPAWN_DECLINED;
  memcpy(buf + *len, s, n);
  *len += n;
  return 0;
}

/* Lays out a request in buf: the header *h (argc, envc and has_cwd are
 * filled here), then the strings; with `last_env`, one more environment
 * string after the others. Returns 0 and sets *len, or LB_SPAWN_DECLINED
 * when it is too large for the spawner. */
static int build_request(char *buf, size_t *len, const lb_spawn_opts *opts,
                         lb_spawn_req *h, const char *last_env) {
  char *const *envp = opts->envp ? opts->envp : environ;
  uint32_t i;

  *len = sizeof *h;
  h->magic = LB_SPAWNER_MAGIC;
  for (i = 0; opts->argv[i]; i++)
    if (add_string(buf, len, opts->argv[i]) != 0) return LB_SPAWN_DECLINED;
  h->argc = i;
  for (i = 0; envp[i]; i++)
    if (add_string(buf, len, envp[i]) != 0) return LB_SPAWN_DECLINED;
  if (last_env) {
    if (add_string(buf, len, last_env) != 0) return LB_SPAWN_DECLINED;
    i++;
  }
  h->envc = i;
  h->has_cwd = 0;
  if (opts->cwd) {
    if (add_string(buf, len, opts->cwd) != 0) return LB_SPAWN_DECLINED;
    h->has_cwd = 1;
  }
  memcpy(buf, h, sizeof *h);
  return 0;
}

/* Sends a request (build_request's arguments), with the child's standard
 * streams as SCM_RIGHTS. Returns 0, or LB_SPAWN_DECLINED when it cannot go
 * through the spawner: too large, or the spawner failed (it is stopped
 * then). */
static int send_request(const lb_spawn_opts *opts, lb_spawn_req *h,
                        const char *last_env) {
  static char buf[LB_SPAWNER_MAX];
  char ctrl[CMSG_SPACE(3 * sizeof(int))];
  int fds[3];
  struct iovec iov;
  struct msghdr msg;
  struct cmsghdr *c;
  size_t len;
  ssize_t n;

  if (build_request(buf, &len, opts, h, last_env) != 0)
    return LB_SPAWN_DECLINED;
  fds[0] = opts->stdin_fd;
  fds[1] = opts->stdout_fd >= 0 ? opts->stdout_fd : 1;
  fds[2] = opts->stderr_fd >= 0 ? opts->stderr_fd : 2;
  memset(&msg, 0, sizeof msg);
  memset(ctrl, 0, sizeof ctrl);
  iov.iov_base = buf;
  iov.iov_len = len;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = ctrl;
  msg.msg_controllen = sizeof ctrl;
  c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof fds);
  memcpy(CMSG_DATA(c), fds, sizeof fds);

  do
    n = sendmsg(spawner.sock, &msg, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  if (n == (ssize_t)len) return 0;
  /* EMSGSIZE: this one is too big for the socket; others may pass. */
  if (n >= 0 || errno != EMSGSIZE) spawner_stop();
  return LB_SPAWN_DECLINED;
}

/* Returns 0, a negative errno value (the command could not start), or
 * LB_SPAWN_DECLINED when it must be spawned directly. */
static int spawn_via_spawner(const lb_spawn_opts *opts, pid_t *pid,
                             uint64_t *t0, int *cwd_failed) {
  lb_spawn_req h;
  lb_spawn_rep rep;
  ssize_t n;

  memset(&h, 0, sizeof h);
  if (send_request(opts, &h, NULL) != 0) return LB_SPAWN_DECLINED;
  do
    n = recv(spawner.sock, &rep, sizeof rep, 0);
  while (n < 0 && errno == EINTR);
  if (n != (ssize_t)sizeof rep) {
    spawner_stop();
    return LB_SPAWN_DECLINED;
  }
  /* No child: it could not be created, or the request was not understood
   * (LB_SPAWN_DECLINED). */
  if (rep.pid <= 0) return rep.err < 0 ? rep.err : LB_SPAWN_DECLINED;
  if (rep.err) {
    /* The child exists but could not exec; it is ours to reap. */
    while (waitpid(rep.pid, NULL, 0) < 0 && errno == EINTR)
      ;
    *cwd_failed = rep.err_cwd;
    return rep.err;
  }
  *pid = rep.pid;
  *t0 = rep.t0;
  return 0;
}

/* Tries to start a spawner when none runs and one may start. */
static int spawner_ready(void) {
  if (spawner.way == LB_SPAWN_UNDECIDED) spawner_start();
  return spawner.way == LB_SPAWN_SPAWNER;
}

/* How many times a request is tried: a spawner found dead is replaced at
 * once (spawner_stop), once. */
#define REQUEST_TRIES 2

int lb_spawn(const lb_spawn_opts *opts, pid_t *pid, uint64_t *t0,
             int *cwd_failed) {
  int tries, err;
  *cwd_failed = 0;
  for (tries = 0; tries < REQUEST_TRIES && spawner_ready(); tries++) {
    err = spawn_via_spawner(opts, pid, t0, cwd_failed);
    if (err != LB_SPAWN_DECLINED) return err;
    /* Too large for it: the spawner lives, this one is started directly. */
    if (spawner.way == LB_SPAWN_SPAWNER) break;
  }
  return spawn_direct(opts, pid, t0);
}

lb_spawn_way lb_spawn_mode(pid_t *pid) {
  *pid = spawner.pid;
  return spawner.way;
}

int lb_spawn_batch(const lb_spawn_opts *opts, const lb_batch_opts *b,
                   int *sock) {
  char last[LB_ITERATION_MAX];
  lb_spawn_req h;
  int tries;

  if (b->runs == 0) return LB_SPAWN_DECLINED;
  memset(&h, 0, sizeof h);
  h.runs = b->runs;
  h.flags = b->keep_going ? LB_BATCH_KEEP_GOING : 0;
  h.iteration = b->first;
  h.flush_ns = b->flush_ns;
  if (b->iteration_var) {
    if (strlen(b->iteration_var) + 2 > sizeof last) return LB_SPAWN_DECLINED;
    snprintf(last, sizeof last, "%s=", b->iteration_var);
    h.flags |= LB_BATCH_ITERATION;
  }
  for (tries = 0; tries < REQUEST_TRIES && spawner_ready(); tries++) {
    if (send_request(opts, &h, b->iteration_var ? last : NULL) == 0) {
      *sock = spawner.sock;
      return 0;
    }
    if (spawner.way == LB_SPAWN_SPAWNER) break; /* too large for it */
  }
  return LB_SPAWN_DECLINED;
}

int lb_spawn_batch_read(lb_batch_msg *m) {
  ssize_t n;
  do
    n = recv(spawner.sock, m, sizeof *m, 0);
  while (n < 0 && errno == EINTR);
  if (n < 0) return errno == EWOULDBLOCK ? -EAGAIN : -errno;
  if (n < (ssize_t)offsetof(lb_batch_msg, runs) ||
      m->magic != LB_SPAWNER_MAGIC || m->count > LB_BATCH_CHUNK ||
      (size_t)n != offsetof(lb_batch_msg, runs) + m->count * sizeof m->runs[0])
    return -EPROTO;
  return 0;
}

void lb_spawn_batch_stop(int now) {
  if (spawner.way == LB_SPAWN_SPAWNER && spawner.pid > 0)
    kill(spawner.pid, now ? LB_BATCH_KILL : LB_BATCH_STOP);
}

void lb_spawn_batch_end(int lost) {
  int off = 0;
  if (lost) {
    spawner_stop();
    return;
  }
  /* The loop's watcher made the socket non-blocking; single runs wait for
   * the spawner's reply. */
  if (spawner.sock >= 0) ioctl(spawner.sock, FIONBIO, &off);
}

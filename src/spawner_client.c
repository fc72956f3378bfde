/* The runner's side of luabench-spawner (spawner_client.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
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

#include "pages.h"
#include "pin.h"
#include "spawner_client.h"
#include "writefile.h"

extern char **environ;

/* The spawner executable, compiled statically and embedded at build time
 * (spawner_blob.c). */
extern const unsigned char lb_spawner_blob[];
extern const size_t lb_spawner_blob_size;

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
  lb_pin_release();
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

/* Maps a new page to share with the spawner (spawner.h). Returns 0 with
 * *fd set to its memfd, for the spawner to map too, or a negative errno
 * value with *fd = -1: the spawner then keeps its own page, and a batch
 * run it leaves behind when it dies cannot be found. */
static int shared_page(int *fd) {
  void *p;
  int err;
  if (spawner.shared) munmap(spawner.shared, sizeof *spawner.shared);
  spawner.shared = NULL;
  if ((*fd = memfd_create("luabench-shared", MFD_CLOEXEC)) < 0) return -errno;
  if (ftruncate(*fd, sizeof *spawner.shared) != 0 ||
      (p = mmap(NULL, sizeof *spawner.shared, PROT_READ | PROT_WRITE,
                MAP_SHARED, *fd, 0)) == MAP_FAILED) {
    err = -errno;
    close(*fd);
    *fd = -1;
    return err;
  }
  spawner.shared = p;
  return 0;
}

/* The copy goes in pieces of this size, each dropped once written, so that
 * the blob is never resident whole: the spawner starts after the sample
 * lists are made, and that moment must not become luabench's peak. */
#define BLOB_CHUNK (64u * 1024)

/* A memfd holding the spawner's executable. Returns 0 and sets *fd, or a
 * negative errno value. Copying the executable faults in the pages of our
 * own binary that hold it, which would then count in luabench's resident
 * memory although they are never read again: they are dropped as the copy
 * goes (docs/performance.md, item 6). */
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
    lb_pages_drop(lb_spawner_blob, err ? lb_spawner_blob_size : off);
  }
  lb_xfsz_restore(&xfsz);
  if (err) close(*fd);
  return err;
}

/* Starts the spawner's executable, at `path`, with `argv`, its end of the
 * control socket `sock` and the shared page `shm` (or -1) as the
 * descriptors spawner.h names, and /dev/null as its standard streams. */
static int spawn_spawner(const char *path, char **argv, int sock, int shm) {
  int fds[LB_SHARED_FD + 1], nul, err;

  if ((nul = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0) return -errno;
  fds[0] = fds[1] = fds[2] = nul;
  fds[LB_SPAWNER_FD] = sock;
  fds[LB_SHARED_FD] = shm;
  err = lb_spawn_program(path, argv, fds,
                         shm >= 0 ? LB_SHARED_FD + 1 : LB_SHARED_FD,
                         &spawner.pid);
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
  lb_pin_choose(&cpu);
  snprintf(cpu_arg, sizeof cpu_arg, "%d", cpu);
  snprintf(pid_arg, sizeof pid_arg, "%ld", (long)getpid());
  shared_page(&shm); /* without it, the spawner keeps its own */
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
  lb_pin_hold();
  return 0;
}

static int add_string(char *buf, size_t *len, const char *s) {
  size_t n = strlen(s) + 1;
  if (*len + n > LB_SPAWNER_MAX) return LB_SPAWNER_DECLINED;
  memcpy(buf + *len, s, n);
  *len += n;
  return 0;
}

/* Lays out a request in buf: the header *h (argc, envc and has_cwd are
 * filled here), then the strings; with `last_env`, one more environment
 * string after the others. Returns 0 and sets *len, or LB_SPAWNER_DECLINED
 * when it is too large for the spawner. */
static int build_request(char *buf, size_t *len, const lb_spawn_opts *opts,
                         lb_spawn_req *h, const char *last_env) {
  char *const *envp = opts->envp ? opts->envp : environ;
  uint32_t i;

  *len = sizeof *h;
  h->magic = LB_SPAWNER_MAGIC;
  for (i = 0; opts->argv[i]; i++)
    if (add_string(buf, len, opts->argv[i]) != 0) return LB_SPAWNER_DECLINED;
  h->argc = i;
  for (i = 0; envp[i]; i++)
    if (add_string(buf, len, envp[i]) != 0) return LB_SPAWNER_DECLINED;
  if (last_env) {
    if (add_string(buf, len, last_env) != 0) return LB_SPAWNER_DECLINED;
    i++;
  }
  h->envc = i;
  h->has_cwd = 0;
  if (opts->cwd) {
    if (add_string(buf, len, opts->cwd) != 0) return LB_SPAWNER_DECLINED;
    h->has_cwd = 1;
  }
  memcpy(buf, h, sizeof *h);
  return 0;
}

/* Sends a request (build_request's arguments), with the child's standard
 * streams as SCM_RIGHTS. Returns 0, or LB_SPAWNER_DECLINED when it cannot go
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
    return LB_SPAWNER_DECLINED;
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
  return LB_SPAWNER_DECLINED;
}

/* Returns 0, a negative errno value (the command could not start), or
 * LB_SPAWNER_DECLINED when it must be spawned directly. */
static int spawn_via_spawner(const lb_spawn_opts *opts, pid_t *pid,
                             uint64_t *t0, int *cwd_failed) {
  lb_spawn_req h;
  lb_spawn_rep rep;
  ssize_t n;

  memset(&h, 0, sizeof h);
  if (send_request(opts, &h, NULL) != 0) return LB_SPAWNER_DECLINED;
  do
    n = recv(spawner.sock, &rep, sizeof rep, 0);
  while (n < 0 && errno == EINTR);
  if (n != (ssize_t)sizeof rep) {
    spawner_stop();
    return LB_SPAWNER_DECLINED;
  }
  /* No child: it could not be created, or the request was not understood
   * (LB_SPAWNER_DECLINED). */
  if (rep.pid <= 0) return rep.err < 0 ? rep.err : LB_SPAWNER_DECLINED;
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

int lb_spawner_spawn(const lb_spawn_opts *opts, pid_t *pid, uint64_t *t0,
                     int *cwd_failed) {
  int tries, err;
  for (tries = 0; tries < REQUEST_TRIES && spawner_ready(); tries++) {
    err = spawn_via_spawner(opts, pid, t0, cwd_failed);
    if (err != LB_SPAWNER_DECLINED) return err;
    /* Too large for it: the spawner lives, this one is started directly. */
    if (spawner.way == LB_SPAWN_SPAWNER) break;
  }
  return LB_SPAWNER_DECLINED;
}

lb_spawn_way lb_spawner_mode(pid_t *pid) {
  *pid = spawner.pid;
  return spawner.way;
}

int lb_spawner_batch(const lb_spawn_opts *opts, const lb_batch_opts *b,
                     int *sock) {
  char last[LB_ITERATION_MAX];
  lb_spawn_req h;
  int tries;

  if (b->runs == 0) return LB_SPAWNER_DECLINED;
  memset(&h, 0, sizeof h);
  h.runs = b->runs;
  h.flags = b->keep_going ? LB_BATCH_KEEP_GOING : 0;
  h.iteration = b->first;
  h.flush_ns = b->flush_ns;
  if (b->iteration_var) {
    if (strlen(b->iteration_var) + 2 > sizeof last) return LB_SPAWNER_DECLINED;
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
  return LB_SPAWNER_DECLINED;
}

int lb_spawner_batch_read(lb_batch_msg *m) {
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

void lb_spawner_batch_stop(int now) {
  if (spawner.way == LB_SPAWN_SPAWNER && spawner.pid > 0)
    kill(spawner.pid, now ? LB_BATCH_KILL : LB_BATCH_STOP);
}

void lb_spawner_batch_end(int lost) {
  int off = 0;
  if (lost) {
    spawner_stop();
    return;
  }
  /* The loop's watcher made the socket non-blocking; single runs wait for
   * the spawner's reply. */
  if (spawner.sock >= 0) ioctl(spawner.sock, FIONBIO, &off);
}

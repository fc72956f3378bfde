/* luabench-spawner: starts commands for the runner from a tiny address
 * space (see spawner.h for why). Built static, embedded in the core, and
 * started from a memfd; it serves requests on fd 3 until the runner closes
 * its end. It never waits for the commands: they are the runner's children
 * (CLONE_PARENT). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "spawner.h"

typedef struct job {
  char **argv;
  char **envp;
  const char *cwd;
  int fds[3];
  volatile int err; /* written by the child, which shares our memory */
  volatile int err_cwd;
} job;

static char request[LB_SPAWNER_MAX + 1];
static char *ptrs[LB_SPAWNER_MAX / 2 + 2];
static char child_stack[64 * 1024] __attribute__((aligned(16)));

/* execvp's search without its fallback of running a non-ELF file with
 * /bin/sh, so that the result is what posix_spawnp would give. */
static void exec_path(job *j) {
  const char *file = j->argv[0];
  const char *path;
  char buf[4096];
  int saw_eacces = 0;

  if (strchr(file, '/')) {
    execve(file, j->argv, j->envp);
    return;
  }
  path = getenv("PATH");
  if (path == NULL) path = "/usr/local/bin:/usr/bin:/bin";
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

static int child(void *arg) {
  job *j = arg;
  sigset_t none;
  int i;

  setpgid(0, 0); /* a group of its own, so that a timeout kills it all */
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
  j->err = errno ? errno : ENOEXEC;
  _exit(127);
}

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Splits the strings after the header into argv, envp and cwd:
 * ptrs = argv..., NULL, envp..., NULL. */
static int parse(size_t len, job *j) {
  lb_spawn_req h;
  size_t off = sizeof h, k;
  if (len < sizeof h) return -1;
  memcpy(&h, request, sizeof h);
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

int main(void) {
  /* Our control socket must not leak into the commands. */
  fcntl(LB_SPAWNER_FD, F_SETFD, FD_CLOEXEC);
  for (;;) {
    char ctrl[CMSG_SPACE(3 * sizeof(int))];
    struct iovec iov = {request, LB_SPAWNER_MAX};
    struct msghdr msg;
    struct cmsghdr *c;
    lb_spawn_rep rep;
    job j;
    ssize_t len;
    int i;

    memset(&msg, 0, sizeof msg);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = ctrl;
    msg.msg_controllen = sizeof ctrl;
    len = recvmsg(LB_SPAWNER_FD, &msg, MSG_CMSG_CLOEXEC);
    if (len < 0 && errno == EINTR) continue;
    if (len <= 0) return 0; /* the runner went away */

    memset(&j, 0, sizeof j);
    j.fds[0] = j.fds[1] = j.fds[2] = -1;
    c = CMSG_FIRSTHDR(&msg);
    if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
        c->cmsg_len == CMSG_LEN(3 * sizeof(int)))
      memcpy(j.fds, CMSG_DATA(c), sizeof j.fds);

    memset(&rep, 0, sizeof rep);
    if (j.fds[2] < 0 || parse((size_t)len, &j) != 0) {
      rep.err = EINVAL;
    } else {
      rep.t0 = now_ns();
      rep.pid = clone(child, child_stack + sizeof child_stack,
                      CLONE_VM | CLONE_VFORK | CLONE_PARENT | SIGCHLD, &j);
      if (rep.pid < 0) {
        rep.err = errno;
        rep.pid = 0;
      } else {
        rep.err = j.err;
        rep.err_cwd = j.err_cwd;
      }
    }
    for (i = 0; i < 3; i++)
      if (j.fds[i] >= 0) close(j.fds[i]);
    while (send(LB_SPAWNER_FD, &rep, sizeof rep, MSG_NOSIGNAL) < 0 &&
           errno == EINTR)
      ;
  }
}

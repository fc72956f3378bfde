/* Starting one child process (spawn.h): through the spawner's client, or
 * directly with posix_spawnp; also the spawner itself. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "spawn.h"
#include "spawner_client.h"

extern char **environ;

/* Signals that a runner may ignore or handle and that must not stay that way
 * in the benchmarked program (an ignored SIGPIPE or SIGINT is inherited across
 * exec). */
static const int reset_signals[] = {SIGHUP,  SIGINT,  SIGQUIT, SIGPIPE,
                                    SIGALRM, SIGTERM, SIGUSR1, SIGUSR2,
                                    SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU};

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

/* posix_spawnp of `file` with the file actions `fa` and the attributes every
 * child of ours gets; *t0 (when not NULL) is the clock just before. */
static int spawn_with(const posix_spawn_file_actions_t *fa, const char *file,
                      char *const argv[], char *const envp[], pid_t *pid,
                      uint64_t *t0) {
  posix_spawnattr_t attr;
  int err;

  if ((err = posix_spawnattr_init(&attr)) != 0) return -err;
  err = setup_attr(&attr);
  if (!err) {
    if (t0) *t0 = lb_clock_ns();
    err = -posix_spawnp(pid, file, fa, &attr, argv, envp);
  }
  posix_spawnattr_destroy(&attr);
  return err;
}

static int spawn_direct(const lb_spawn_opts *opts, pid_t *pid, uint64_t *t0) {
  posix_spawn_file_actions_t fa;
  int err;

  if ((err = posix_spawn_file_actions_init(&fa)) != 0) return -err;
  err = setup_actions(&fa, opts);
  if (!err)
    err = spawn_with(&fa, opts->argv[0], opts->argv,
                     opts->envp ? opts->envp : environ, pid, t0);
  posix_spawn_file_actions_destroy(&fa);
  return err;
}

int lb_spawn(const lb_spawn_opts *opts, pid_t *pid, uint64_t *t0,
             int *cwd_failed) {
  int err;
  *cwd_failed = 0;
  err = lb_spawner_spawn(opts, pid, t0, cwd_failed);
  if (err != LB_SPAWNER_DECLINED) return err;
  return spawn_direct(opts, pid, t0);
}

int lb_spawn_program(const char *path, char *const argv[], const int *fds,
                     int nfds, pid_t *pid) {
  posix_spawn_file_actions_t fa;
  int i, err;

  if ((err = posix_spawn_file_actions_init(&fa)) != 0) return -err;
  for (i = 0; i < nfds && !err; i++)
    err = -posix_spawn_file_actions_adddup2(&fa, fds[i], i);
  if (!err) err = spawn_with(&fa, path, argv, environ, pid, NULL);
  posix_spawn_file_actions_destroy(&fa);
  return err;
}

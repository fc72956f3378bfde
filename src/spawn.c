#define _GNU_SOURCE
#include <signal.h>
#include <spawn.h>

#include "spawn.h"

extern char **environ;

/* Signals that a runner may ignore or handle and that must not stay that way
 * in the benchmarked program (an ignored SIGPIPE or SIGINT is inherited across
 * exec). */
static const int reset_signals[] = {SIGHUP,  SIGINT,  SIGQUIT, SIGPIPE,
                                    SIGALRM, SIGTERM, SIGUSR1, SIGUSR2,
                                    SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU};

int lb_spawn(const lb_spawn_opts *opts, pid_t *pid) {
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  sigset_t set;
  int err;
  size_t i;

  if ((err = posix_spawn_file_actions_init(&fa)) != 0) return err;
  if ((err = posix_spawnattr_init(&attr)) != 0) {
    posix_spawn_file_actions_destroy(&fa);
    return err;
  }

  /* Our descriptors are all O_CLOEXEC; dup2 onto 0/1/2 clears the flag. */
  err = posix_spawn_file_actions_adddup2(&fa, opts->stdin_fd, 0);
  if (!err && opts->stdout_fd >= 0)
    err = posix_spawn_file_actions_adddup2(&fa, opts->stdout_fd, 1);
  if (!err && opts->stderr_fd >= 0)
    err = posix_spawn_file_actions_adddup2(&fa, opts->stderr_fd, 2);
  if (!err && opts->cwd)
    err = posix_spawn_file_actions_addchdir_np(&fa, opts->cwd);
  if (err) goto done;

  sigemptyset(&set);
  for (i = 0; i < sizeof reset_signals / sizeof reset_signals[0]; i++)
    sigaddset(&set, reset_signals[i]);
  if ((err = posix_spawnattr_setsigdefault(&attr, &set)) != 0) goto done;
  sigemptyset(&set);
  if ((err = posix_spawnattr_setsigmask(&attr, &set)) != 0) goto done;
  if ((err = posix_spawnattr_setpgroup(&attr, 0)) != 0) goto done;
  err = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP |
                                            POSIX_SPAWN_SETSIGDEF |
                                            POSIX_SPAWN_SETSIGMASK);
  if (err) goto done;

  err = posix_spawnp(pid, opts->argv[0], &fa, &attr, opts->argv,
                     opts->envp ? opts->envp : environ);

done:
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&fa);
  return err;
}

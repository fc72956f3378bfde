/* Starting one child process in a process group of its own: through the
 * spawner when there is one (spawner_client.h), else with posix_spawnp. */
#ifndef LB_SPAWN_H
#define LB_SPAWN_H

#include <stdint.h>
#include <sys/types.h>

typedef struct lb_spawn_opts {
  char *const *argv; /* argv[0] is searched in PATH when it has no slash */
  char *const *envp; /* complete environment; NULL inherits ours */
  const char *cwd;   /* working directory; NULL inherits ours */
  int stdin_fd;      /* fd that becomes the child's 0 */
  int stdout_fd;     /* fd that becomes 1, or -1 to inherit ours */
  int stderr_fd;     /* fd that becomes 2, or -1 to inherit ours */
} lb_spawn_opts;

/* Starts the child: it leads a new process group (so that a timeout or
 * Ctrl-C can kill everything it started), has an empty signal mask and
 * default dispositions, and is our own child whichever way it was started.
 *
 * The way: through luabench-spawner (see spawner.h) when it is available,
 * so that the child's peak-RSS account does not start from our size; else
 * posix_spawnp, which glibc implements with clone(CLONE_VM | CLONE_VFORK),
 * so that no page tables are copied either way.
 *
 * Returns 0 and sets *pid and *t0 (the monotonic clock just before the
 * child was created), or a negative errno value, with *cwd_failed set when
 * it came from changing directory. Nothing is left running on failure. */
int lb_spawn(const lb_spawn_opts *opts, pid_t *pid, uint64_t *t0,
             int *cwd_failed);

/* Starts a program of ours (the spawner) at `path`, with `argv` and our
 * environment, as every child starts (see lb_spawn), with fds[i] as its
 * descriptor i for i < nfds. Returns 0 and sets *pid, or a negative errno
 * value. */
int lb_spawn_program(const char *path, char *const argv[], const int *fds,
                     int nfds, pid_t *pid);

#endif

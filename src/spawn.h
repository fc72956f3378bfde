/* Starting one child process in a process group of its own. */
#ifndef LB_SPAWN_H
#define LB_SPAWN_H

#include <sys/types.h>

typedef struct lb_spawn_opts {
  char *const *argv; /* argv[0] is searched in PATH when it has no slash */
  char *const *envp; /* complete environment; NULL inherits ours */
  const char *cwd;   /* working directory; NULL inherits ours */
  int stdin_fd;      /* fd that becomes the child's 0 */
  int stdout_fd;     /* fd that becomes 1, or -1 to inherit ours */
  int stderr_fd;     /* fd that becomes 2, or -1 to inherit ours */
} lb_spawn_opts;

/* Starts the child with posix_spawn, which glibc implements with
 * clone(CLONE_VM | CLONE_VFORK): no page tables are copied, so the cost does
 * not grow with the runner's own memory. The child leads a new process group
 * (so a timeout or Ctrl-C can kill everything it started), has an empty
 * signal mask and default dispositions. Returns 0 and sets *pid, or a
 * positive errno value (ENOENT for a missing executable, a chdir failure...). */
int lb_spawn(const lb_spawn_opts *opts, pid_t *pid);

#endif

/* Starting one child process in a process group of its own. */
#ifndef LB_SPAWN_H
#define LB_SPAWN_H

#include <errno.h>
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

/* How commands are started. */
typedef enum lb_spawn_way {
  LB_SPAWN_UNDECIDED, /* before the first command */
  LB_SPAWN_DIRECT,    /* by posix_spawnp */
  LB_SPAWN_SPAWNER    /* through the spawner */
} lb_spawn_way;

/* How commands are started now, with the spawner's pid in *pid (-1 when
 * there is none). LUABENCH_SPAWNER=0 in the environment turns the spawner
 * off; one that keeps dying leaves commands started directly. */
lb_spawn_way lb_spawn_mode(pid_t *pid);

/* Where the runner and the spawner run (docs/measurement.md, "Which CPU").
 * With lb_pin_enable(1), called by the luabench executable before any
 * spawn, starting the spawner pins us and it to the CPU we are on, when
 * our mask holds more than one and LUABENCH_PIN is not 0 in the
 * environment: a request then wakes the spawner on the CPU we leave idle,
 * not on another one, which costs a virtual machine tens of microseconds
 * a run. Every command gets our original mask (spawner_main.c: set
 * before exec, or the spawner's own during a batch); ours is restored if
 * the spawner stops. */
void lb_pin_enable(int on);

/* Around starting a process ourselves (os.execute, io.popen): with
 * `pause`, back to our original mask, so that the process inherits it;
 * without, pinned again. Nothing to do when we are not pinned. Returns 0
 * or a negative errno value. */
int lb_pin_pause(int pause);

/* A batch: many runs of one command in the spawner (spawner.h). */
typedef struct lb_batch_opts {
  uint32_t runs;             /* how many, at least 1 */
  uint64_t first;            /* the number of the first run */
  const char *iteration_var; /* NULL, or a variable set to each run's number */
  int keep_going;            /* go on after a failed run */
  uint64_t flush_ns;         /* the figures arrive at least this often */
} lb_batch_opts;

/* What the spawner's side returns when the spawner cannot take a request
 * (there is none, it is gone, or the request is too large for it): nothing
 * ran, and a single run is started directly instead. Starting a command
 * (clone, chdir, exec) never fails with this code. */
#define LB_SPAWN_DECLINED (-ENOTSUP)

/* Sends a batch to the spawner. Returns 0 with *sock set to the socket on
 * which its lb_batch_msg messages arrive (read them with
 * lb_spawn_batch_read until one is marked done), or LB_SPAWN_DECLINED:
 * nothing ran then. The socket must not be used for anything else until
 * the batch is done and lb_spawn_batch_end called. */
int lb_spawn_batch(const lb_spawn_opts *opts, const lb_batch_opts *b,
                   int *sock);

/* Reads one message into *m. Returns 0, -EAGAIN when none is there yet
 * (the socket is non-blocking under a watcher), or another negative errno
 * value when the spawner is gone or spoke nonsense (-EPROTO): then
 * lb_spawn_batch_end must be told. */
struct lb_batch_msg;
int lb_spawn_batch_read(struct lb_batch_msg *m);

/* Asks the spawner to stop the batch: the run in progress gets SIGTERM in
 * its process group, or SIGKILL with `now`. */
void lb_spawn_batch_stop(int now);

/* After the batch, once nothing watches the socket: back in blocking mode,
 * or with `lost` (lb_spawn_batch_read failed) the spawner is stopped and
 * the next request starts another. */
void lb_spawn_batch_end(int lost);

#endif

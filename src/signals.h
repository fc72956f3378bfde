/* SIGINT, SIGTERM and SIGHUP while benchmarking: remember them, wake the
 * loop; a second one ends luabench at once, and the command with it. */
#ifndef LB_SIGNALS_H
#define LB_SIGNALS_H

#include <sys/types.h>
#include <uv.h>

/* The exit status of a luabench that a signal interrupted, whichever. */
#define LB_EXIT_INTERRUPTED 130

/* Installs handlers for SIGINT, SIGTERM and SIGHUP that record the signal
 * and wake `loop`, so that the run in progress can kill its child's process
 * group and the runner can stop cleanly. A second signal does not wait: it
 * kills the process group of the run in progress (lb_signals_track) with
 * SIGKILL, and ends luabench with LB_EXIT_INTERRUPTED. SIGPIPE is ignored
 * so that writing to a closed pipe is an error, not death.
 * Returns 0 or a negative errno value (libuv's error codes are those on
 * Unix). Idempotent. */
int lb_signals_install(uv_loop_t *loop);

/* The first signal caught, or 0. */
int lb_signals_caught(void);

/* Called on the loop thread after a signal was caught; one listener at a
 * time (the run in progress), NULL to remove it. */
void lb_signals_listen(void (*fn)(void *arg), void *arg);

/* What a second signal must kill before luabench exits: the process group
 * `group` of a run in progress (0: none), and the spawner `batch` while it
 * runs a batch (0: none; it is sent LB_BATCH_KILL, which kills the run it
 * is in). */
void lb_signals_track(pid_t group, pid_t batch);

#endif

/* SIGINT and SIGTERM while benchmarking: remember them, wake the loop. */
#ifndef LB_SIGNALS_H
#define LB_SIGNALS_H

#include <uv.h>

/* Installs handlers for SIGINT and SIGTERM that record the signal and wake
 * `loop`, so that the run in progress can kill its child's process group and
 * the runner can stop cleanly. A second signal restores the default action
 * and re-raises it: pressing Ctrl-C twice always ends the process. SIGPIPE is
 * ignored so that writing to a closed pipe is an error, not death.
 * Returns 0 or a negative libuv error code. Idempotent. */
int lb_signals_install(uv_loop_t *loop);

/* The first signal caught, or 0. */
int lb_signals_caught(void);

/* Forgets a caught signal (for a caller that handled it and goes on). */
void lb_signals_clear(void);

/* Called on the loop thread after a signal was caught; one listener at a
 * time (the run in progress), NULL to remove it. */
void lb_signals_listen(void (*fn)(void *arg), void *arg);

#endif

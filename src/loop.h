/* The libuv loop plumbing that a run (run.c) and a batch (batch.c) share:
 * their handles, closed and counted until the last is gone; a periodic
 * timer; the loop run until then, listening to signals. */
#ifndef LB_LOOP_H
#define LB_LOOP_H

#include <stdint.h>
#include <uv.h>

/* The handles of one run or batch, counted so that its loop runs until all
 * are closed. It is the first member of the caller's state: the `data` of
 * every handle added points to it, so that a callback casts it back to the
 * state, and the close callback finds the count. */
typedef struct lb_handles {
  int open; /* added and not closed yet */
} lb_handles;

/* Adds `handle`, just initialised, to hs. */
void lb_handles_add(lb_handles *hs, void *handle);

/* Closes `handle` if it was added and is not closing yet. */
void lb_handles_close(void *handle);

/* Initialises `timer`, adds it to hs and starts it calling `cb` every
 * `period_ns`, in whole milliseconds (at least 1 ms). Returns 0 or a
 * negative errno value. */
int lb_loop_every(uv_loop_t *loop, lb_handles *hs, uv_timer_t *timer,
                  uint64_t period_ns, uv_timer_cb cb);

/* Runs `loop` until every handle of hs is closed, with on_signal(arg)
 * called on the loop when SIGINT, SIGTERM or SIGHUP arrives, at once if
 * one was caught already (signals.h); on_signal may be NULL. */
void lb_loop_run(uv_loop_t *loop, lb_handles *hs, void (*on_signal)(void *),
                 void *arg);

#endif

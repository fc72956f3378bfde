/* Many runs of one command, measured by the spawner (spawner.h). */
#ifndef LB_BATCH_H
#define LB_BATCH_H

#include <stdint.h>
#include <uv.h>

#include "run.h"
#include "spawner_client.h"

/* Called on the loop with each run's figures, in order; `index` counts from
 * lb_batch_opts.first. A non-zero return stops the batch (the run in
 * progress is killed and discarded). */
typedef int (*lb_batch_cb)(void *arg, const lb_batch_run *run, uint64_t index);

typedef struct lb_batch_result {
  uint32_t runs;    /* runs passed to the callback */
  int interrupted;  /* SIGINT/SIGTERM stopped it */
  int aborted;      /* the tick function asked to stop */
  int stopped;      /* the callback asked to stop */
  int spawner_lost; /* the spawner went away: the rest did not run */
  int err;          /* 0, or the negative errno of a run that could not
                     * start */
  int err_cwd;      /* ... because changing directory failed */
} lb_batch_result;

/* Runs the command of `opts` b->runs times in the spawner, each run timed
 * there from just before its creation to the return of wait4 (as a bare
 * spawn loop does), with the rusage of its own wait4. The spawner stops
 * after a run that failed unless b->keep_going, and after one that could
 * not start (res->err). Of `opts`, these count: argv, envp, cwd, in (NULL
 * only), out and err (NULL or INHERIT), grace_ns, tick. Interrupts stop it
 * as they stop lb_run.
 *
 * Returns 0 when the batch ran (res says how far), LB_SPAWNER_DECLINED
 * (-ENOTSUP) when it could not go through the spawner (no spawner, or too
 * large a request), or another negative errno value (/dev/null could not
 * be opened): nothing ran then, and single runs should be used. */
int lb_run_batch(uv_loop_t *loop, const lb_run_opts *opts,
                 const lb_batch_opts *b, lb_batch_cb cb, void *arg,
                 lb_batch_result *res);

#endif

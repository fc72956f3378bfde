/* The runner's side of luabench-spawner (spawner.h): starting it from the
 * embedded executable, restarting it when it dies, stopping it, the page
 * it shares with us, and the requests, replies and batch messages of the
 * wire protocol. */
#ifndef LB_SPAWNER_CLIENT_H
#define LB_SPAWNER_CLIENT_H

#include <errno.h>
#include <stdint.h>
#include <sys/types.h>

#include "spawn.h"
#include "spawner.h"

/* What these functions return when the spawner cannot take a request
 * (there is none, it is gone, or the request is too large for it): nothing
 * ran. Starting a command (clone, chdir, exec) never fails with this code. */
#define LB_SPAWNER_DECLINED (-ENOTSUP)

/* How commands are started. */
typedef enum lb_spawn_way {
  LB_SPAWN_UNDECIDED, /* no spawner now: the next request starts one */
  LB_SPAWN_DIRECT,    /* by posix_spawnp: LUABENCH_SPAWNER=0 in the
                       * environment, or spawners kept dying */
  LB_SPAWN_SPAWNER    /* through the spawner */
} lb_spawn_way;

/* How commands are started now, with the spawner's pid in *pid (-1 when
 * there is none). */
lb_spawn_way lb_spawner_mode(pid_t *pid);

/* Starts one child through the spawner, as lb_spawn says. Returns 0 and
 * sets *pid and *t0, a negative errno value when the command could not
 * start (with *cwd_failed set when it came from changing directory), or
 * LB_SPAWNER_DECLINED: then it is for the caller to start. */
int lb_spawner_spawn(const lb_spawn_opts *opts, pid_t *pid, uint64_t *t0,
                     int *cwd_failed);

/* A batch: many runs of one command in the spawner (spawner.h). */
typedef struct lb_batch_opts {
  uint32_t runs;             /* how many, at least 1 */
  uint64_t first;            /* the number of the first run */
  const char *iteration_var; /* NULL, or a variable set to each run's number */
  int keep_going;            /* go on after a failed run */
  uint64_t flush_ns;         /* the figures arrive at least this often */
} lb_batch_opts;

/* Sends a batch to the spawner. Returns 0 with *sock set to the socket on
 * which its lb_batch_msg messages arrive (read them with
 * lb_spawner_batch_read until one is marked done), or LB_SPAWNER_DECLINED:
 * nothing ran then. The socket must not be used for anything else until
 * the batch is done and lb_spawner_batch_end called. */
int lb_spawner_batch(const lb_spawn_opts *opts, const lb_batch_opts *b,
                     int *sock);

/* Reads one message into *m. Returns 0, -EAGAIN when none is there yet
 * (the socket is non-blocking under a watcher), or another negative errno
 * value when the spawner is gone or spoke nonsense (-EPROTO): then
 * lb_spawner_batch_end must be told. */
int lb_spawner_batch_read(lb_batch_msg *m);

/* Asks the spawner to stop the batch: the run in progress gets SIGTERM in
 * its process group, or SIGKILL with `now`. */
void lb_spawner_batch_stop(int now);

/* After the batch, once nothing watches the socket: back in blocking mode,
 * or with `lost` (lb_spawner_batch_read failed) the spawner is stopped and
 * the next request starts another. */
void lb_spawner_batch_end(int lost);

#endif

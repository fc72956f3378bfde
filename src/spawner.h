/* The wire format between the runner and luabench-spawner (spawner_main.c).
 *
 * Why a spawner: on Linux a child's peak-RSS account (ru_maxrss) starts from
 * the address space it was created in. A child spawned by the runner itself,
 * by vfork or fork alike, reports at least the runner's own resident size:
 * a 1 MiB program reads as 60 MiB once the runner holds many samples. So
 * commands are started by a tiny static program with an address space of a
 * few hundred KiB, with clone(CLONE_VM | CLONE_VFORK | CLONE_PARENT): the
 * command is still the runner's own child (the runner waits for it and gets
 * its exact rusage), but its account starts from the spawner's size. */
#ifndef LB_SPAWNER_H
#define LB_SPAWNER_H

#include <signal.h>
#include <stdint.h>

#define LB_SPAWNER_MAGIC 0x6c627370u /* "lbsp" */
#define LB_SPAWNER_FD    3           /* the control socket in the spawner */
#define LB_SHARED_FD     4           /* the shared page (lb_spawner_shared) */
#define LB_SPAWNER_MAX   (128 * 1024) /* largest request (argv + env + cwd) */
/* Largest "NAME=number" of a batch's iteration variable, NUL included. */
#define LB_ITERATION_MAX 256

/* Memory that the runner and the spawner share (a memfd the spawner maps
 * from LB_SHARED_FD): what the runner must know if the spawner dies. */
typedef struct lb_spawner_shared {
  /* The batch run in progress (its pid, also its process group), 0
   * between runs. If the spawner dies during a batch, that run is an
   * orphan the runner must kill. */
  volatile int32_t current;
} lb_spawner_shared;

/* The spawner's death signal (PR_SET_PDEATHSIG): when the runner dies,
 * however it dies, the spawner kills the process group of the run in
 * progress, a batch run's or the last single run's, and exits. */
#define LB_RUNNER_GONE SIGHUP

/* A request: this header, then argc + envc (+ 1 with a cwd) NUL-terminated
 * strings, with the child's stdin, stdout and stderr as SCM_RIGHTS.
 *
 * With runs == 0 the spawner starts one child as the runner's own and
 * replies with an lb_spawn_rep. With runs > 0 it runs a batch: that many
 * runs of the command one after another, each a child of the spawner, which
 * waits for it and times it as a bare spawn + wait4 loop does, and sends
 * the figures in lb_batch_msg messages. The runner then wakes up a few
 * times per batch instead of twice per run (docs/performance.md, item 1). */
typedef struct lb_spawn_req {
  uint32_t magic;
  uint32_t argc;
  uint32_t envc;
  uint32_t has_cwd;
  uint32_t runs;      /* 0: one run (lb_spawn_rep); else a batch */
  uint32_t flags;     /* LB_BATCH_* */
  uint64_t iteration; /* the first run's number, with LB_BATCH_ITERATION */
  uint64_t flush_ns;  /* send the figures at least this often */
} lb_spawn_req;

/* The batch goes on after a run that failed (exit code or signal); without
 * it the batch stops at the first one, for the runner to judge. */
#define LB_BATCH_KEEP_GOING 1u
/* The last environment string is a name, "NAME=": every run gets it with
 * its own number appended (LUABENCH_ITERATION). */
#define LB_BATCH_ITERATION 2u

/* SIGUSR1 to the spawner stops a batch: the run in progress gets SIGTERM
 * in its whole process group; SIGUSR2 sends SIGKILL instead. */
#define LB_BATCH_STOP SIGUSR1
#define LB_BATCH_KILL SIGUSR2

/* One run of a batch. err is 0, or the negative errno value of a child
 * that could not start (it exited with 127), with err_cwd telling that it
 * came from chdir. stopped: a stop request came while it ran; it does not
 * count. */
typedef struct lb_batch_run {
  uint64_t wall_ns;
  uint64_t user_ns;
  uint64_t sys_ns;
  uint64_t maxrss; /* bytes */
  int32_t status;  /* raw wait status */
  int16_t err;
  uint8_t err_cwd;
  uint8_t stopped;
} lb_batch_run;

#define LB_BATCH_CHUNK 128

/* The figures of some runs of a batch, in order; done marks the last
 * message of the batch (count may be 0 then). */
typedef struct lb_batch_msg {
  uint32_t magic;
  uint32_t count;
  uint32_t done;
  uint32_t pad;
  lb_batch_run runs[LB_BATCH_CHUNK];
} lb_batch_msg;

/* The reply. pid > 0 whenever a child was created, even if it then failed
 * (it exited with 127 and the runner must reap it). err is 0 or a negative
 * errno value; err_cwd tells that it came from chdir. With pid 0, err is
 * why no child was created: clone's error, or -ENOTSUP for a request the
 * spawner did not understand (the runner then starts the command itself).
 * t0 is CLOCK_MONOTONIC just before the clone, in nanoseconds. */
typedef struct lb_spawn_rep {
  int32_t pid;
  int32_t err;
  int32_t err_cwd;
  int32_t pad;
  uint64_t t0;
} lb_spawn_rep;

#endif

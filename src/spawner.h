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

#include <stdint.h>

#define LB_SPAWNER_MAGIC 0x6c627370u /* "lbsp" */
#define LB_SPAWNER_FD    3           /* the control socket in the spawner */
#define LB_SPAWNER_MAX   (128 * 1024) /* largest request (argv + env + cwd) */

/* A request: this header, then argc + envc (+ 1 with a cwd) NUL-terminated
 * strings, with the child's stdin, stdout and stderr as SCM_RIGHTS. */
typedef struct lb_spawn_req {
  uint32_t magic;
  uint32_t argc;
  uint32_t envc;
  uint32_t has_cwd;
} lb_spawn_req;

/* The reply. pid > 0 whenever a child was created, even if it then failed
 * (it exited with 127 and the runner must reap it). err is 0 or an errno
 * value; err_cwd tells that it came from chdir. t0 is CLOCK_MONOTONIC just
 * before the clone, in nanoseconds. */
typedef struct lb_spawn_rep {
  int32_t pid;
  int32_t err;
  int32_t err_cwd;
  int32_t pad;
  uint64_t t0;
} lb_spawn_rep;

#endif

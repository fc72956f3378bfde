/* One measured run of a command: spawn, wait on the loop, account. */
#ifndef LB_RUN_H
#define LB_RUN_H

#include <stddef.h>
#include <stdint.h>
#include <uv.h>

/* Where a standard stream of the child goes. */
typedef enum lb_io {
  LB_IO_NULL,    /* /dev/null */
  LB_IO_INHERIT, /* the runner's own stream */
  LB_IO_FILE,    /* a file: read for stdin, written (see append) for output */
  LB_IO_PIPE,    /* a pipe drained concurrently and discarded (stdout) */
  LB_IO_CAPTURE  /* a pipe drained concurrently and kept (stdout), up to
                  * capture_limit bytes; all of it is hashed (out_hash) */
} lb_io;

/* Which step a failed run failed at, for the error message. */
typedef enum lb_step {
  LB_STEP_NONE,
  LB_STEP_INPUT,  /* opening the input file */
  LB_STEP_OUTPUT, /* opening an output file */
  LB_STEP_PIPE,   /* creating the output pipe */
  LB_STEP_SPAWN,  /* starting the program (missing, not executable...) */
  LB_STEP_CWD,    /* changing into the working directory */
  LB_STEP_WAIT    /* watching or reaping the child */
} lb_step;

typedef struct lb_run_opts {
  char *const *argv;    /* program and arguments, NULL-terminated */
  char *const *envp;    /* whole environment, or NULL to inherit ours */
  const char *cwd;      /* working directory, or NULL */
  lb_io in;             /* LB_IO_NULL or LB_IO_FILE */
  const char *in_path;  /* with LB_IO_FILE */
  lb_io out;            /* any */
  const char *out_path; /* with LB_IO_FILE */
  lb_io err;            /* LB_IO_NULL, LB_IO_INHERIT or LB_IO_FILE */
  const char *err_path; /* with LB_IO_FILE */
  int append;           /* output files: append instead of truncating */
  size_t capture_limit; /* LB_IO_CAPTURE keeps at most this many bytes */
  uint64_t timeout_ns;  /* 0: no time limit */
  uint64_t grace_ns;    /* between SIGTERM and SIGKILL when killing */
  uint64_t tick_ns;     /* period of `tick` while the child runs; 0: none */
  /* Called on the loop every tick_ns while the child runs (progress
   * display). A non-zero return aborts the run: the child's group is
   * killed as on interrupt. */
  int (*tick)(void *arg, uint64_t elapsed_ns);
  void *tick_arg;
} lb_run_opts;

typedef struct lb_run_result {
  uint64_t wall_ns;  /* from just before spawn to the exit being observed */
  uint64_t user_ns;  /* the child's own (and its reaped descendants') */
  uint64_t sys_ns;   /* likewise */
  uint64_t maxrss;   /* peak resident set size, bytes */
  int status;        /* raw wait status */
  int timed_out;     /* killed because timeout_ns passed */
  int interrupted;   /* killed because SIGINT/SIGTERM reached the runner */
  int aborted;       /* killed because tick asked for it */
  uint64_t out_bytes; /* bytes read from the pipe (LB_IO_PIPE/CAPTURE) */
  char *out;          /* LB_IO_CAPTURE: malloc'ed bytes, caller frees */
  size_t out_len;
  uint64_t out_hash; /* LB_IO_CAPTURE: FNV-1a of all out_bytes, kept or not */
  lb_step failed; /* set when lb_run returns an error */
} lb_run_result;

/* How a run's exit is observed. */
typedef enum lb_wait_way {
  LB_WAIT_SIGCHLD, /* on SIGCHLD, then waitid on the child, which stays
                    * unreaped for wait4 */
  LB_WAIT_PIDFD    /* on the child's pidfd */
} lb_wait_way;

/* Decided once: SIGCHLD with LUABENCH_PIDFD=0 in the environment, or where
 * pidfd_open is missing or refused (before Linux 5.3, valgrind, seccomp
 * filters); the pidfd otherwise. */
lb_wait_way lb_wait_mode(void);

/* Runs the command once and fills *res. Returns 0, or a negative errno-style
 * code with res->failed naming the step; nothing is left running then. */
int lb_run(uv_loop_t *loop, const lb_run_opts *opts, lb_run_result *res);

#endif

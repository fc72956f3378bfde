/* Time: the monotonic nanosecond clock, and the units luabench counts in.
 * Header-only, so that the spawner (spawner_main.c, a separate static
 * program) reads the clock as the runner does. */
#ifndef LB_CLOCK_H
#define LB_CLOCK_H

#include <stdint.h>
#include <sys/time.h>
#include <time.h>

#define LB_NS_PER_S  UINT64_C(1000000000)
#define LB_NS_PER_MS UINT64_C(1000000)
#define LB_NS_PER_US UINT64_C(1000)

/* Nanoseconds since an arbitrary fixed point; never goes backwards.
 * CLOCK_MONOTONIC, as hyperfine's Instant: immune to wall-clock steps, and
 * served from the vDSO, without a system call. */
static inline uint64_t lb_clock_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * LB_NS_PER_S + (uint64_t)ts.tv_nsec;
}

/* A struct timeval (a CPU time of getrusage) in nanoseconds. */
static inline uint64_t lb_timeval_ns(struct timeval tv) {
  return (uint64_t)tv.tv_sec * LB_NS_PER_S +
         (uint64_t)tv.tv_usec * LB_NS_PER_US;
}

#endif

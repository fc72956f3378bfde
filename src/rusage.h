/* A child's resource usage as luabench records it: CPU times in
 * nanoseconds, peak resident memory in bytes. Header-only, so that the
 * spawner (spawner_main.c, a separate static program) shares it. */
#ifndef LB_RUSAGE_H
#define LB_RUSAGE_H

#include <stdint.h>
#include <sys/resource.h>

#include "clock.h"

/* ru_maxrss is in KiB on Linux. */
#define LB_MAXRSS_UNIT 1024u

/* The figures of *ru: user and system CPU time, peak resident memory. */
static inline void lb_rusage_figures(const struct rusage *ru, uint64_t *user_ns,
                                     uint64_t *sys_ns, uint64_t *maxrss) {
  *user_ns = lb_timeval_ns(ru->ru_utime);
  *sys_ns = lb_timeval_ns(ru->ru_stime);
  *maxrss = (uint64_t)ru->ru_maxrss * LB_MAXRSS_UNIT;
}

#endif

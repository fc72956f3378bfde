/* Monotonic nanosecond clock. */
#ifndef LB_CLOCK_H
#define LB_CLOCK_H

#include <stdint.h>

/* Nanoseconds since an arbitrary fixed point; never goes backwards. */
uint64_t lb_clock_ns(void);

#endif

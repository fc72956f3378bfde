/* The runner's own descriptors: its standard streams and /dev/null. */
#ifndef LB_FDS_H
#define LB_FDS_H

/* Opens /dev/null on each of descriptors 0, 1 and 2 that is closed, as a
 * process started by cron or a supervisor may find them. Else the first
 * descriptors opened later (libuv's epoll instance, an output pipe) would
 * become our "standard output", and a report would be written into them.
 * Call it before anything opens a descriptor. Idempotent. */
void lb_stdio_reopen(void);

/* Sets *fd to /dev/null, opened once for all runs (O_CLOEXEC; never close
 * it). Returns 0 or a negative errno value. */
int lb_devnull(int *fd);

#endif

/* Our own resident memory: dropping pages of the executable that were
 * read once and will not be read again. */
#ifndef LB_PAGES_H
#define LB_PAGES_H

#include <stddef.h>

/* Drops from our resident set the whole pages inside [start, start + len).
 * They must be clean pages of the executable file (read-only data such as
 * an embedded blob), so that this is safe: a later read faults them back
 * in. Best effort. */
void lb_pages_drop(const void *start, size_t len);

#endif

/* Dropping read-once pages of the executable (pages.h). */
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pages.h"

void lb_pages_drop(const void *start, size_t len) {
  uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
  uintptr_t lo = ((uintptr_t)start + page - 1) & ~(page - 1);
  uintptr_t hi = ((uintptr_t)start + len) & ~(page - 1);
  if (hi > lo) (void)madvise((void *)lo, hi - lo, MADV_DONTNEED);
}

/* The runner's own descriptors (fds.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "fds.h"

static int devnull_fd = -1;

void lb_stdio_reopen(void) {
  int fd, got;
  for (fd = 0; fd <= 2; fd++) {
    if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF) continue;
    /* open returns the lowest free descriptor: this one. */
    got = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
    if (got >= 0 && got != fd) close(got); /* (cannot happen) */
  }
}

int lb_devnull(int *fd) {
  /* Opened once and kept: a run costs no open/close for the common case. */
  if (devnull_fd < 0 &&
      (devnull_fd = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0)
    return -errno;
  *fd = devnull_fd;
  return 0;
}

/* lb-flood MB: writes MB mebibytes to standard output, then exits 0. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  static char buf[1 << 16];
  size_t left = (argc > 1 ? strtoull(argv[1], NULL, 10) : 1) << 20;
  memset(buf, 'x', sizeof buf);
  while (left > 0) {
    size_t n = left < sizeof buf ? left : sizeof buf;
    ssize_t w = write(1, buf, n);
    if (w <= 0) return 1;
    left -= (size_t)w;
  }
  return 0;
}

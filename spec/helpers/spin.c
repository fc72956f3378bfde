/* lb-spin MS: burns MS milliseconds of user CPU time, then exits 0. */
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv) {
  long ms = argc > 1 ? strtol(argv[1], NULL, 10) : 100;
  struct timespec ts;
  volatile unsigned long x = 0;
  double end;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  end = ts.tv_sec + ts.tv_nsec / 1e9 + ms / 1e3;
  do {
    for (int i = 0; i < 100000; i++) x += (unsigned long)i * i;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  } while (ts.tv_sec + ts.tv_nsec / 1e9 < end);
  return 0;
}

/* spawn-floor N PROGRAM [ARGS...]: the physical floor of a command runner.
 * Starts PROGRAM N times with a bare posix_spawn + wait4 loop, one at a time,
 * and prints the median and mean wall time of one spawn+wait and the total,
 * in nanoseconds:  median_ns=... mean_ns=... total_ns=... */
#define _GNU_SOURCE
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static uint64_t now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  long n;
  uint64_t *t, total = 0, start;
  if (argc < 3 || (n = strtol(argv[1], NULL, 10)) < 1) {
    fputs("usage: spawn-floor N PROGRAM [ARGS...]\n", stderr);
    return 2;
  }
  if ((t = malloc((size_t)n * sizeof *t)) == NULL) return 1;
  start = now();
  for (long i = 0; i < n; i++) {
    struct rusage ru;
    pid_t pid;
    int st;
    uint64_t t0 = now();
    if (posix_spawnp(&pid, argv[2], NULL, NULL, argv + 2, environ) != 0) {
      perror(argv[2]);
      return 1;
    }
    wait4(pid, &st, 0, &ru);
    t[i] = now() - t0;
  }
  total = now() - start;
  qsort(t, (size_t)n, sizeof *t, cmp);
  {
    uint64_t sum = 0;
    for (long i = 0; i < n; i++) sum += t[i];
    printf("median_ns=%llu mean_ns=%llu total_ns=%llu\n",
           (unsigned long long)(n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2),
           (unsigned long long)(sum / (uint64_t)n), (unsigned long long)total);
  }
  free(t);
  return 0;
}

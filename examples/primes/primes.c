/* Print every prime below n (argv[1]), one per line, by trial division.
 *
 * The same algorithm as primes.py and primes.lua: for each i from 2 to
 * n - 1, try the divisors d = 2, 3, 4, ... while d * d <= i. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: primes N\n");
    return 2;
  }
  long n = strtol(argv[1], NULL, 10);
  for (long i = 2; i < n; i++) {
    int prime = 1;
    for (long d = 2; d * d <= i; d++) {
      if (i % d == 0) {
        prime = 0;
        break;
      }
    }
    if (prime) printf("%ld\n", i);
  }
  return 0;
}

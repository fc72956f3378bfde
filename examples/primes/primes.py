"""Print every prime below n (argv[1]), one per line, by trial division.

The same algorithm as primes.lua and primes.c: for each i from 2 to n - 1,
try the divisors d = 2, 3, 4, ... while d * d <= i.
"""
import sys


def main():
    n = int(sys.argv[1])
    out = []
    for i in range(2, n):
        d = 2
        prime = True
        while d * d <= i:
            if i % d == 0:
                prime = False
                break
            d += 1
        if prime:
            out.append("%d\n" % i)
    sys.stdout.write("".join(out))


main()

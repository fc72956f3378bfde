/* lb-alloc MB: touches MB mebibytes of memory, then exits 0. */
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  size_t mb = argc > 1 ? strtoul(argv[1], NULL, 10) : 1;
  volatile char *p = malloc(mb << 20);
  size_t i;
  if (p == NULL) return 1;
  for (i = 0; i < (mb << 20); i += 4096) p[i] = (char)i;
  return p[4096 % (mb << 20 | 1)] == 42;
}

/* lb-forker FILE N: starts N grandchildren that sleep for a minute (one of
 * them in a nested child), writes their pids to FILE one per line, then
 * sleeps itself. Used to check that a timeout kills the whole group. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int n = argc > 2 ? atoi(argv[2]) : 2;
  FILE *f;
  if (argc < 2 || (f = fopen(argv[1], "w")) == NULL) return 2;
  for (int i = 0; i < n; i++) {
    fflush(f); /* or the child would flush our buffer a second time */
    pid_t pid = fork();
    if (pid == 0) {
      fclose(f);
      sleep(60);
      _exit(0);
    }
    fprintf(f, "%d\n", (int)pid);
  }
  fclose(f);
  sleep(60);
  return 0;
}

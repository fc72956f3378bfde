/* overhead-probe: the measuring helper of scripts/bench-overhead, compiled by
 * that script into a temporary directory.
 *
 *   overhead-probe run [-o FILE] [-i MS] -- CMD [ARGS...]
 *     Runs CMD as its child and writes one line to FILE (default: stderr):
 *       wall_ns=    wall time from spawn to exit (CLOCK_MONOTONIC)
 *       own_ns=     the child's own CPU time, without its children: its
 *                   /proc/PID/schedstat run time, read while it is a zombie
 *                   (waitid WNOWAIT), before it is reaped; -1 if unreadable
 *       maxrss_kb=  ru_maxrss of the child from wait4 (the child and the
 *                   descendants it reaped, whichever peaked highest)
 *       helper_ns=  CPU time of luabench's spawner (any descendant whose
 *                   executable is the memfd "luabench-spawner"), sampled from
 *                   /proc every MS milliseconds (default 20); its last sample
 *                   is at most MS old when it exits
 *       helpers=    how many such processes were seen
 *       exit=       the child's exit status (128 + signal if killed)
 *
 *   overhead-probe alt N CMD1 [ARGS...] :: CMD2 [ARGS...] [:: CMD3 ...]
 *     Runs the commands in turn, CMD1 CMD2 CMD3 CMD1 CMD2 ..., N times each,
 *     with stdin, stdout and stderr on /dev/null and a bare posix_spawnp +
 *     wait4, and prints one line per command:
 *       median_ns=... mean_ns=... min_ns=...
 *
 * Compiled with -DOVERHEAD_SHIM -shared -fPIC it is instead an LD_PRELOAD
 * shim: a process started with LB_SHIM_OUT=FILE in its environment writes,
 * when it exits, its own getrusage(RUSAGE_SELF) user + system time and its
 * own peak RSS (VmHWM) and its voluntary and involuntary context switches
 * to FILE:
 *       self_ns=... hwm_kb=... nvcsw=... nivcsw=...
 * The shim removes LD_PRELOAD and LB_SHIM_OUT from the environment when it
 * loads, so that the programs the process starts are not instrumented.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#ifdef OVERHEAD_SHIM
static char *shim_out;

__attribute__((constructor)) static void shim_init(void) {
  const char *out = getenv("LB_SHIM_OUT");
  if (out) shim_out = strdup(out);
  unsetenv("LB_SHIM_OUT");
  unsetenv("LD_PRELOAD");
}

__attribute__((destructor)) static void shim_fini(void) {
  struct rusage ru;
  char line[256];
  long hwm = -1;
  FILE *f;
  if (shim_out == NULL) return;
  getrusage(RUSAGE_SELF, &ru);
  if ((f = fopen("/proc/self/status", "r")) != NULL) {
    while (fgets(line, sizeof line, f))
      if (sscanf(line, "VmHWM: %ld", &hwm) == 1) break;
    fclose(f);
  }
  if ((f = fopen(shim_out, "w")) == NULL) return;
  fprintf(f, "self_ns=%lld hwm_kb=%ld nvcsw=%ld nivcsw=%ld\n",
          (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
              (long long)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL,
          hwm, ru.ru_nvcsw, ru.ru_nivcsw);
  fclose(f);
}
#else

static uint64_t now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* The first field of /proc/PID/schedstat: time on the CPU, in ns. */
static long long schedstat_ns(pid_t pid) {
  char path[64];
  long long ns = -1;
  FILE *f;
  snprintf(path, sizeof path, "/proc/%d/schedstat", (int)pid);
  if ((f = fopen(path, "r")) == NULL) return -1;
  if (fscanf(f, "%lld", &ns) != 1) ns = -1;
  fclose(f);
  return ns;
}

/* ---- the spawner watch ------------------------------------------------- */

#define MAX_HELPERS 64
static struct {
  pid_t pid;
  long long ns; /* last sample */
} helpers[MAX_HELPERS];
static int nhelpers;

static int is_spawner(pid_t pid) {
  char path[64], exe[256];
  ssize_t n;
  snprintf(path, sizeof path, "/proc/%d/exe", (int)pid);
  if ((n = readlink(path, exe, sizeof exe - 1)) < 0) return 0;
  exe[n] = '\0';
  return strstr(exe, "luabench-spawner") != NULL;
}

static void note_helper(pid_t pid) {
  long long ns = schedstat_ns(pid);
  int i;
  if (ns < 0) return;
  for (i = 0; i < nhelpers; i++) {
    if (helpers[i].pid == pid) {
      if (ns > helpers[i].ns) helpers[i].ns = ns;
      return;
    }
  }
  if (nhelpers < MAX_HELPERS) {
    helpers[nhelpers].pid = pid;
    helpers[nhelpers].ns = ns;
    nhelpers++;
  }
}

/* Walks the descendants of pid (through /proc/PID/task/TID/children). */
static void scan(pid_t pid, int depth) {
  char path[64];
  DIR *d;
  struct dirent *e;
  if (depth > 16) return;
  snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
  if ((d = opendir(path)) == NULL) return;
  while ((e = readdir(d)) != NULL) {
    char cpath[320];
    FILE *f;
    int child;
    if (e->d_name[0] == '.') continue;
    snprintf(cpath, sizeof cpath, "/proc/%d/task/%s/children", (int)pid,
             e->d_name);
    if ((f = fopen(cpath, "r")) == NULL) continue;
    while (fscanf(f, "%d", &child) == 1) {
      if (is_spawner(child)) note_helper(child);
      else scan(child, depth + 1);
    }
    fclose(f);
  }
  closedir(d);
}

static void sample(pid_t root) {
  int i, alive = 0;
  /* Once a spawner is known, only its counter is read, while it lives. */
  for (i = 0; i < nhelpers; i++) {
    long long ns = schedstat_ns(helpers[i].pid);
    if (ns >= 0) {
      alive = 1;
      if (ns > helpers[i].ns) helpers[i].ns = ns;
    }
  }
  if (!alive) scan(root, 0);
}

static int cmd_run(int argc, char **argv) {
  const char *out = NULL;
  long interval_ms = 20;
  int i = 2, st;
  pid_t pid;
  sigset_t chld;
  siginfo_t si;
  struct rusage ru;
  uint64_t t0, t1;
  long long own, helper_ns = 0;
  FILE *f;

  for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
    if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) out = argv[++i];
    else if (strcmp(argv[i], "-i") == 0 && i + 1 < argc)
      interval_ms = strtol(argv[++i], NULL, 10);
    else {
      fprintf(stderr, "overhead-probe: bad option %s\n", argv[i]);
      return 2;
    }
  }
  if (i + 1 >= argc) {
    fputs("usage: overhead-probe run [-o FILE] [-i MS] -- CMD [ARGS...]\n",
          stderr);
    return 2;
  }
  if (interval_ms < 1) interval_ms = 1;

  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, NULL);
  t0 = now();
  {
    posix_spawnattr_t attr;
    sigset_t none;
    int err;
    posix_spawnattr_init(&attr);
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
    err = posix_spawnp(&pid, argv[i + 1], NULL, &attr, argv + i + 1, environ);
    posix_spawnattr_destroy(&attr);
    if (err != 0) {
      fprintf(stderr, "overhead-probe: cannot run %s: %s\n", argv[i + 1],
              strerror(err));
      return 127;
    }
  }
  for (;;) {
    struct timespec ts = {interval_ms / 1000, (interval_ms % 1000) * 1000000L};
    memset(&si, 0, sizeof si);
    if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
        si.si_pid == pid)
      break;
    sample(pid);
    sigtimedwait(&chld, NULL, &ts);
  }
  t1 = now();
  /* A zombie still has its own run time; its children's are elsewhere. */
  own = schedstat_ns(pid);
  if (wait4(pid, &st, 0, &ru) < 0) {
    perror("overhead-probe: wait4");
    return 1;
  }
  for (int k = 0; k < nhelpers; k++) helper_ns += helpers[k].ns;

  f = out ? fopen(out, "w") : stderr;
  if (f == NULL) {
    perror(out);
    return 1;
  }
  fprintf(f,
          "wall_ns=%llu own_ns=%lld maxrss_kb=%ld helper_ns=%lld helpers=%d "
          "exit=%d\n",
          (unsigned long long)(t1 - t0), own, ru.ru_maxrss, helper_ns,
          nhelpers,
          WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
  if (out) fclose(f);
  return 0;
}

static int cmd_alt(int argc, char **argv) {
  long n, ncmd = 0;
  char **cmds[16];
  uint64_t *t[16];
  posix_spawn_file_actions_t fa;
  int devnull;

  if (argc < 4 || (n = strtol(argv[2], NULL, 10)) < 1) {
    fputs("usage: overhead-probe alt N CMD1 [ARGS] :: CMD2 [ARGS] ...\n",
          stderr);
    return 2;
  }
  cmds[ncmd++] = argv + 3;
  for (int i = 3; i < argc; i++) {
    if (strcmp(argv[i], "::") == 0) {
      argv[i] = NULL;
      if (i + 1 >= argc || ncmd == 16) {
        fputs("overhead-probe alt: empty or too many commands\n", stderr);
        return 2;
      }
      cmds[ncmd++] = argv + i + 1;
    }
  }
  if ((devnull = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0) {
    perror("/dev/null");
    return 1;
  }
  posix_spawn_file_actions_init(&fa);
  for (int fd = 0; fd < 3; fd++)
    posix_spawn_file_actions_adddup2(&fa, devnull, fd);
  for (long c = 0; c < ncmd; c++)
    if ((t[c] = malloc((size_t)n * sizeof *t[c])) == NULL) return 1;
  for (long i = 0; i < n; i++) {
    for (long c = 0; c < ncmd; c++) {
      pid_t pid;
      int st, err;
      struct rusage ru;
      uint64_t t0 = now();
      if ((err = posix_spawnp(&pid, cmds[c][0], &fa, NULL, cmds[c],
                              environ)) != 0) {
        fprintf(stderr, "overhead-probe: cannot run %s: %s\n", cmds[c][0],
                strerror(err));
        return 1;
      }
      wait4(pid, &st, 0, &ru);
      t[c][i] = now() - t0;
      if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "overhead-probe: %s failed (status %d)\n", cmds[c][0],
                st);
        return 1;
      }
    }
  }
  for (long c = 0; c < ncmd; c++) {
    uint64_t sum = 0;
    qsort(t[c], (size_t)n, sizeof *t[c], cmp);
    for (long i = 0; i < n; i++) sum += t[c][i];
    printf("median_ns=%llu mean_ns=%llu min_ns=%llu\n",
           (unsigned long long)(n % 2 ? t[c][n / 2]
                                      : (t[c][n / 2 - 1] + t[c][n / 2]) / 2),
           (unsigned long long)(sum / (uint64_t)n),
           (unsigned long long)t[c][0]);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "run") == 0) return cmd_run(argc, argv);
  if (argc >= 2 && strcmp(argv[1], "alt") == 0) return cmd_alt(argc, argv);
  fputs("usage: overhead-probe run [-o FILE] [-i MS] -- CMD [ARGS...]\n"
        "       overhead-probe alt N CMD1 [ARGS] :: CMD2 [ARGS] ...\n",
        stderr);
  return 2;
}
#endif /* OVERHEAD_SHIM */

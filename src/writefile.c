/* Writing an export file without damaging what the path names
 * (writefile.h). luabench often runs as root: a rename over /dev/null or
 * /dev/stdout would replace them for the whole machine, and a predictable
 * temporary name next to a file could be planted as a symbolic link. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#include "writefile.h"

#define MAX_LINKS  40  /* as the kernel's own limit on a path's links */
#define MAX_BASE   200 /* of the file's name kept in a temporary name */
#define TEMP_TRIES 100 /* random names tried before giving up */
#define RANDOM_LEN 12  /* random characters in a temporary name */

/* The directory part of `path` ("." when it has none), malloc'ed. */
static char *dir_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (slash == NULL) return strdup(".");
  if (slash == path) return strdup("/");
  return strndup(path, (size_t)(slash - path));
}

/* Whether the directory holding `path` is in procfs: its links
 * (/proc/self/fd/N) name open descriptors, not files. */
static int in_procfs(const char *path) {
  struct statfs fs;
  char *dir = dir_of(path);
  int yes = dir && statfs(dir, &fs) == 0 && fs.f_type == PROC_SUPER_MAGIC;
  free(dir);
  return yes;
}

/* The target of link `path`, relative ones taken from its directory;
 * malloc'ed, or NULL with errno set. */
static char *follow(const char *path, size_t size) {
  char *target = malloc(size + 1), *dir, *joined;
  ssize_t n;
  if (target == NULL) return NULL;
  if ((n = readlink(path, target, size + 1)) < 0 || (size_t)n > size) {
    if (n >= 0) errno = ENAMETOOLONG; /* it changed under us */
    free(target);
    return NULL;
  }
  target[n] = '\0';
  if (target[0] == '/' || (dir = dir_of(path)) == NULL) return target;
  joined = malloc(strlen(dir) + 1 + (size_t)n + 1);
  if (joined) sprintf(joined, "%s/%s", dir, target);
  free(dir);
  free(target);
  return joined;
}

int lb_target_resolve(const char *path, lb_target_kind *kind, char **final) {
  char *cur = strdup(path), *next;
  struct stat st;
  int links = 0, err = 0;

  *kind = LB_TARGET_FILE;
  if (final) *final = NULL;
  if (cur == NULL) return -ENOMEM;
  for (;;) {
    if (lstat(cur, &st) != 0) {
      if (errno != ENOENT) err = -errno;
      *kind = LB_TARGET_FILE; /* created in the directory of `cur` */
      break;
    }
    if (!S_ISLNK(st.st_mode)) {
      if (S_ISDIR(st.st_mode)) err = -EISDIR;
      *kind = S_ISREG(st.st_mode) ? LB_TARGET_FILE : LB_TARGET_STREAM;
      break;
    }
    if (in_procfs(cur)) {
      *kind = LB_TARGET_STREAM;
      break;
    }
    if (++links > MAX_LINKS) {
      err = -ELOOP;
      break;
    }
    if ((next = follow(cur, st.st_size > 0 ? (size_t)st.st_size : PATH_MAX)) ==
        NULL) {
      err = -errno;
      break;
    }
    free(cur);
    cur = next;
  }
  if (err == 0 && *kind == LB_TARGET_FILE && final) {
    *final = cur;
    return 0;
  }
  free(cur);
  return err;
}

void lb_xfsz_ignore(struct sigaction *saved) {
  struct sigaction ign;
  memset(&ign, 0, sizeof ign);
  sigemptyset(&ign.sa_mask);
  ign.sa_handler = SIG_IGN;
  sigaction(SIGXFSZ, &ign, saved);
}

void lb_xfsz_restore(const struct sigaction *saved) {
  sigaction(SIGXFSZ, saved, NULL);
}

static int write_all(int fd, const char *data, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, data, len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -errno;
    if (n == 0) return -EIO;
    data += n;
    len -= (size_t)n;
  }
  return 0;
}

/* (signals are not held here: opening a FIFO waits for its reader, and
 * Ctrl-C must still end that wait) */
static int write_stream(const char *path, const char *data, size_t len) {
  struct sigaction xfsz;
  struct stat st;
  int fd, err;
  fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return -errno;
  /* A regular file behind a descriptor link (stdout redirected to a file):
   * append to what is there, as a write to that descriptor would. */
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_APPEND);
  lb_xfsz_ignore(&xfsz);
  err = write_all(fd, data, len);
  lb_xfsz_restore(&xfsz);
  if (close(fd) != 0 && err == 0 && errno != EINTR) err = -errno;
  return err;
}

/* Random characters for a temporary name: from the kernel's generator, or
 * when it cannot answer at once, from the clock and our pid (O_EXCL still
 * makes the creation safe; the names are then only less unpredictable). */
static void random_name(char *out, size_t n) {
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  unsigned char bytes[RANDOM_LEN];
  size_t i;
  if (getrandom(bytes, sizeof bytes, GRND_NONBLOCK) != (ssize_t)sizeof bytes) {
    struct timespec ts;
    uint64_t x;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    x = (uint64_t)ts.tv_nsec * 0x9e3779b97f4a7c15u ^ (uint64_t)getpid();
    for (i = 0; i < sizeof bytes; i++, x = x * 6364136223846793005u + 1)
      bytes[i] = (unsigned char)(x >> 56);
  }
  for (i = 0; i < n && i < sizeof bytes; i++)
    out[i] = alphabet[bytes[i] % (sizeof alphabet - 1)];
  out[i] = '\0';
}

/* Creates a new temporary file beside `final`: ".NAME.XXXXXXXXXXXX.tmp" in
 * its directory. Returns the descriptor (its path in *tmp, malloc'ed) or a
 * negative errno value. */
static int create_temp(const char *final, char **tmp) {
  const char *base = strrchr(final, '/');
  char *dir = dir_of(final), rnd[RANDOM_LEN + 1];
  size_t size;
  int fd = -EEXIST, i;

  base = base ? base + 1 : final;
  if (dir == NULL) return -ENOMEM;
  size = strlen(dir) + strlen(base) + RANDOM_LEN + 8;
  if ((*tmp = malloc(size)) == NULL) {
    free(dir);
    return -ENOMEM;
  }
  for (i = 0; i < TEMP_TRIES && fd == -EEXIST; i++) {
    random_name(rnd, RANDOM_LEN);
    snprintf(*tmp, size, "%s/.%.*s.%s.tmp", dir, MAX_BASE, base, rnd);
    fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) fd = -errno;
  }
  free(dir);
  if (fd < 0) {
    free(*tmp);
    *tmp = NULL;
  }
  return fd;
}

/* Gives the temporary file the mode (and owner, where allowed) of the file
 * it replaces, or 0666 less the umask for a new one. */
static int take_attributes(int fd, const char *final) {
  struct stat st;
  mode_t mask;
  if (stat(final, &st) != 0) {
    if (errno != ENOENT) return -errno;
    mask = umask(0);
    umask(mask);
    return fchmod(fd, 0666 & ~mask) == 0 ? 0 : -errno;
  }
  /* (a user who may not give the file away keeps it as their own, as an
   * editor's atomic save does; chown comes first, as it clears set-id bits) */
  if (st.st_uid != geteuid() || st.st_gid != getegid())
    (void)!fchown(fd, st.st_uid, st.st_gid);
  return fchmod(fd, st.st_mode & 07777) == 0 ? 0 : -errno;
}

static int replace_file(const char *final, const char *data, size_t len) {
  struct sigaction xfsz;
  sigset_t hold, old;
  char *tmp = NULL;
  int fd, err;

  sigemptyset(&hold);
  sigaddset(&hold, SIGINT);
  sigaddset(&hold, SIGTERM);
  sigaddset(&hold, SIGHUP);
  sigaddset(&hold, SIGQUIT);
  sigprocmask(SIG_BLOCK, &hold, &old);
  lb_xfsz_ignore(&xfsz);
  if ((fd = create_temp(final, &tmp)) < 0) {
    err = fd;
  } else {
    err = take_attributes(fd, final);
    if (err == 0) err = write_all(fd, data, len);
    if (close(fd) != 0 && err == 0) err = -errno;
    if (err == 0 && rename(tmp, final) != 0) err = -errno;
    if (err != 0) unlink(tmp);
    free(tmp);
  }
  lb_xfsz_restore(&xfsz);
  sigprocmask(SIG_SETMASK, &old, NULL);
  return err;
}

int lb_write_file(const char *path, const char *data, size_t len,
                  lb_target_kind *kind) {
  lb_target_kind k;
  char *final;
  int err = lb_target_resolve(path, &k, &final);
  if (kind) *kind = k;
  if (err != 0) return err;
  if (k == LB_TARGET_STREAM) return write_stream(path, data, len);
  err = replace_file(final, data, len);
  free(final);
  return err;
}

/* Writing files: an export, without damaging what its path names; any file
 * of ours, under a file size limit (SIGXFSZ). */
#ifndef LB_WRITEFILE_H
#define LB_WRITEFILE_H

#include <signal.h>
#include <stddef.h>

/* What a path names, once its symbolic links are followed. */
typedef enum lb_target_kind {
  LB_TARGET_FILE,   /* a regular file, or nothing yet: replaced atomically */
  LB_TARGET_STREAM, /* a device, FIFO, socket or an open descriptor
                     * (/dev/stdout, /proc/self/fd/N): written directly */
} lb_target_kind;

/* Follows the symbolic links of `path` (at most 40) and tells what it names.
 * For LB_TARGET_FILE, *final (when not NULL) receives the path of the file
 * itself, malloc'ed, whose directory holds the temporary file of an atomic
 * write. A link that lives in procfs (/proc/self/fd/N, which /dev/stdout
 * and /dev/fd/N lead to) is a descriptor, not a name: it is not followed,
 * and the path is a stream whatever the descriptor is open on. Returns 0 or
 * a negative errno value (ELOOP, ENOTDIR, EISDIR for a directory...). */
int lb_target_resolve(const char *path, lb_target_kind *kind, char **final);

/* Writes `len` bytes of `data` to `path`:
 * - a stream is opened for writing (O_APPEND when it leads to a regular
 *   file through a descriptor link, so that what was already written there
 *   stays) and written directly: never created, truncated or renamed over;
 * - a regular file (or a path that does not exist yet) is replaced
 *   atomically: the bytes go to a new temporary file in the directory of
 *   the file the links lead to, created with O_CREAT | O_EXCL | O_NOFOLLOW
 *   under a random name, given the old file's mode (and owner, where
 *   allowed), then renamed over it; a path that did not exist gets mode
 *   0666 less the umask. SIGINT, SIGTERM, SIGHUP and SIGQUIT are held back
 *   from the temporary file's creation to its rename or removal, so that no
 *   temporary file is left behind by a signal; on any failure it is removed
 *   and the old file is left as it was.
 * *kind (when not NULL) tells which way it went. Returns 0 or a negative
 * errno value. */
int lb_write_file(const char *path, const char *data, size_t len,
                  lb_target_kind *kind);

/* Around writing a file of ours (an export, the spawner's memfd): SIGXFSZ,
 * which a file size limit (ulimit -f) raises, ignored, so that the write
 * fails with EFBIG instead of ending luabench; then restored. */
void lb_xfsz_ignore(struct sigaction *saved);
void lb_xfsz_restore(const struct sigaction *saved);

#endif

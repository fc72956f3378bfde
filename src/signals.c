/* SIGINT, SIGTERM and SIGHUP while benchmarking (signals.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "signals.h"
#include "spawner.h"

static const int handled[] = {SIGINT, SIGTERM, SIGHUP};

static volatile sig_atomic_t caught;
static volatile sig_atomic_t run_group; /* of the run in progress */
static volatile sig_atomic_t batch_spawner;
static uv_async_t wakeup;
static int installed;
static void (*listener)(void *arg);
static void *listener_arg;

static void on_signal(int sig) {
  if (caught) {
    /* The user insists: no more cleanup, but nothing left running. */
    pid_t group = run_group, spawner = batch_spawner;
    if (group > 0) kill(-group, SIGKILL);
    if (spawner > 0) kill(spawner, LB_BATCH_KILL);
    _exit(LB_EXIT_INTERRUPTED);
  }
  caught = sig;
  uv_async_send(&wakeup); /* documented as async-signal-safe */
}

static void on_wakeup(uv_async_t *handle) {
  (void)handle;
  if (caught && listener) listener(listener_arg);
}

int lb_signals_install(uv_loop_t *loop) {
  struct sigaction sa;
  size_t i;
  int err;

  if (installed) return 0;
  if ((err = uv_async_init(loop, &wakeup, on_wakeup)) != 0) return err;
  /* The wakeup handle must not keep uv_run alive on its own. */
  uv_unref((uv_handle_t *)&wakeup);

  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  sa.sa_handler = on_signal;
  for (i = 0; i < sizeof handled / sizeof handled[0]; i++)
    if (sigaction(handled[i], &sa, NULL) != 0) return -errno;
  signal(SIGPIPE, SIG_IGN);
  installed = 1;
  return 0;
}

int lb_signals_caught(void) {
  return caught;
}

void lb_signals_listen(void (*fn)(void *arg), void *arg) {
  listener = fn;
  listener_arg = arg;
}

void lb_signals_track(pid_t group, pid_t batch) {
  run_group = group;
  batch_spawner = batch;
}

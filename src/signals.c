#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "signals.h"

static volatile sig_atomic_t caught;
static uv_async_t wakeup;
static int installed;
static void (*listener)(void *arg);
static void *listener_arg;

static void on_signal(int sig) {
  if (caught) {
    /* The user insists: no more cleanup, die by the signal. */
    signal(sig, SIG_DFL);
    raise(sig);
    return;
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
  int err;

  if (installed) return 0;
  if ((err = uv_async_init(loop, &wakeup, on_wakeup)) != 0) return err;
  /* The wakeup handle must not keep uv_run alive on its own. */
  uv_unref((uv_handle_t *)&wakeup);

  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  sa.sa_handler = on_signal;
  if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0)
    return uv_translate_sys_error(errno);
  signal(SIGPIPE, SIG_IGN);
  installed = 1;
  return 0;
}

int lb_signals_caught(void) {
  return caught;
}

void lb_signals_clear(void) {
  caught = 0;
}

void lb_signals_listen(void (*fn)(void *arg), void *arg) {
  listener = fn;
  listener_arg = arg;
}

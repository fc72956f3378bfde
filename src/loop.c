/* The loop plumbing of runs and batches (loop.h). */
#include "clock.h"
#include "loop.h"
#include "signals.h"

static void on_close(uv_handle_t *handle) {
  lb_handles *hs = handle->data;
  hs->open--;
}

void lb_handles_add(lb_handles *hs, void *handle) {
  ((uv_handle_t *)handle)->data = hs;
  hs->open++;
}

void lb_handles_close(void *handle) {
  uv_handle_t *h = handle;
  if (h->data && !uv_is_closing(h)) uv_close(h, on_close);
}

int lb_loop_every(uv_loop_t *loop, lb_handles *hs, uv_timer_t *timer,
                  uint64_t period_ns, uv_timer_cb cb) {
  uint64_t ms = period_ns / LB_NS_PER_MS;
  int err;
  if (ms == 0) ms = 1;
  if ((err = uv_timer_init(loop, timer)) != 0) return err;
  lb_handles_add(hs, timer);
  return uv_timer_start(timer, cb, ms, ms);
}

void lb_loop_run(uv_loop_t *loop, lb_handles *hs, void (*on_signal)(void *),
                 void *arg) {
  lb_signals_listen(on_signal, arg);
  if (on_signal && lb_signals_caught()) on_signal(arg);
  while (hs->open > 0)
    uv_run(loop, UV_RUN_ONCE);
  lb_signals_listen(NULL, NULL);
}

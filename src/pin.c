/* CPU pinning of the runner (pin.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "pin.h"

static struct {
  int enabled;   /* asked for by the executable */
  int chosen;    /* lb_pin_choose chose a CPU: `one` holds it */
  int active;    /* we are pinned now */
  cpu_set_t own; /* the mask luabench was started with */
  cpu_set_t one; /* the CPU we and the spawner keep to */
} pin;

void lb_pin_enable(int on) {
  pin.enabled = on;
}

int lb_pin_pause(int pause) {
  const cpu_set_t *mask = pause ? &pin.own : &pin.one;
  if (!pin.active) return 0;
  return sched_setaffinity(0, sizeof *mask, mask) == 0 ? 0 : -errno;
}

void lb_pin_choose(int *cpu) {
  const char *env = getenv("LUABENCH_PIN");
  pin.chosen = 0;
  *cpu = -1;
  if (!pin.enabled || (env && strcmp(env, "0") == 0)) return;
  if (sched_getaffinity(0, sizeof pin.own, &pin.own) != 0 ||
      CPU_COUNT(&pin.own) < 2 || (*cpu = sched_getcpu()) < 0 ||
      !CPU_ISSET(*cpu, &pin.own)) {
    *cpu = -1;
    return;
  }
  CPU_ZERO(&pin.one);
  CPU_SET(*cpu, &pin.one);
  pin.chosen = 1;
}

int lb_pin_hold(void) {
  if (!pin.chosen) return 0;
  if (sched_setaffinity(0, sizeof pin.one, &pin.one) != 0) return -errno;
  pin.active = 1;
  return 0;
}

void lb_pin_release(void) {
  if (pin.active) sched_setaffinity(0, sizeof pin.own, &pin.own);
  pin.active = 0;
}

/* CPU pinning: where the runner and the spawner run (docs/measurement.md,
 * "Which CPU"). "Pin" means CPU affinity, nothing else, throughout the C
 * code. */
#ifndef LB_PIN_H
#define LB_PIN_H

/* With lb_pin_enable(1), called by the luabench executable before any
 * spawn, starting the spawner pins us and it to the CPU we are on, when
 * our mask holds more than one and LUABENCH_PIN is not 0 in the
 * environment: a request then wakes the spawner on the CPU we leave idle,
 * not on another one, a wake-up that a virtual machine makes costly
 * (docs/performance.md, "What changed item 7"). Every command gets our original
 * mask (spawner_main.c: set before exec, or the spawner's own during a batch);
 * ours is restored if the spawner stops. */
void lb_pin_enable(int on);

/* Around starting a process ourselves (os.execute, io.popen): with
 * `pause`, back to our original mask, so that the process inherits it;
 * without, pinned again. Nothing to do when we are not pinned. Returns 0
 * or a negative errno value. */
int lb_pin_pause(int pause);

/* For a spawner about to start: sets *cpu to the CPU that it and we are to
 * keep to, the one we are on (see lb_pin_enable), or to -1 for none. */
void lb_pin_choose(int *cpu);

/* Once that spawner runs: we keep to the CPU lb_pin_choose chose, if any.
 * Returns 0 or a negative errno value. */
int lb_pin_hold(void);

/* When the spawner stops: back to our original mask, so that the commands
 * we start ourselves from then on inherit it. */
void lb_pin_release(void);

#endif

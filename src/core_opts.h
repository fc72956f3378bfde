/* The options table of core.run and core.runs, read as lb_run_opts, with
 * misuse errors that name the function called. */
#ifndef LB_CORE_OPTS_H
#define LB_CORE_OPTS_H

#include <lua.h>

#include "run.h"

/* The tick function of a run or a batch, called from the loop. */
typedef struct lb_core_tick {
  lua_State *L;
  int fn;     /* stack index of the tick function */
  int failed; /* the function raised; its error is on the stack */
} lb_core_tick;

/* Reads the options table at index 1 of a call to core.`fname` into *o.
 * Its strings stay alive in the table; argv and the environment leave
 * their scratch memory on the stack. The tick function, if any, is pushed
 * and *t is set up for it. Raises on misuse. */
void lb_core_read_opts(lua_State *L, const char *fname, lb_run_opts *o,
                       lb_core_tick *t);

/* Option `key` of the options table at index 1: a string, or NULL when it
 * is absent. Raises when it is something else. */
const char *lb_core_opt_string(lua_State *L, const char *fname,
                               const char *key);

#endif

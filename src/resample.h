/* The bootstrap's resampling loop (see resample.c). */
#ifndef LB_RESAMPLE_H
#define LB_RESAMPLE_H

#include <lua.h>

/* Adds bootstrap and bootstrap_ratio to the table on top of the stack. */
void lb_register_resample(lua_State *L);

#endif

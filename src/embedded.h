/* Lua modules compiled into the executable (generated: embedded.c). */
#ifndef LB_EMBEDDED_H
#define LB_EMBEDDED_H

#include <stddef.h>

typedef struct lb_embedded {
  const char *name;      /* module name, e.g. "luabench.cli.main" */
  const char *chunkname; /* "@lua/luabench/cli/main.lua", for error messages */
  const char *source;
  size_t size;
} lb_embedded;

extern const lb_embedded lb_embedded_modules[]; /* ends with a NULL name */

#endif

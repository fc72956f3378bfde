/* core.write_file and core.target_kind: exports written without damaging
 * what their path names (writefile.h; core.h); core.mkdir, for the results
 * store's directory and that of --export-svg. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <lauxlib.h>
#include <lua.h>

#include "core.h"
#include "writefile.h"

static const char *const target_kinds[] = {"file", "stream"};

static int push_errno(lua_State *L, int err) {
  luaL_pushfail(L);
  lua_pushstring(L, strerror(-err));
  lua_pushinteger(L, -err);
  return 3;
}

/* target_kind(path) -> "file" | "stream" | fail, message, errno
 * What an export to `path` would do (writefile.h): "file", replaced
 * atomically; "stream" (a device, FIFO, socket or descriptor), written
 * directly. */
static int l_target_kind(lua_State *L) {
  lb_target_kind kind;
  int err = lb_target_resolve(luaL_checkstring(L, 1), &kind, NULL);
  if (err != 0) return push_errno(L, err);
  lua_pushstring(L, target_kinds[kind]);
  return 1;
}

/* write_file(path, text) -> "file" | "stream" | fail, message, errno
 * Writes `text` to `path` as writefile.h says, and tells which way. */
static int l_write_file(lua_State *L) {
  size_t len;
  const char *path = luaL_checkstring(L, 1);
  const char *text = luaL_checklstring(L, 2, &len);
  lb_target_kind kind;
  int err = lb_write_file(path, text, len, &kind);
  if (err != 0) return push_errno(L, err);
  lua_pushstring(L, target_kinds[kind]);
  return 1;
}

/* mkdir(path) -> true | fail, message, errno
 * Makes the directory `path` (mode 0777 less the umask); one that exists
 * already is fine. */
static int l_mkdir(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  if (mkdir(path, 0777) != 0 && errno != EEXIST) return push_errno(L, -errno);
  lua_pushboolean(L, 1);
  return 1;
}

const luaL_Reg lb_core_files_funcs[] = {
    {"mkdir", l_mkdir},
    {"target_kind", l_target_kind},
    {"write_file", l_write_file},
    {NULL, NULL},
};

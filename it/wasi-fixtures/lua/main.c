// expected: native
/* A real program for the WASI fixtures and the benchmarks: the Lua 5.4 interpreter (its source
 * is fetched by build.sh, not committed) running bench.lua, which build.sh embeds as bench_lua[].
 * Its arguments become the script's arg[] (arg[1]: how many rounds of the workload). */
#include <stdio.h>
#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"
#include "script.h"

int main(int argc, char **argv) {
    lua_State *L = luaL_newstate();
    if (L == NULL) {
        fprintf(stderr, "lua: cannot create a state\n");
        return 1;
    }
    luaL_openlibs(L);
    lua_createtable(L, argc, 0);
    for (int i = 0; i < argc; i++) {
        lua_pushstring(L, argv[i]);
        lua_rawseti(L, -2, i);
    }
    lua_setglobal(L, "arg");
    if (luaL_loadbuffer(L, (const char *) bench_lua, bench_lua_len, "=bench.lua") != LUA_OK
            || lua_pcall(L, 0, 0, 0) != LUA_OK) {
        fprintf(stderr, "lua: %s\n", lua_tostring(L, -1));
        lua_close(L);
        return 1;
    }
    lua_close(L);
    return 0;
}

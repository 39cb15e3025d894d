/* Included before every Lua source when building for wasm32-wasi (build.sh).
 *
 * wasm32-wasi has no setjmp/longjmp without the exception-handling proposal, so a Lua error ends
 * the program instead of unwinding to the nearest pcall (bench.lua raises none). The standard
 * library's process and temporary-file calls, which WASI lacks, fail as Lua documents they may. */
#include <stdio.h>
#include <stdlib.h>
#define LUAI_THROW(L, c) (fputs("lua: error raised (no longjmp on wasm32-wasi)\n", stderr), abort())
#define LUAI_TRY(L, c, a) { a }
#define luai_jmpbuf int
#define LUA_TMPNAMBUFSIZE 32
#define lua_tmpnam(b, e) { (b)[0] = '\0'; e = 1; }
#define system(cmd) ((cmd) == NULL ? 0 : -1)
#define tmpfile() ((FILE *) NULL)

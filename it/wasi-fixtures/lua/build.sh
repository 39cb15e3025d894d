#!/bin/sh
# Builds the Lua 5.4 fixture: the interpreter with bench.lua embedded (main.c), for wasm32-wasi into
# it/src/test/resources/wasi/lua.wasm (committed), and with --native also for the host into
# $OUT/lua-native (default /tmp/lua-fixture), for the benchmark comparison in benchmarks/README.md.
#
# Needs what ../build.sh needs, and xxd. The Lua sources are not committed. LUA_SRC names an
# unpacked lua-5.4.x/src; without it the script fetches Debian's lua5.4 source package (needs
# deb-src entries for apt; see the README beside).
#
#   ./build.sh [--native] [--expect]   --expect also records lua.stdout from the native build
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../../src/test/resources/wasi"
OUT=${OUT:-/tmp/lua-fixture}
mkdir -p "$OUT"
if [ -z "${LUA_SRC:-}" ]; then
    (cd "$OUT" && { [ -d lua-5.4.4 ] || { apt-get source --download-only lua5.4=5.4.4-3+deb12u1 >/dev/null \
        && tar xzf lua5.4_5.4.4.orig.tar.gz; }; })
    LUA_SRC="$OUT/lua-5.4.4/src"
fi
(cd "$here" && xxd -i bench.lua) > "$OUT/script.h"
srcs=""
for f in lapi lcode lctype ldebug ldo ldump lfunc lgc llex lmem lobject lopcodes lparser lstate lstring \
         ltable ltm lundump lvm lzio lauxlib lbaselib lcorolib ldblib liolib lmathlib loadlib loslib lstrlib \
         ltablib lutf8lib linit; do
    srcs="$srcs $LUA_SRC/$f.c"
done
CC=${CC:-clang}
# shellcheck disable=SC2086
"$CC" --target=wasm32-wasi --sysroot=/usr -O2 -w -D_WASI_EMULATED_SIGNAL -D_WASI_EMULATED_PROCESS_CLOCKS \
    -I"$here/stub" -include "$here/wasi_port.h" -I"$LUA_SRC" -I"$OUT" -Wl,--strip-all \
    -o "$out/lua.wasm" "$here/main.c" $srcs -lm -lwasi-emulated-signal -lwasi-emulated-process-clocks
echo "built lua.wasm ($(wc -c < "$out/lua.wasm") bytes)"
for a in "$@"; do
    case "$a" in
        --native|--expect)
            # shellcheck disable=SC2086
            "$CC" -O2 -w -I"$LUA_SRC" -I"$OUT" -o "$OUT/lua-native" "$here/main.c" $srcs -lm
            echo "built $OUT/lua-native" ;;
    esac
    if [ "$a" = "--expect" ]; then
        set --
        while IFS= read -r x; do set -- "$@" "$x"; done < "$out/lua.args"
        "$OUT/lua-native" "$@" > "$out/lua.stdout"
        echo "expected output of lua recorded"
    fi
done

#!/bin/sh
# Builds the SQLite fixture: SQLite 3.40.1 with main.c's workload, for wasm32-wasi into
# it/src/test/resources/wasi/sqlite.wasm (committed), and with --native also for the host into
# $OUT/sqlite-native (default /tmp/sqlite-fixture), for the benchmark comparison in
# benchmarks/README.md.
#
# Needs what ../build.sh needs. The SQLite sources are not committed. SQLITE_AMALGAMATION names a
# directory holding sqlite3.c and sqlite3.h; without it the script fetches Debian's sqlite3 source
# package (needs deb-src entries for apt) and generates the amalgamation, which needs tclsh.
#
#   ./build.sh [--native] [--expect]   --expect also records sqlite.stdout from the native build
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../../src/test/resources/wasi"
OUT=${OUT:-/tmp/sqlite-fixture}
mkdir -p "$OUT"
if [ -z "${SQLITE_AMALGAMATION:-}" ]; then
    (cd "$OUT" && { [ -d sqlite3-3.40.1 ] || { apt-get source --download-only sqlite3=3.40.1-2+deb12u2 >/dev/null \
        && tar xJf sqlite3_3.40.1.orig.tar.xz; }; })
    mkdir -p "$OUT/amalgamation"
    (cd "$OUT/amalgamation" && { [ -f sqlite3.c ] || { ../sqlite3-3.40.1/configure >/dev/null \
        && make sqlite3.c >/dev/null; }; })
    SQLITE_AMALGAMATION="$OUT/amalgamation"
fi
CC=${CC:-clang}
# One thread, no extensions to load, no write-ahead log (it needs shared memory) and no mmap.
flags="-O2 -w -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_OMIT_WAL -DSQLITE_MAX_MMAP_SIZE=0"
# shellcheck disable=SC2086
"$CC" --target=wasm32-wasi --sysroot=/usr $flags -include "$here/wasi_port.h" -D_WASI_EMULATED_GETPID \
    -D_WASI_EMULATED_MMAN -I"$SQLITE_AMALGAMATION" -Wl,--strip-all -o "$out/sqlite.wasm" \
    "$here/main.c" "$SQLITE_AMALGAMATION/sqlite3.c" -lm -lwasi-emulated-getpid -lwasi-emulated-mman
echo "built sqlite.wasm ($(wc -c < "$out/sqlite.wasm") bytes)"
for a in "$@"; do
    case "$a" in
        --native|--expect)
            # shellcheck disable=SC2086
            "$CC" $flags -I"$SQLITE_AMALGAMATION" -o "$OUT/sqlite-native" "$here/main.c" \
                "$SQLITE_AMALGAMATION/sqlite3.c" -lm
            echo "built $OUT/sqlite-native" ;;
    esac
    if [ "$a" = "--expect" ]; then
        set --
        while IFS= read -r x; do set -- "$@" "$x"; done < "$out/sqlite.args"
        # It writes bench.db into the current directory and removes it at the end.
        (mkdir -p "$OUT/run" && cd "$OUT/run" && "$OUT/sqlite-native" "$@") > "$out/sqlite.stdout"
        echo "expected output of sqlite recorded"
    fi
done

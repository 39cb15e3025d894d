#!/bin/sh
# Builds the WASI fixtures (*.c here) into it/src/test/resources/wasi/*.wasm with Debian's clang
# and wasi-libc (packages clang lld wasi-libc libclang-rt-dev-wasm32). The .wasm files are
# committed, so `mvn verify` needs no C toolchain; run this after changing a fixture.
#
#   ./build.sh            build the .wasm files
#   ./build.sh --expect   also rebuild each "expected: native" fixture natively, run it in a fresh
#                         directory with its .args/.env/.stdin, and rewrite its .stdout/.exitcode
#                         (wasmtime is not installed here; a native run gives the same output for
#                         these programs). "expected: reasoned" fixtures keep their hand-written
#                         .stdout.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../src/test/resources/wasi"
mkdir -p "$out"
CC=${CC:-clang}
for src in "$here"/*.c; do
    name=$(basename "$src" .c)
    "$CC" --target=wasm32-wasi --sysroot=/usr -O2 -Wl,--strip-all -o "$out/$name.wasm" "$src"
    echo "built $name.wasm ($(wc -c < "$out/$name.wasm") bytes)"
done

[ "${1:-}" = "--expect" ] || exit 0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for src in "$here"/*.c; do
    name=$(basename "$src" .c)
    head -1 "$src" | grep -q 'expected: native' || continue
    gcc -O2 -w -o "$tmp/$name" "$src"
    run="$tmp/run-$name"
    mkdir "$run"
    set -- "$tmp/$name"
    if [ -f "$out/$name.args" ]; then
        while IFS= read -r a; do set -- "$@" "$a"; done < "$out/$name.args"
    fi
    envs=""
    [ -f "$out/$name.env" ] && envs=$(cat "$out/$name.env")
    stdin=/dev/null
    [ -f "$out/$name.stdin" ] && stdin="$out/$name.stdin"
    code=0
    (cd "$run" && IFS='
' && env -i $envs "$@" < "$stdin" > "$tmp/$name.stdout") || code=$?
    cp "$tmp/$name.stdout" "$out/$name.stdout"
    if [ "$code" -ne 0 ]; then echo "$code" > "$out/$name.exitcode"; else rm -f "$out/$name.exitcode"; fi
    if [ -n "$(ls -A "$run")" ]; then
        rm -rf "$out/$name.files"
        cp -r "$run" "$out/$name.files"
    fi
    echo "expected output of $name recorded (exit $code)"
done

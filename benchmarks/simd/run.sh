#!/usr/bin/env bash
# The SIMD kernel (simdkernel.c) three ways, whole process: native (clang -O2), our jar of the
# wasm32 build with SIMD (-msimd128, wasm_simd128.h intrinsics) and our jar of the wasm32 build
# without SIMD (no -msimd128, auto-vectorizers off: plain scalar wasm). Checks that the scalar
# .wasm has no v128 instruction and the SIMD one has, and that all three print the same line.
#
#   benchmarks/simd/run.sh [--runs N] [ROUNDS [N [PARTS]]]
#
# Defaults: 5 runs, "40000 8192 7" (about 1 s native). PARTS is a bit mask (1 f32, 2 u8, 4 i32)
# for looking at one part alone. Runs alternate native / simd / scalar within a round so that the
# load of a shared machine weighs on all alike; the table shows medians of wall times.
# Env: BUILD (default benchmarks/target/simd), JAVA (default java), JAVA_OPTS (default none),
#      CC (default clang), SYSROOT (default /usr, wasi-libc).
set -euo pipefail
export LC_ALL=C

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
BUILD="${BUILD:-$root/benchmarks/target/simd}"
JAVA="${JAVA:-java}"
JAVA_OPTS="${JAVA_OPTS:-}"
CC="${CC:-clang}"
SYSROOT="${SYSROOT:-/usr}"
runs=5
if [ "${1:-}" = "--runs" ]; then runs="$2"; shift 2; fi
args=("${1:-40000}" "${2:-8192}" "${3:-7}")
src="$here/simdkernel.c"
mkdir -p "$BUILD"
log() { echo "# $*" >&2; }

# --- 1. Builds. -ffp-contract=off everywhere: no fused multiply-add, so the f32 sums agree.
# The wasm builds compile (-O2) and link in two steps: clang links with -O2 by running binaryen's
# wasm-opt when it is installed, which ignores noinline and inlines the three parts into _start
# (one big method, that the JVM's C1 gives up on); linked without -O the parts stay functions.
wasm_target=(--target=wasm32-wasi --sysroot="$SYSROOT")
wasm_cflags=("${wasm_target[@]}" -O2 -ffp-contract=off)
"$CC" -O2 -ffp-contract=off -o "$BUILD/native" "$src"
"$CC" "${wasm_cflags[@]}" -msimd128 -c -o "$BUILD/simd.o" "$src"
"$CC" "${wasm_cflags[@]}" -fno-vectorize -fno-slp-vectorize -c -o "$BUILD/scalar.o" "$src"
for k in simd scalar; do "$CC" "${wasm_target[@]}" -o "$BUILD/$k.wasm" "$BUILD/$k.o"; done

v128_count() { # SIMD instructions in the disassembly (v128.*, i8x16.*, ..., f64x2.*)
  wasm-objdump -d "$1" | grep -cE '\b(v128|i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)\.' || true
}
n_simd=$(v128_count "$BUILD/simd.wasm")
n_scalar=$(v128_count "$BUILD/scalar.wasm")
log "SIMD instructions: simd.wasm $n_simd, scalar.wasm $n_scalar"
[ "$n_scalar" -eq 0 ] || { echo "scalar.wasm has $n_scalar SIMD instructions" >&2; exit 1; }
[ "$n_simd" -gt 0 ] || { echo "simd.wasm has no SIMD instructions" >&2; exit 1; }

# --- 2. Our compiler (built by the launcher when a source is newer), then both jars.
for k in simd scalar; do
  "$root/wasm2jar" "$BUILD/$k.wasm" -o "$BUILD/$k.jar"
done

# --- 3. Runs.
declare -A times outs
cmd_of() {
  case "$1" in
    native) echo "$BUILD/native" ;;
    simd|scalar) echo "$JAVA $JAVA_OPTS -jar $BUILD/$1.jar" ;;
  esac
}
engines=(native simd scalar)
log "args: ${args[*]}, $runs runs; load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
for ((r = 1; r <= runs; r++)); do
  for e in "${engines[@]}"; do
    # shellcheck disable=SC2046
    t0=$EPOCHREALTIME
    out=$($(cmd_of "$e") "${args[@]}")
    t1=$EPOCHREALTIME
    ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", (b - a) * 1000 }')
    times[$e]="${times[$e]:-} $ms"
    outs[$e]="${outs[$e]:-}$out"$'\n'
    log "run $r $e: $ms ms  $out"
  done
done

median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
nat=$(median "${times[native]}"); simd=$(median "${times[simd]}"); scal=$(median "${times[scalar]}")
ref=$(head -1 <<<"${outs[native]}")
same=yes
for e in "${engines[@]}"; do
  while IFS= read -r line; do [ -z "$line" ] || [ "$line" = "$ref" ] || same=no; done <<<"${outs[$e]}"
done
printf '%-22s %9s %11s %13s %14s %9s\n' "args" "native ms" "simd jar ms" "scalar jar ms" "simd speed-up" "checksums"
printf '%-22s %9s %11s %13s %13sx %9s\n' "${args[*]}" "$nat" "$simd" "$scal" \
  "$(awk -v a="$scal" -v b="$simd" 'BEGIN { printf "%.2f", a / b }')" "$same"
echo "checksum: $ref"
echo "simd jar / native: $(awk -v a="$simd" -v b="$nat" 'BEGIN { printf "%.2f", a / b }')x, scalar jar / native: $(awk -v a="$scal" -v b="$nat" 'BEGIN { printf "%.2f", a / b }')x; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$same" = yes ]

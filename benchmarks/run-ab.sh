#!/usr/bin/env bash
# Paired A/B comparison of two variants of our jars on the kernels, for changes of a few percent on
# a shared machine whose load moves a single run by 10% or more: each round runs A and B back to
# back (alternating which goes first), and the table shows, per kernel, the median of the rounds'
# ratios B/A, their range, and in how many rounds B was faster. Two medians of separate runs hide a
# 3% change in that noise; the ratio of two runs a second apart mostly does not.
#
#   benchmarks/run-ab.sh [--quick] [--runs N] [--compile-a OPTS] [--compile-b OPTS]
#                        [--java-a OPTS] [--java-b OPTS] [KERNEL...]
#
# --compile-a/-b  JVM options of the wasm2jar run that compiles the variant's jars, such as a
#                 compiler switch (-Dwasm2jar.memory-growth=off); default none
# --java-a/-b     JVM options of the variant's runs (diagnostic -XX flags); default none
# --runs N        rounds (default 7); --quick: run-kernels.sh's small arguments
# Example: benchmarks/run-ab.sh --compile-a -Dwasm2jar.memory-growth=off sort strings
# Builds what run-kernels.sh --build-only builds, then the two variants' jars in $BUILD/ab/{a,b}.
# Every run's output must match native's (run-kernels.sh keeps it in $BUILD/out); a mismatch stops.
set -euo pipefail
export LC_ALL=C

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${BUILD:-$root/benchmarks/target/bench}"
JAVA="${JAVA:-java}"
runs=7
mode=default
compile_a="" compile_b="" java_a="" java_b=""
kernels=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) mode=quick ;;
    --runs) runs="$2"; shift ;;
    --compile-a) compile_a="$2"; shift ;;
    --compile-b) compile_b="$2"; shift ;;
    --java-a) java_a="$2"; shift ;;
    --java-b) java_b="$2"; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) kernels+=("$1") ;;
  esac
  shift
done
. "$root/benchmarks/kernels.sh"
[ ${#kernels[@]} -gt 0 ] || kernels=("${all_kernels[@]}")

"$root/benchmarks/run-kernels.sh" --build-only "${kernels[@]}" >/dev/null
compiler_jar="$root/compiler/target/wasm2jar.jar"
mkdir -p "$BUILD/ab/a" "$BUILD/ab/b"
for k in "${kernels[@]}"; do
  # shellcheck disable=SC2086 # options are words on purpose
  "$JAVA" $compile_a -jar "$compiler_jar" "$BUILD/wasm/$k.wasm" -o "$BUILD/ab/a/$k.jar" >/dev/null
  # shellcheck disable=SC2086
  "$JAVA" $compile_b -jar "$compiler_jar" "$BUILD/wasm/$k.wasm" -o "$BUILD/ab/b/$k.jar" >/dev/null
done

expected() { # native's output of kernel $1 with this mode's arguments, made once
  local f="$BUILD/ab/$1.$mode.expected"
  # shellcheck disable=SC2086
  [ -f "$f" ] || "$BUILD/native/$1" ${ARGS[$1]} >"$f"
  echo "$f"
}
run() { # variant $1 ("a" or "b") of kernel $2: prints the wall time in microseconds
  local v=$1 k=$2 opts t0
  [ "$v" = a ] && opts=$java_a || opts=$java_b
  t0=$(now_us)
  # shellcheck disable=SC2086
  "$JAVA" $opts -jar "$BUILD/ab/$v/$k.jar" ${ARGS[$k]} >"$BUILD/ab/$v.out"
  echo $(( $(now_us) - t0 ))
  cmp -s "$BUILD/ab/$v.out" "$(expected "$k")" || { echo "variant $v of $k printed: $(head -c 200 "$BUILD/ab/$v.out")" >&2; exit 1; }
}

echo "A: compile ${compile_a:-(defaults)}, run ${java_a:-(defaults)}"
echo "B: compile ${compile_b:-(defaults)}, run ${java_b:-(defaults)}"
echo "$mode args, $runs rounds, load at start: $(uptime | sed 's/.*load average: //')"
printf "%-11s %9s %9s %8s %15s %9s\n" kernel "A ms" "B ms" "B/A" "range" "B faster"
for k in "${kernels[@]}"; do
  ratios=() as=() bs=()
  for ((r = 1; r <= runs; r++)); do
    if ((r % 2)); then a=$(run a "$k"); b=$(run b "$k"); else b=$(run b "$k"); a=$(run a "$k"); fi
    as+=("$a"); bs+=("$b"); ratios+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.4f", b / a }')")
  done
  range=$(printf '%s\n' "${ratios[@]}" | sort -g | awk 'NR==1 {lo=$1} {hi=$1} END {printf "%.2f-%.2f", lo, hi}')
  faster=$(printf '%s\n' "${ratios[@]}" | awk '$1 < 1 {n++} END {print n + 0}')
  printf "%-11s %9.1f %9.1f %8.3f %15s %6s/%s\n" "$k" "$(printf '%s\n' "${as[@]}" | median | awk '{print $1/1000}')" \
    "$(printf '%s\n' "${bs[@]}" | median | awk '{print $1/1000}')" "$(printf '%s\n' "${ratios[@]}" | median)" \
    "$range" "$faster" "$runs"
done

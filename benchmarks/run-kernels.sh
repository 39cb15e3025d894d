#!/usr/bin/env bash
# Whole-process comparison of the benchmark kernels (../shared/bench): native clang -O2, our jars
# (java -jar), Chicory 1.7.5's compiler (ChicoryMain) and, when node is installed, node's WASI.
# Every engine runs every kernel in the same round, rounds repeated RUNS times (interleaved, so a
# change in machine load hits all engines alike); the table shows the median wall time of each.
#
#   benchmarks/run-kernels.sh [--quick] [--runs N] [--engines "native wasm2jar chicory node"]
#                             [--build-only] [KERNEL...]
#
# --quick       small arguments (~0.1 s native per kernel) for smoke runs
# --runs N      runs per kernel and engine (default 5; env RUNS)
# --engines     engines to run (native is always run: it is the reference)
# --build-only  build the kernels (.wasm, native) and our jars, then stop (what the JMH run needs)
# Env: BUILD (default benchmarks/target/bench), SHARED (default ../shared next to the project),
#      JAVA (default java), JAVA_OPTS (JVM options for every java run, default none),
#      STARTUP_REPS (start-up runs per round, default 5).
# Writes the table to stdout and to $BUILD/results-{default,quick}.txt; logs in $BUILD/logs.
set -euo pipefail
export LC_ALL=C

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${BUILD:-$root/benchmarks/target/bench}"
SHARED="${SHARED:-$root/../shared}"
JAVA="${JAVA:-java}"
JAVA_OPTS="${JAVA_OPTS:-}"
RUNS="${RUNS:-5}"
STARTUP_REPS="${STARTUP_REPS:-5}"
mode=default
build_only=false
engines="native wasm2jar chicory node"
kernels=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) mode=quick ;;
    --runs) RUNS="$2"; shift ;;
    --engines) engines="native $2"; shift ;;
    --build-only) build_only=true ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) kernels+=("$1") ;;
  esac
  shift
done
command -v node >/dev/null 2>&1 || engines="${engines/node/}"
. "$root/benchmarks/kernels.sh"
[ ${#kernels[@]} -gt 0 ] || kernels=("${all_kernels[@]}")

mkdir -p "$BUILD/jar" "$BUILD/logs" "$BUILD/out" "$BUILD/hello"
log() { echo "# $*" >&2; }

# --- 1. Kernels: wasm32-wasi and native, rebuilt when a C source is newer than the last build.
src="$SHARED/bench/c"
[ -d "$src" ] || { echo "no kernels at $src (set SHARED)" >&2; exit 1; }
if [ ! -f "$BUILD/.built" ] || [ -n "$(find "$src" -newer "$BUILD/.built" -print -quit)" ]; then
  log "building the kernels into $BUILD ($src/build.sh)"
  BUILD="$BUILD" sh "$src/build.sh" >"$BUILD/logs/build.log" 2>&1 || { cat "$BUILD/logs/build.log" >&2; exit 1; }
  touch "$BUILD/.built"
fi

# --- 2. Our compiler and the benchmarks jar (ChicoryMain), rebuilt when a source is newer.
compiler_jar="$root/compiler/target/wasm2jar.jar"
bench_jar="$root/benchmarks/target/benchmarks.jar"
stale() { [ ! -f "$1" ] || [ -n "$(find "$root"/{runtime,wasi-shim,compiler,benchmarks}/src "$root"/pom.xml \
            "$root"/{runtime,wasi-shim,compiler,benchmarks}/pom.xml -newer "$1" -print -quit 2>/dev/null)" ]; }
if stale "$compiler_jar" || stale "$bench_jar"; then
  log "building wasm2jar and the benchmarks jar (mvn -pl benchmarks -am package -DskipTests)"
  (cd "$root" && mvn -q -B -pl benchmarks -am package -DskipTests) >"$BUILD/logs/mvn.log" 2>&1 \
    || { tail -40 "$BUILD/logs/mvn.log" >&2; exit 1; }
fi

# --- 3. Our jars: one per kernel; the compile's whole-process time is reported too.
declare -A COMPILE_MS COMPILED
for k in "${kernels[@]}" startup; do
  t0=$(now_us)
  if "$JAVA" -jar "$compiler_jar" "$BUILD/wasm/$k.wasm" -o "$BUILD/jar/$k.jar" >"$BUILD/logs/$k.compile.log" 2>&1; then
    COMPILED[$k]=yes
  else
    COMPILED[$k]=no
    log "wasm2jar failed to compile $k: java -jar $compiler_jar $BUILD/wasm/$k.wasm -o $BUILD/jar/$k.jar"
    sed 's/^/#   /' "$BUILD/logs/$k.compile.log" | head -20 >&2
  fi
  COMPILE_MS[$k]=$(( ($(now_us) - t0) / 1000 ))
done
$build_only && { log "built: $BUILD/wasm, $BUILD/native, $BUILD/jar"; exit 0; }

# A bare JVM printing one line: the floor for any JVM-based start-up.
cat >"$BUILD/hello/Hello.java" <<'EOF'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
EOF
[ -f "$BUILD/hello/Hello.class" ] || javac -d "$BUILD/hello" "$BUILD/hello/Hello.java"
# node's WASI (preview1), exit code passed through.
cat >"$BUILD/node-wasi.mjs" <<'EOF'
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
const [file, ...args] = process.argv.slice(2);
const wasi = new WASI({ version: 'preview1', args: [file, ...args], env: {}, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
EOF

# The command line of kernel $1 under engine $2 (args unquoted on purpose: they are numbers).
cmd() {
  local k=$1 e=$2 a=${ARGS[$1]}
  case "$e" in
    native)  echo "$BUILD/native/$k $a" ;;
    wasm2jar) echo "$JAVA $JAVA_OPTS -jar $BUILD/jar/$k.jar $a" ;;
    chicory) echo "$JAVA $JAVA_OPTS -cp $bench_jar dev.wasm2jar.bench.ChicoryMain $BUILD/wasm/$k.wasm $a" ;;
    node)    echo "node --no-warnings $BUILD/node-wasi.mjs $BUILD/wasm/$k.wasm $a" ;;
    hello)   echo "$JAVA $JAVA_OPTS -cp $BUILD/hello Hello" ;;
  esac
}

# --- 4. Interleaved rounds. Times in microseconds go to $BUILD/out/KERNEL.ENGINE.times; every
# run's stdout is compared with native's first one; exit codes must be 0.
declare -A SAME
rm -f "$BUILD"/out/*
jobs_list=()
for k in "${kernels[@]}"; do for e in $engines; do jobs_list+=("$k:$e"); done; done
# A start-up run takes ~50 ms, and a single one moves by 10 ms with the machine's load: each round
# runs the start-up jobs STARTUP_REPS times (interleaved), so its median is of RUNS * STARTUP_REPS.
for ((i = 0; i < STARTUP_REPS; i++)); do
  jobs_list+=("startup:native" "startup:hello")
  for e in $engines; do [ "$e" = native ] || jobs_list+=("startup:$e"); done
done

uptime_start=$(uptime)
log "$mode args, $RUNS runs, engines: $engines; load at start: ${uptime_start##*load average: }"
for ((r = 1; r <= RUNS; r++)); do
  log "round $r/$RUNS"
  for job in "${jobs_list[@]}"; do
    k=${job%%:*}; e=${job#*:}
    [ "$e" = wasm2jar ] && [ "${COMPILED[$k]}" = no ] && continue
    out="$BUILD/out/$k.$e.stdout"
    c=$(cmd "$k" "$e")
    t0=$(now_us)
    set +e
    $c >"$out" 2>"$BUILD/logs/$k.$e.stderr"
    status=$?
    set -e
    t1=$(now_us)
    echo $((t1 - t0)) >>"$BUILD/out/$k.$e.times"
    [ -f "$BUILD/out/$k.native.expected" ] || { [ "$e" = native ] && cp "$out" "$BUILD/out/$k.native.expected"; }
    if [ $status -ne 0 ]; then
      SAME[$k.$e]="exit $status"
      log "$k under $e exited $status: $c"; sed 's/^/#   /' "$BUILD/logs/$k.$e.stderr" | head -10 >&2
    elif [ "$e" != hello ] && ! cmp -s "$out" "$BUILD/out/$k.native.expected"; then
      SAME[$k.$e]=no
      log "$k under $e printed: $(head -c 200 "$out")"
    elif [ -z "${SAME[$k.$e]:-}" ]; then
      SAME[$k.$e]=yes
    fi
  done
done
uptime_end=$(uptime)

# --- 5. The table.
median_ms() { # median of the microsecond times in $1, in ms
  [ -s "$1" ] || { echo "-"; return; }
  median <"$1" | awk '{printf "%.1f", $1 / 1000}'
}
spread_pct() { # (max - min) / median of the times in $1, in percent
  [ -s "$1" ] || { echo "-"; return; }
  sort -g "$1" | awk -v m="$(median <"$1")" 'NR == 1 {lo = $1} {hi = $1} END {printf "%.0f%%", 100 * (hi - lo) / m}'
}
has() { [[ " $engines " == *" $1 "* ]]; }
report() {
  echo "wasm2jar whole-process benchmark: $mode args, median of $RUNS runs, wall time of the whole process"
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet 2>/dev/null || echo ' (modified)')"
  echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "load average: start ${uptime_start##*load average: }, end ${uptime_end##*load average: }"
  echo "java: $("$JAVA" -version 2>&1 | head -1)${JAVA_OPTS:+ options: $JAVA_OPTS}; clang: $(clang --version | head -1)$(has node && echo "; node: $(node --version)")"
  echo "chicory: 1.7.5, bytecode compiler (MachineFactoryCompiler), stock options, via ChicoryMain"
  echo
  local hdr="%-11s %-17s %9s %9s %7s %9s %7s %8s"
  local row="%-11s %-17s %9s %9s %7s %9s %7s %8s"
  has node && { hdr+=" %9s %7s"; row+=" %9s %7s"; }
  hdr+=" %-18s %9s\n"; row+=" %-18s %9s\n"
  local -a h=(kernel args "native ms" "w2j ms" "w2j/nat" "chic ms" "chic/nat" "w2j vs chic")
  has node && h+=("node ms" "node/nat")
  h+=("same output" "compile ms")
  printf "$hdr" "${h[@]}"
  local k nat w2j chic nd
  for k in "${kernels[@]}"; do
    nat=$(median_ms "$BUILD/out/$k.native.times")
    w2j=$(median_ms "$BUILD/out/$k.wasm2jar.times")
    chic=$(median_ms "$BUILD/out/$k.chicory.times")
    nd=$(median_ms "$BUILD/out/$k.node.times")
    local same="" e
    for e in wasm2jar chicory node; do
      has $e || continue
      [ "$e" = wasm2jar ] && [ "${COMPILED[$k]}" = no ] && { same+="${e:0:1}:FAIL "; continue; }
      same+="${e:0:1}:${SAME[$k.$e]:-?} "
    done
    local -a v=("$k" "${ARGS[$k]}" "$nat" "$w2j" "$(ratio "$w2j" "$nat")" "$chic" "$(ratio "$chic" "$nat")" "$(ratio "$chic" "$w2j")")
    has node && v+=("$nd" "$(ratio "$nd" "$nat")")
    v+=("${same% }" "${COMPILE_MS[$k]}")
    printf "$row" "${v[@]}"
    echo "$k $nat $w2j $chic $nd" >>"$BUILD/out/summary"
  done
  geomeans
  # The machine's noise, for judging the ratios: how far native's own runs of a kernel lie apart.
  local spreads=""
  for k in "${kernels[@]}"; do spreads+=" $k $(spread_pct "$BUILD/out/$k.native.times"),"; done
  echo "native run-to-run spread, (slowest - fastest) / median:${spreads%,}"
  echo
  echo "start-up (startup ${ARGS[startup]}, whole process, median of $((RUNS * STARTUP_REPS)) runs, ms):"
  local s_nat s_hello s_w2j s_chic s_node
  s_nat=$(median_ms "$BUILD/out/startup.native.times"); s_hello=$(median_ms "$BUILD/out/startup.hello.times")
  s_w2j=$(median_ms "$BUILD/out/startup.wasm2jar.times"); s_chic=$(median_ms "$BUILD/out/startup.chicory.times")
  s_node=$(median_ms "$BUILD/out/startup.node.times")
  printf "  native %s, bare java hello world %s, wasm2jar jar %s (same output: %s), chicory %s (%s)%s\n" \
    "$s_nat" "$s_hello" "$s_w2j" "${SAME[startup.wasm2jar]:-?}" "$s_chic" "${SAME[startup.chicory]:-?}" \
    "$(has node && echo ", node $s_node")"
  printf "  goals: wasm2jar start-up %s ms (<= 60), chicory / wasm2jar %s (>= 4)\n" "$s_w2j" "$(ratio "$s_chic" "$s_w2j")"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'; }
geomeans() { # over the kernels where native and the engine both have times
  awk -v n="${#kernels[@]}" '
    function g(s, c) { return c ? sprintf("%.2f", exp(s / c)) : "-" }
    $3 != "-" && $2 != "-" { w += log($3 / $2); wc++; if ($3 / $2 > wmax) { wmax = $3 / $2; wk = $1 } }
    $4 != "-" && $2 != "-" { c += log($4 / $2); cc++ }
    $4 != "-" && $3 != "-" { s += log($4 / $3); sc++ }
    $5 != "-" && $2 != "-" { d += log($5 / $2); dc++ }
    END {
      printf "geomean: wasm2jar/native %s (%d of %d kernels), chicory/native %s, wasm2jar vs chicory %s", g(w, wc), wc, n, g(c, cc), g(s, sc)
      if (dc) printf ", node/native %s", g(d, dc)
      printf "\ngoals: geomean %s (<= 1.3), slowest %s at %.2f (<= 2)\n", g(w, wc), wk, wmax
    }' "$BUILD/out/summary"
}
report | tee "$BUILD/results-$mode.txt"

#!/usr/bin/env bash
# On-demand fuzzing (the bounded runs are part of `mvn verify`: Fuzz*Test).
#   it/fuzz.sh [mutate|diff] N [SEED]
#   it/fuzz.sh N            same as: mutate N
# mutate: N mutated modules through decode/validate/compile/instantiate/run; only documented errors
#         (ModuleException, LinkException, Trap) may occur and nothing may hang.
# diff:   N random modules from `wasm-opt -ttf`, run by us and by node (V8); transcripts must agree.
# Without SEED a random one is used (and printed). Findings go to it/target/fuzz-findings/.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=mutate
if [[ $# -ge 1 && ( $1 == mutate || $1 == diff ) ]]; then mode=$1; shift; fi
n=${1:-5000}
seed=${2:-}
mvn -q -o -B -pl it -am test-compile dependency:build-classpath -Dmdep.outputFile=target/fuzz-classpath.txt
cd it
cp="target/test-classes:target/classes:$(cat target/fuzz-classpath.txt)"
exec java ${FUZZ_JAVA_OPTS:-} -Xss16m -Xmx3g -cp "$cp" dev.wasm2jar.it.fuzz.FuzzMain "$mode" "$n" $seed

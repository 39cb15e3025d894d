#!/usr/bin/env bash
# Rebuilds helloworld.wasm (needs Debian's clang lld wasi-libc libclang-rt-dev-wasm32).
set -euo pipefail
cd "$(dirname "$0")"
clang --target=wasm32-wasi --sysroot=/usr -O2 -Wl,--strip-debug -o helloworld.wasm helloworld.c

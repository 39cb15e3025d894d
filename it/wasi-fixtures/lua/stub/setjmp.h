/* wasm32-wasi has no setjmp.h: ldo.c includes it, wasi_port.h replaces what it is used for */

;; Exits through WASI proc_exit with the code 42.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (func (export "_start") (call $proc_exit (i32.const 42)) unreachable)
  (memory (export "memory") 1)
)

;; A command whose _start traps two calls deep, and exports for --invoke.
(module
  (func $divide (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func $main (drop (call $divide (i32.const 1) (i32.const 0))))
  (func $_start (export "_start") (call $main))
  (func $recurse (export "recurse") (param i32) (result i32)
    (i32.add (i32.const 1) (call $recurse (local.get 0))))
  (func (export "add") (param i32 i64) (result i64) (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1)))
  (func (export "pair") (result i32 f64) (i32.const 7) (f64.const 2.5))
  (memory (export "memory") 1)
)

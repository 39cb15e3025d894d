;; A guest stuck in a loop, and one stuck in recursion without loops.
(module
  (func $spin (export "_start") (loop $l (br $l)))
  (func (export "spin") (result i32) (call $spin) (i32.const 0))
  (func $fib (export "fib") (param i64) (result i64)
    (if (result i64) (i64.lt_u (local.get 0) (i64.const 2))
      (then (local.get 0))
      (else (i64.add (call $fib (i64.sub (local.get 0) (i64.const 1))) (call $fib (i64.sub (local.get 0) (i64.const 2)))))))
)

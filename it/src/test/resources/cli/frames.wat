;; A recursive function with 600 i64 locals (a 4.8 KB frame). Compiled with the tests' tiny split
;; budget (-Dwasm2jar.split.budget=100) it is split into parts that keep its locals in a heap array
;; per call, so a runaway recursion runs out of heap before it runs out of stack: CliTest checks that
;; this still ends as the guest's "call stack exhausted" trap.
(module
  (func $deep (export "deep") (param i32) (result i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local.set 1 (i64.add (local.get 1) (i64.extend_i32_u (local.get 0))))
    (local.set 41 (i64.add (local.get 41) (i64.extend_i32_u (local.get 0))))
    (local.set 81 (i64.add (local.get 81) (i64.extend_i32_u (local.get 0))))
    (local.set 121 (i64.add (local.get 121) (i64.extend_i32_u (local.get 0))))
    (local.set 161 (i64.add (local.get 161) (i64.extend_i32_u (local.get 0))))
    (local.set 201 (i64.add (local.get 201) (i64.extend_i32_u (local.get 0))))
    (local.set 241 (i64.add (local.get 241) (i64.extend_i32_u (local.get 0))))
    (local.set 281 (i64.add (local.get 281) (i64.extend_i32_u (local.get 0))))
    (local.set 321 (i64.add (local.get 321) (i64.extend_i32_u (local.get 0))))
    (local.set 361 (i64.add (local.get 361) (i64.extend_i32_u (local.get 0))))
    (local.set 401 (i64.add (local.get 401) (i64.extend_i32_u (local.get 0))))
    (local.set 441 (i64.add (local.get 441) (i64.extend_i32_u (local.get 0))))
    (local.set 481 (i64.add (local.get 481) (i64.extend_i32_u (local.get 0))))
    (local.set 521 (i64.add (local.get 521) (i64.extend_i32_u (local.get 0))))
    (local.set 561 (i64.add (local.get 561) (i64.extend_i32_u (local.get 0))))
    (i64.add (local.get 561) (call $deep (i32.add (local.get 0) (i32.const 1))))))

;; A command whose _start stores across the end of its one page of memory: an out-of-bounds trap.
(module
  (memory (export "memory") 1)
  (func $poke (param $at i32)
    (i32.store (local.get $at) (i32.add (i32.load (i32.const 0)) (i32.const 1))))
  (func $_start (export "_start") (call $poke (i32.const 65533)))
)

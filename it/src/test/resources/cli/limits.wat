;; Runaway guests: memory.grow, and recursion through call_indirect.
(module
  (memory (export "memory") 1)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (type $r (func (param i32) (result i32)))
  (table funcref (elem $viaTable))
  (func $viaTable (export "recurseIndirect") (param i32) (result i32)
    (i32.add (i32.const 1) (call_indirect (type $r) (local.get 0) (i32.const 0))))
)

;; Pure computation and one memory: the module behind the README's first example.
;; Built with: wat2wasm --debug-names calc.wat -o calc.wasm
(module
  (memory (export "memory") 1)

  (func (export "add") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.add)

  ;; Iterative Fibonacci: fib(0) = 0, fib(1) = 1.
  (func (export "fib") (param $n i64) (result i64)
    (local $a i64) (local $b i64) (local $t i64)
    i64.const 1
    local.set $b
    block $done
      loop $next
        local.get $n
        i64.eqz
        br_if $done
        local.get $a
        local.get $b
        i64.add
        local.set $t
        local.get $b
        local.set $a
        local.get $t
        local.set $b
        local.get $n
        i64.const 1
        i64.sub
        local.set $n
        br $next
      end
    end
    local.get $a)

  (func (export "store") (param $addr i32) (param $value i32)
    local.get $addr
    local.get $value
    i32.store)

  (func (export "load") (param $addr i32) (result i32)
    local.get $addr
    i32.load))

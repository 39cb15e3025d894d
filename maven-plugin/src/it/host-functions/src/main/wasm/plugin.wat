;; Imports another instance's memory and a host function: instantiated with the embedding API.
;; Built with: wat2wasm --debug-names plugin.wat -o plugin.wasm
(module
  (import "host" "memory" (memory 1))
  (import "host" "twice" (func $twice (param i32) (result i32)))

  ;; The sum of the bytes at [addr, addr + len).
  (func $sum_bytes (export "sum_bytes") (param $addr i32) (param $len i32) (result i32)
    (local $sum i32)
    block $done
      loop $next
        local.get $len
        i32.eqz
        br_if $done
        local.get $sum
        local.get $addr
        i32.load8_u
        i32.add
        local.set $sum
        local.get $addr
        i32.const 1
        i32.add
        local.set $addr
        local.get $len
        i32.const 1
        i32.sub
        local.set $len
        br $next
      end
    end
    local.get $sum)

  (func $twice_plus_one (export "twice_plus_one") (param $x i32) (result i32)
    local.get $x
    call $twice
    i32.const 1
    i32.add))

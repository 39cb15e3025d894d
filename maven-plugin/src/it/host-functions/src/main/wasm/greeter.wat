;; Host functions implemented in Java: a log that reads a UTF-8 string from memory, a clock and
;; a math helper from a second import module.
;; Built with: wat2wasm --debug-names greeter.wat -o greeter.wasm
(module
  (import "env" "log" (func $log (param $ptr i32) (param $len i32)))
  (import "env" "now" (func $now (result i64)))
  (import "math" "scale" (func $scale (param f64) (result f64)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from wasm")

  ;; Logs the greeting and returns the host's clock.
  (func (export "greet") (result i64)
    i32.const 16
    i32.const 15
    call $log
    call $now)

  (func (export "area") (param $radius f64) (result f64)
    local.get $radius
    local.get $radius
    f64.mul
    call $scale))

;; Grows memory one page at a time to 512 MiB, touching each new page, as a C program's malloc
;; does on its way up: the case that made growth quadratic while a memory's byte[] had to be
;; exactly its size (each grow copied everything).
;;
;;   ./wasm2jar benchmarks/growth/grow-pages.wat -o /tmp/grow.jar
;;   time java -Xmx2g -jar /tmp/grow.jar        (exit status 0: the memory is 8192 pages)
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory 1)
  (func (export "_start") (local $i i32)
    (loop $grow
      (drop (memory.grow (i32.const 1)))
      (i32.store8 (i32.sub (i32.shl (memory.size) (i32.const 16)) (i32.const 1)) (i32.const 1))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $grow (i32.lt_u (local.get $i) (i32.const 8191))))
    (call $exit (i32.sub (memory.size) (i32.const 8192)))))

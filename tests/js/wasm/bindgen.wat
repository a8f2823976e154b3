;; Shaped like wasm-bindgen output: a bump allocator, strings passed as
;; (ptr, len) in linear memory, an import called back with a string, and
;; memory growth during a call (which detaches the JS views of memory).
(module
  (import "__wbindgen_placeholder__" "__wbg_log" (func $log (param i32 i32)))
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))
  (func (export "__wbindgen_malloc") (param $size i32) (param $align i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (local.get $p) (local.get $size)))
    (local.get $p))
  ;; upper(ptr, len): grows memory by one page, uppercases ASCII in place,
  ;; logs the result through the import, returns len.
  (func (export "upper") (param $ptr i32) (param $len i32) (result i32)
    (local $i i32) (local $c i32)
    (drop (memory.grow (i32.const 1)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $c (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
        (if (i32.and (i32.ge_u (local.get $c) (i32.const 97)) (i32.le_u (local.get $c) (i32.const 122)))
          (then (i32.store8 (i32.add (local.get $ptr) (local.get $i)) (i32.sub (local.get $c) (i32.const 32)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $log (local.get $ptr) (local.get $len))
    (local.get $len))
  (func (export "pages") (result i32) (memory.size))
)

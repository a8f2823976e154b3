;; sample.wat - a module whose translation uses most kinds of instruction:
;; direct, imported-free indirect and recursive calls, br_table, loops,
;; fused compares, memory, data and element segments, globals, tables,
;; references. The cache tests compare what its exports return when
;; compiled and when loaded from the cache.
(module $sample
  (type $binop (func (param i32 i32) (result i32)))
  (memory 1 4)
  (table $funcs 4 funcref)
  (table $refs 2 externref)
  (global $counter (mut i32) (i32.const 0))
  (global $base i64 (i64.const 1000))
  (data (i32.const 16) "husk cache")
  (data $passive "0123456789")
  (elem (table $funcs) (i32.const 0) func $add $sub $mul)
  (elem $later func $sub)

  (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $binop) (i32.sub (local.get 0) (local.get 1)))
  (func $mul (type $binop) (i32.mul (local.get 0) (local.get 1)))

  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))

  (func (export "fib20") (result i32) (call $fib (i32.const 20)))

  ;; sum of i*k over i < 100, through the table
  (func (export "indirect") (result i32)
    (local $i i32) (local $acc i32)
    (loop $next
      (local.set $acc
        (call_indirect $funcs (type $binop)
          (local.get $acc)
          (i32.mul (local.get $i) (i32.const 3))
          (i32.rem_u (local.get $i) (i32.const 2))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_s (local.get $i) (i32.const 100))))
    (local.get $acc))

  (func $classify (param i32) (result i32)
    (block $d (block $c (block $b (block $a
      (br_table $a $b $c $d (local.get 0)))
      (return (i32.const 10)))
      (return (i32.const 20)))
      (return (i32.const 30)))
    (i32.const 40))

  (func (export "switch") (result i32)
    (i32.add (i32.add (call $classify (i32.const 0)) (call $classify (i32.const 1)))
             (i32.add (call $classify (i32.const 2)) (call $classify (i32.const 99)))))

  ;; checksum of memory after fill, copy, init and stores
  (func (export "memory") (result i64)
    (local $i i32) (local $sum i64)
    (memory.fill (i32.const 100) (i32.const 7) (i32.const 50))
    (memory.copy (i32.const 200) (i32.const 16) (i32.const 10))
    (memory.init $passive (i32.const 300) (i32.const 2) (i32.const 5))
    (data.drop $passive)
    (i64.store (i32.const 400) (i64.const 0x1122334455667788))
    (i32.store16 (i32.const 410) (i32.const 0xabcd))
    (drop (memory.grow (i32.const 1)))
    (loop $next
      (local.set $sum (i64.add (i64.mul (local.get $sum) (i64.const 31))
                               (i64.load8_u (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 512))))
    (i64.add (local.get $sum) (i64.extend_i32_u (memory.size))))

  (func (export "globals") (result i64)
    (global.set $counter (i32.add (global.get $counter) (i32.const 5)))
    (i64.add (global.get $base) (i64.extend_i32_s (global.get $counter))))

  (func (export "tables") (result i32)
    (table.init $funcs $later (i32.const 3) (i32.const 0) (i32.const 1))
    (elem.drop $later)
    (drop (table.grow $refs (ref.null extern) (i32.const 3)))
    (table.set $refs (i32.const 1) (ref.null extern))
    (i32.add
      (i32.add (table.size $refs) (ref.is_null (table.get $funcs (i32.const 3))))
      (call_indirect $funcs (type $binop) (i32.const 50) (i32.const 8) (i32.const 3))))

  (func (export "floats") (result f64)
    (local $x f64)
    (local.set $x (f64.sqrt (f64.const 2)))
    (f64.add (f64.mul (local.get $x) (f64.const 1e3))
             (f64.promote_f32 (f32.nearest (f32.const 2.5)))))

  (func (export "select") (result i32)
    (select (i32.const 11) (i32.const 22) (i32.eqz (global.get $counter))))

  (func (export "ref") (result i32)
    (ref.is_null (ref.func $mul)))

  ;; memmove's backward and memcpy's forward byte loops, as clang emits
  ;; them: move8_loop_down and move8_loop_up
  (func $back (param i32 i32 i32) (local i32 i32 i32 i32)
    (local.set 5 (i32.add (local.get 0) (i32.const -4)))
    (local.set 6 (i32.add (local.get 1) (i32.const -4)))
    (loop
      (i32.store8 (i32.add (local.tee 3 (i32.add (local.get 2) (local.get 5))) (i32.const 3))
                  (i32.load8_u (i32.add (local.tee 4 (i32.add (local.get 2) (local.get 6))) (i32.const 3))))
      (i32.store8 (i32.add (local.get 3) (i32.const 2)) (i32.load8_u (i32.add (local.get 4) (i32.const 2))))
      (i32.store8 (i32.add (local.get 3) (i32.const 1)) (i32.load8_u (i32.add (local.get 4) (i32.const 1))))
      (i32.store8 (local.get 3) (i32.load8_u (local.get 4)))
      (br_if 0 (local.tee 2 (i32.add (local.get 2) (i32.const -4))))))
  (func $fwd (param i32 i32 i32)
    (loop
      (i32.store8 (local.get 0) (i32.load8_u (local.get 1)))
      (i32.store8 (i32.add (local.get 0) (i32.const 1)) (i32.load8_u (i32.add (local.get 1) (i32.const 1))))
      (local.set 0 (i32.add (local.get 0) (i32.const 2)))
      (local.set 1 (i32.add (local.get 1) (i32.const 2)))
      (br_if 0 (local.tee 2 (i32.add (local.get 2) (i32.const -2))))))
  ;; memcpy's word loop for a misaligned source: move32_funnel_loop
  (func $funnel (param i32 i32 i32 i32) (local i32 i32 i32 i32)
    (loop
      (i32.store (local.tee 5 (i32.add (local.get 0) (local.get 4)))
        (i32.or (i32.shl (local.tee 7 (i32.load (i32.add (local.tee 6 (i32.add (local.get 1) (local.get 4)))
                                                         (i32.const 4)))) (i32.const 8))
                (i32.shr_u (local.get 3) (i32.const 24))))
      (i32.store (i32.add (local.get 5) (i32.const 4))
        (i32.or (i32.shl (local.tee 3 (i32.load (i32.add (local.get 6) (i32.const 8)))) (i32.const 8))
                (i32.shr_u (local.get 7) (i32.const 24))))
      (i32.store (i32.add (local.get 5) (i32.const 8))
        (i32.or (i32.shl (local.tee 7 (i32.load (i32.add (local.get 6) (i32.const 12)))) (i32.const 8))
                (i32.shr_u (local.get 3) (i32.const 24))))
      (i32.store (i32.add (local.get 5) (i32.const 12))
        (i32.or (i32.shl (local.tee 3 (i32.load (i32.add (local.get 6) (i32.const 16)))) (i32.const 8))
                (i32.shr_u (local.get 7) (i32.const 24))))
      (local.set 4 (i32.add (local.get 4) (i32.const 16)))
      (br_if 0 (i32.gt_u (local.tee 2 (i32.add (local.get 2) (i32.const -16))) (i32.const 16)))))
  ;; memcpy's aligned word loop and memmove's backward one: move64x4_loop,
  ;; move32x4_loop_down
  (func $words (param i32 i32 i32)
    (loop
      (i64.store (local.get 0) (i64.load (local.get 1)))
      (i64.store (i32.add (local.get 0) (i32.const 8)) (i64.load (i32.add (local.get 1) (i32.const 8))))
      (i64.store offset=16 (local.get 0) (i64.load offset=16 (local.get 1)))
      (i64.store (i32.add (local.get 0) (i32.const 24)) (i64.load (i32.add (local.get 1) (i32.const 24))))
      (local.set 0 (i32.add (local.get 0) (i32.const 32)))
      (local.set 1 (i32.add (local.get 1) (i32.const 32)))
      (br_if 0 (i32.gt_u (local.tee 2 (i32.add (local.get 2) (i32.const -32))) (i32.const 31)))))
  (func $words_back (param i32 i32 i32) (local i32 i32)
    (loop
      (i32.store offset=12 (local.tee 3 (i32.add (local.get 0) (local.get 2)))
                 (i32.load offset=12 (local.tee 4 (i32.add (local.get 1) (local.get 2)))))
      (i32.store offset=8 (local.get 3) (i32.load offset=8 (local.get 4)))
      (i32.store (i32.add (local.get 3) (i32.const 4)) (i32.load (i32.add (local.get 4) (i32.const 4))))
      (i32.store (local.get 3) (i32.load (local.get 4)))
      (br_if 0 (i32.gt_u (local.tee 2 (i32.add (local.get 2) (i32.const -16))) (i32.const 3)))))
  (func (export "moves") (result i64)
    (local $i i32) (local $sum i64)
    (call $back (i32.const 608) (i32.const 16) (i32.const 12))
    (call $fwd (i32.const 640) (i32.const 603) (i32.const 20))
    (call $funnel (i32.const 604) (i32.const 640) (i32.const 48) (i32.const 0x5a5a5a5a))
    (call $words (i32.const 600) (i32.const 8) (i32.const 64))
    (call $words_back (i32.const 620) (i32.const 600) (i32.const 16))
    (loop $next
      (local.set $sum (i64.add (i64.mul (local.get $sum) (i64.const 31))
                               (i64.load8_u (i32.add (local.get $i) (i32.const 600)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 64))))
    (local.get $sum))

  (func (export "trap") (result i32)
    (i32.div_s (i32.const 1) (i32.const 0)))
)

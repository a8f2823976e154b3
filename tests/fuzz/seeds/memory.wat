(module
  (memory (export "mem") 1 2)
  (data (i32.const 16) "hello\00world")
  (func (export "sum") (param $p i32) (param $n i32) (result i32)
    (local $s i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (i64.store offset=64 align=4 (i32.const 0) (i64.const -1))
    (f64.store (i32.const 72) (f64.load (i32.const 64)))
    (drop (memory.grow (i32.const 1)))
    (i32.add (local.get $s) (memory.size))))

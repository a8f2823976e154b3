(module
  (import "env" "base" (global $base i32))
  (global $counter (mut i64) (i64.const 0))
  (global $pi f64 (f64.const 3.141592653589793))
  (global $copy i32 (global.get $base))
  (global (export "counter") (mut i64) (i64.const 7))
  (func (export "bump") (result i64)
    (global.set $counter (i64.add (global.get $counter) (i64.extend_i32_u (global.get $copy))))
    (global.get $counter)))

(module
  (import "env" "log" (func $log (param i32 f32 i64 f64) (result f64)))
  (import "env" "mem" (memory 1 4))
  (import "env" "tab" (table 2 10 funcref))
  (import "env" "g" (global (mut f32)))
  (import "env" "ext" (table 1 externref))
  (func (export "run") (result f64)
    (call $log (i32.const 1) (f32.const 2.5) (i64.const 3) (f64.const 4))))

;; Imports and exports of every kind (but an imported memory: one memory
;; only), for reflection.
(module
  (import "env" "log" (func (param i64 externref)))
  (import "env" "counter" (global (mut i32)))
  (import "env" "table" (table 1 funcref))
  (func (export "func") (param i32 f64 f32) (result i32 i64) (unreachable))
  (global (export "global") f64 (f64.const 0))
  (table (export "table") 0 50 externref)
  (memory (export "memory") 1))

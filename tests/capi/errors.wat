;; Imports to get wrong, and functions to call wrongly.
(module
  (import "env" "f" (func (param i32) (result i32)))
  (import "env" "g" (global i64))
  (func (export "add") (param i32 i64) (result i64)
    (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1)))
  (func (export "funcref_id") (param funcref) (result funcref) (local.get 0))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1))))

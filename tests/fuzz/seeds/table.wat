(module
  (type $unop (func (param i32) (result i32)))
  (table 4 funcref)
  (elem (i32.const 0) $inc $dec $inc)
  (func $inc (type $unop) (i32.add (local.get 0) (i32.const 1)))
  (func $dec (type $unop) (i32.sub (local.get 0) (i32.const 1)))
  (func (export "apply") (param i32 i32) (result i32)
    (call_indirect (type $unop) (local.get 1) (local.get 0))))

(module
  (func (export "locals") (param i32) (result f64)
    (local i64 i64 f32 f64 f64 externref funcref)
    (local.set 1 (i64.extend_i32_u (local.tee 0 (i32.const 5))))
    (local.set 4 (f64.convert_i64_s (local.get 1)))
    (f64.add (local.get 4) (f64.promote_f32 (local.get 3)))))

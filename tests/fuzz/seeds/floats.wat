(module
  (func (export "convert") (param f64) (result i32 i64 f32)
    (i32.trunc_sat_f64_s (local.get 0))
    (i64.trunc_f64_u (f64.abs (local.get 0)))
    (f32.demote_f64 (f64.sqrt (f64.mul (local.get 0) (f64.const nan:0x4))))
  )
  (func (export "minmax") (param f32 f32) (result f32)
    (f32.copysign (f32.min (local.get 0) (local.get 1))
                  (f32.nearest (f32.max (local.get 0) (f32.const -inf))))))

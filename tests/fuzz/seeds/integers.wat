(module
  (func (export "mix") (param i64 i32) (result i64)
    (i64.rotl (i64.extend32_s (local.get 0)) (i64.extend_i32_s (local.get 1)))
    (i64.popcnt (i64.clz (local.get 0)))
    (i64.div_s)
    (i64.extend8_s)
    (i64.xor (i64.ctz (local.get 0)))
    (i64.shr_u (i64.const 0x8000000000000000))))

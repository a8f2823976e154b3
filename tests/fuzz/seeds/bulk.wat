(module
  (memory 1)
  (data $d "0123456789")
  (data (i32.const 100) "active")
  (func (export "copy") (param i32 i32 i32)
    (memory.init $d (local.get 0) (i32.const 0) (i32.const 10))
    (memory.copy (local.get 1) (local.get 0) (local.get 2))
    (memory.fill (i32.const 200) (i32.const 255) (i32.const 16))
    (data.drop $d)))

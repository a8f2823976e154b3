(module
  (func $f (export "f") (export "f-alias"))
  (memory (export "memory") 0)
  (table (export "table") 1 funcref)
  (global (export "global") i32 (i32.const 42))
  (export "again" (func $f)))

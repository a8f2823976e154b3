;; Imported and own globals of every mutability, with Wasm getters and
;; setters for each.
(module
  (global $f32_import (import "" "const f32") f32)
  (global $i64_import (import "" "const i64") i64)
  (global $mut_f32_import (import "" "var f32") (mut f32))
  (global $mut_i64_import (import "" "var i64") (mut i64))

  (global $f32 f32 (f32.const 5))
  (global $i64 i64 (i64.const 6))
  (global $mut_f32 (mut f32) (f32.const 7))
  (global $mut_i64 (mut i64) (i64.const 8))

  (export "const f32 import" (global $f32_import))
  (export "const i64 import" (global $i64_import))
  (export "var f32 import" (global $mut_f32_import))
  (export "var i64 import" (global $mut_i64_import))
  (export "const f32" (global $f32))
  (export "const i64" (global $i64))
  (export "var f32" (global $mut_f32))
  (export "var i64" (global $mut_i64))

  (func (export "get const f32 import") (result f32) (global.get $f32_import))
  (func (export "get const i64 import") (result i64) (global.get $i64_import))
  (func (export "get var f32 import") (result f32) (global.get $mut_f32_import))
  (func (export "get var i64 import") (result i64) (global.get $mut_i64_import))
  (func (export "get const f32") (result f32) (global.get $f32))
  (func (export "get const i64") (result i64) (global.get $i64))
  (func (export "get var f32") (result f32) (global.get $mut_f32))
  (func (export "get var i64") (result i64) (global.get $mut_i64))

  (func (export "set var f32 import") (param f32) (global.set $mut_f32_import (local.get 0)))
  (func (export "set var i64 import") (param i64) (global.set $mut_i64_import (local.get 0)))
  (func (export "set var f32") (param f32) (global.set $mut_f32 (local.get 0)))
  (func (export "set var i64") (param i64) (global.set $mut_i64 (local.get 0))))

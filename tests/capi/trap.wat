;; Traps raised by the host (through "callback") and by Wasm, one call deep
;; (func 1) and two calls deep (func 3 called by func 2).
(module
  (import "" "callback" (func $callback (result i32)))
  (func $call_callback (export "callback") (result i32) (call $callback))
  (func $unreachable (export "unreachable") (result i32) (call $deeper))
  (func $deeper (result i32) (unreachable)))

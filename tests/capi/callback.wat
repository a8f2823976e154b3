;; run(x, y) = print(x + y) + closure(): two host functions, one with an env.
;; The closure may call back into "double".
(module
  (import "" "print" (func $print (param i32) (result i32)))
  (import "" "closure" (func $closure (result i32)))
  (func (export "run") (param $x i32) (param $y i32) (result i32)
    (i32.add
      (call $print (i32.add (local.get $x) (local.get $y)))
      (call $closure)))
  (func (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2))))

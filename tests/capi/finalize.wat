(module
  (func (export "f"))
  (func (export "g")))

;; run() calls the host with a global's value; each thread gives its own.
(module
  (import "" "report" (func $report (param i32)))
  (import "" "id" (global $id i32))
  (func (export "run") (call $report (global.get $id))))

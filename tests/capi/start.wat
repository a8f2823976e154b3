;; A start function that traps, one call deep.
(module
  (func $start (call $fail))
  (func $fail (unreachable))
  (start $start))

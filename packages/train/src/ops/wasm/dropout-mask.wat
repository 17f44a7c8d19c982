;; Inverted-dropout keep bytes from a xoshiro128** stream, for dropoutMask (see
;; ../dropout-mask.ts, which runs the same loop in JavaScript where this module
;; cannot). Hand-written; assemble with `pnpm --filter @imdb-rnn/train generate`
;; (wabt's wat2wasm), which rewrites dropout-mask-wasm-bytes.ts. Nothing is
;; compiled at install or run time.
;;
;; The stream and its use are exactly the JavaScript loop's: one xoshiro128**
;; step per two elements of a row, the low 16 bits of its output decide the
;; first (kept when >= threshold) and the high 16 bits the second; a row of odd
;; width uses only the low half for its last element. So both paths write the
;; same bytes (dropout-mask.test.ts checks it), and this one is the faster:
;; V8 keeps the JavaScript loop's four state words and the typed-array stores
;; under checks it cannot drop.
(module
  ;; Row list and keep bytes, laid out by the caller: in the module's own
  ;; memory on the main thread, or where the embedding's arrays lie in a kernel
  ;; memory, for kernel threads that each draw a part of the rows (dropoutMask).
  (import "env" "memory" (memory 1 65536 shared))

  ;; keep[row * width + i] for i in 0..width, for each of `count` rows: the
  ;; int32 row numbers at byte offset $rows, or rows 0..count-1 when $listed is
  ;; 0. Keep bytes start at byte offset $out. When $zeroTo > $zeroFrom, the
  ;; rows must be ascending and within keep bytes [$zeroFrom, $zeroTo), and
  ;; every byte there that no drawn row covers is set to 0 (so kernel threads
  ;; each clear their own part of the mask's padding, instead of the main
  ;; thread clearing all of it first); otherwise rows not drawn are left as
  ;; they are.
  (func (export "draw")
    (param $s0 i32) (param $s1 i32) (param $s2 i32) (param $s3 i32)
    (param $threshold i32) (param $listed i32) (param $rows i32) (param $count i32)
    (param $width i32) (param $out i32) (param $zeroFrom i32) (param $zeroTo i32)
    (local $n i32) (local $row i32) (local $p i32) (local $end i32)
    (local $m i32) (local $bits i32) (local $t i32)
    (local $zero i32) (local $clear i32)
    (local.set $zero (i32.gt_u (local.get $zeroTo) (local.get $zeroFrom)))
    ;; First byte not yet cleared or drawn.
    (local.set $clear (i32.add (local.get $out) (local.get $zeroFrom)))
    (block $rows_done
      (loop $each_row
        (br_if $rows_done (i32.ge_u (local.get $n) (local.get $count)))
        (local.set $row
          (if (result i32) (local.get $listed)
            (then (i32.load (i32.add (local.get $rows) (i32.shl (local.get $n) (i32.const 2)))))
            (else (local.get $n))))
        (local.set $p (i32.add (local.get $out) (i32.mul (local.get $row) (local.get $width))))
        (if (i32.and (local.get $zero) (i32.lt_u (local.get $clear) (local.get $p)))
          (then (memory.fill (local.get $clear) (i32.const 0)
                  (i32.sub (local.get $p) (local.get $clear)))))
        (local.set $clear (i32.add (local.get $p) (local.get $width)))
        ;; Whole pairs first, then an odd row's last element.
        (local.set $end (i32.add (local.get $p) (i32.and (local.get $width) (i32.const -2))))
        (block $pairs_done
          (loop $pairs
            (br_if $pairs_done (i32.ge_u (local.get $p) (local.get $end)))
            ;; xoshiro128** step: bits = rotl(s1 * 5, 7) * 9, then the state update.
            (local.set $m (i32.mul (local.get $s1) (i32.const 5)))
            (local.set $bits (i32.mul (i32.rotl (local.get $m) (i32.const 7)) (i32.const 9)))
            (local.set $t (i32.shl (local.get $s1) (i32.const 9)))
            (local.set $s2 (i32.xor (local.get $s2) (local.get $s0)))
            (local.set $s3 (i32.xor (local.get $s3) (local.get $s1)))
            (local.set $s1 (i32.xor (local.get $s1) (local.get $s2)))
            (local.set $s0 (i32.xor (local.get $s0) (local.get $s3)))
            (local.set $s2 (i32.xor (local.get $s2) (local.get $t)))
            (local.set $s3 (i32.rotl (local.get $s3) (i32.const 11)))
            (i32.store8 (local.get $p)
              (i32.ge_u (i32.and (local.get $bits) (i32.const 0xffff)) (local.get $threshold)))
            (i32.store8 offset=1 (local.get $p)
              (i32.ge_u (i32.shr_u (local.get $bits) (i32.const 16)) (local.get $threshold)))
            (local.set $p (i32.add (local.get $p) (i32.const 2)))
            (br $pairs)))
        (if (i32.and (local.get $width) (i32.const 1))
          (then
              (local.set $m (i32.mul (local.get $s1) (i32.const 5)))
              (local.set $bits (i32.mul (i32.rotl (local.get $m) (i32.const 7)) (i32.const 9)))
              (local.set $t (i32.shl (local.get $s1) (i32.const 9)))
              (local.set $s2 (i32.xor (local.get $s2) (local.get $s0)))
              (local.set $s3 (i32.xor (local.get $s3) (local.get $s1)))
              (local.set $s1 (i32.xor (local.get $s1) (local.get $s2)))
              (local.set $s0 (i32.xor (local.get $s0) (local.get $s3)))
              (local.set $s2 (i32.xor (local.get $s2) (local.get $t)))
              (local.set $s3 (i32.rotl (local.get $s3) (i32.const 11)))
              (i32.store8 (local.get $p)
                (i32.ge_u (i32.and (local.get $bits) (i32.const 0xffff)) (local.get $threshold)))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $each_row)))
    (local.set $end (i32.add (local.get $out) (local.get $zeroTo)))
    (if (i32.and (local.get $zero) (i32.lt_u (local.get $clear) (local.get $end)))
      (then (memory.fill (local.get $clear) (i32.const 0)
              (i32.sub (local.get $end) (local.get $clear)))))
  )
)

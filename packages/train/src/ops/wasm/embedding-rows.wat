;; The embedding op's row loops (../embedding-rows.ts) in WebAssembly SIMD, for
;; the kernel threads when every array they touch lies in one shared memory:
;; the table is FusedAdam's in-place parameter in its kernel memory, and the op
;; keeps its batch arrays beside it (see ../embedding-memory.ts). Hand-written;
;; assemble with `pnpm --filter @imdb-rnn/train generate` (wabt's wat2wasm),
;; which rewrites embedding-rows-wasm-bytes.ts.
;;
;; Same bits as the JavaScript loops, which compute each element in float64
;; and round it once to float32 on the store:
;; - mode 0 (no mask): a copy (gather), or grad + dy in float32 (scatter-add):
;;   a float32 sum rounded from float64 equals the float32 sum (53 >= 2*24+2,
;;   Figueroa 1995).
;; - mode 1 (mask, scale a power of two): value * keep * scale is exact in
;;   float32 too, so float32 arithmetic gives the same values.
;; - mode 2 (mask, any other scale, e.g. dropout 0.65): the JavaScript
;;   expression itself in float64x2, rounded once.
;; All byte offsets; E is the row width in floats (any width: whole vectors,
;; then the same expression one float at a time).
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Four keep bytes at $k as four int32 lanes.
  (func $keep4 (param $k i32) (result v128)
    (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load32_zero (local.get $k)))))

  ;; Lanes 2 and 3 of $v moved to lanes 0 and 1.
  (func $high (param $v v128) (result v128)
    (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))

  ;; Two float64x2 results rounded to float32 and packed into one vector.
  (func $pack (param $lo v128) (param $hi v128) (result v128)
    (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
      (f32x4.demote_f64x2_zero (local.get $lo))
      (f32x4.demote_f64x2_zero (local.get $hi))))

  ;; (value * keep) * scale for four floats at $v and keep bytes at $k, in float64.
  (func $scaled64 (param $v v128) (param $k i32) (param $scale v128) (result v128)
    (local $keep v128)
    (local.set $keep (call $keep4 (local.get $k)))
    (call $pack
      (f64x2.mul
        (f64x2.mul (f64x2.promote_low_f32x4 (local.get $v)) (f64x2.convert_low_i32x4_u (local.get $keep)))
        (local.get $scale))
      (f64x2.mul
        (f64x2.mul
          (f64x2.promote_low_f32x4 (call $high (local.get $v)))
          (f64x2.convert_low_i32x4_u (call $high (local.get $keep))))
        (local.get $scale))))

  ;; (value * keep) * scale for one float, in float64 and rounded once.
  (func $scaled64_1 (param $v f32) (param $k i32) (param $scale f64) (result f64)
    (f64.mul
      (f64.mul (f64.promote_f32 (local.get $v)) (f64.convert_i32_u (i32.load8_u (local.get $k))))
      (local.get $scale)))

  ;; Position n of the row list: rows[r] when $listed, else r.
  (func $position (param $rows i32) (param $listed i32) (param $r i32) (result i32)
    (if (result i32) (local.get $listed)
      (then (i32.load (i32.add (local.get $rows) (i32.shl (local.get $r) (i32.const 2)))))
      (else (local.get $r))))

  ;; out[n] = table[ids[n]] (* keep[n] * scale) for the list entries r in [r0, r1).
  (func (export "gather")
    (param $out i32) (param $table i32) (param $ids i32) (param $rows i32) (param $listed i32)
    (param $r0 i32) (param $r1 i32) (param $E i32) (param $keep i32) (param $mode i32) (param $scale f64)
    (local $r i32) (local $n i32) (local $src i32) (local $dst i32) (local $k i32)
    (local $whole i32) (local $end i32) (local $row i32)
    (local $s32 v128) (local $s64 v128) (local $s f32)
    (local.set $s (f32.demote_f64 (local.get $scale)))
    (local.set $s32 (f32x4.splat (local.get $s)))
    (local.set $s64 (f64x2.splat (local.get $scale)))
    (local.set $row (i32.shl (local.get $E) (i32.const 2)))
    (local.set $r (local.get $r0))
    (block $done
      (loop $rows_loop
        (br_if $done (i32.ge_u (local.get $r) (local.get $r1)))
        (local.set $n (call $position (local.get $rows) (local.get $listed) (local.get $r)))
        (local.set $src (i32.add (local.get $table)
          (i32.mul (i32.load (i32.add (local.get $ids) (i32.shl (local.get $n) (i32.const 2)))) (local.get $row))))
        (local.set $dst (i32.add (local.get $out) (i32.mul (local.get $n) (local.get $row))))
        (local.set $end (i32.add (local.get $dst) (local.get $row)))
        (local.set $whole (i32.sub (local.get $end) (i32.shl (i32.and (local.get $E) (i32.const 3)) (i32.const 2))))
        (local.set $k (i32.add (local.get $keep) (i32.mul (local.get $n) (local.get $E))))
        (if (i32.eqz (local.get $mode))
          (then (memory.copy (local.get $dst) (local.get $src) (local.get $row)))
          (else
            (block $vectors_done
              (loop $vectors
                (br_if $vectors_done (i32.ge_u (local.get $dst) (local.get $whole)))
                (v128.store align=4 (local.get $dst)
                  (if (result v128) (i32.eq (local.get $mode) (i32.const 1))
                    (then
                      (f32x4.mul
                        (f32x4.mul (v128.load align=4 (local.get $src))
                          (f32x4.convert_i32x4_u (call $keep4 (local.get $k))))
                        (local.get $s32)))
                    (else (call $scaled64 (v128.load align=4 (local.get $src)) (local.get $k) (local.get $s64)))))
                (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                (local.set $src (i32.add (local.get $src) (i32.const 16)))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $vectors)))
            (block $tail_done
              (loop $tail
                (br_if $tail_done (i32.ge_u (local.get $dst) (local.get $end)))
                (f32.store (local.get $dst)
                  (if (result f32) (i32.eq (local.get $mode) (i32.const 1))
                    (then
                      (f32.mul
                        (f32.mul (f32.load (local.get $src)) (f32.convert_i32_u (i32.load8_u (local.get $k))))
                        (local.get $s)))
                    (else (f32.demote_f64 (call $scaled64_1 (f32.load (local.get $src)) (local.get $k) (local.get $scale))))))
                (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
                (local.set $src (i32.add (local.get $src) (i32.const 4)))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $tail)))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows_loop))))

  ;; grad[ids[n]] += dy[n] (* keep[n] * scale) for the first $count list
  ;; entries in order, skipping $pad and, with $parts > 1, ids outside this
  ;; part's blocks of $block rows (see scatterAddRows).
  (func (export "scatter")
    (param $grad i32) (param $dy i32) (param $ids i32) (param $rows i32) (param $listed i32)
    (param $count i32) (param $E i32) (param $pad i32) (param $keep i32) (param $mode i32) (param $scale f64)
    (param $block i32) (param $part i32) (param $parts i32)
    (local $r i32) (local $n i32) (local $id i32) (local $g i32) (local $d i32) (local $k i32)
    (local $whole i32) (local $end i32) (local $row i32)
    (local $s32 v128) (local $s64 v128) (local $s f32)
    (local.set $s (f32.demote_f64 (local.get $scale)))
    (local.set $s32 (f32x4.splat (local.get $s)))
    (local.set $s64 (f64x2.splat (local.get $scale)))
    (local.set $row (i32.shl (local.get $E) (i32.const 2)))
    (block $done
      (loop $rows_loop
        (br_if $done (i32.ge_u (local.get $r) (local.get $count)))
        (local.set $n (call $position (local.get $rows) (local.get $listed) (local.get $r)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (local.set $id (i32.load (i32.add (local.get $ids) (i32.shl (local.get $n) (i32.const 2)))))
        (br_if $rows_loop (i32.eq (local.get $id) (local.get $pad)))
        (br_if $rows_loop
          (i32.and (i32.gt_u (local.get $parts) (i32.const 1))
            (i32.ne
              (i32.rem_u (i32.div_u (local.get $id) (local.get $block)) (local.get $parts))
              (local.get $part))))
        (local.set $g (i32.add (local.get $grad) (i32.mul (local.get $id) (local.get $row))))
        (local.set $d (i32.add (local.get $dy) (i32.mul (local.get $n) (local.get $row))))
        (local.set $k (i32.add (local.get $keep) (i32.mul (local.get $n) (local.get $E))))
        (local.set $end (i32.add (local.get $g) (local.get $row)))
        (local.set $whole (i32.sub (local.get $end) (i32.shl (i32.and (local.get $E) (i32.const 3)) (i32.const 2))))
        (block $vectors_done
          (loop $vectors
            (br_if $vectors_done (i32.ge_u (local.get $g) (local.get $whole)))
            (v128.store align=4 (local.get $g)
              (if (result v128) (i32.eqz (local.get $mode))
                (then (f32x4.add (v128.load align=4 (local.get $g)) (v128.load align=4 (local.get $d))))
                (else (if (result v128) (i32.eq (local.get $mode) (i32.const 1))
                  (then
                    (f32x4.add (v128.load align=4 (local.get $g))
                      (f32x4.mul
                        (f32x4.mul (v128.load align=4 (local.get $d))
                          (f32x4.convert_i32x4_u (call $keep4 (local.get $k))))
                        (local.get $s32))))
                  (else (call $pack
                    (f64x2.add
                      (f64x2.promote_low_f32x4 (v128.load align=4 (local.get $g)))
                      (f64x2.mul
                        (f64x2.mul
                          (f64x2.promote_low_f32x4 (v128.load align=4 (local.get $d)))
                          (f64x2.convert_low_i32x4_u (call $keep4 (local.get $k))))
                        (local.get $s64)))
                    (f64x2.add
                      (f64x2.promote_low_f32x4 (call $high (v128.load align=4 (local.get $g))))
                      (f64x2.mul
                        (f64x2.mul
                          (f64x2.promote_low_f32x4 (call $high (v128.load align=4 (local.get $d))))
                          (f64x2.convert_low_i32x4_u (call $high (call $keep4 (local.get $k)))))
                        (local.get $s64)))))))))
            (local.set $g (i32.add (local.get $g) (i32.const 16)))
            (local.set $d (i32.add (local.get $d) (i32.const 16)))
            (local.set $k (i32.add (local.get $k) (i32.const 4)))
            (br $vectors)))
        (block $tail_done
          (loop $tail
            (br_if $tail_done (i32.ge_u (local.get $g) (local.get $end)))
            (f32.store (local.get $g)
              (if (result f32) (i32.eqz (local.get $mode))
                (then (f32.add (f32.load (local.get $g)) (f32.load (local.get $d))))
                (else (if (result f32) (i32.eq (local.get $mode) (i32.const 1))
                  (then
                    (f32.add (f32.load (local.get $g))
                      (f32.mul
                        (f32.mul (f32.load (local.get $d)) (f32.convert_i32_u (i32.load8_u (local.get $k))))
                        (local.get $s))))
                  (else
                    (f32.demote_f64
                      (f64.add (f64.promote_f32 (f32.load (local.get $g)))
                        (call $scaled64_1 (f32.load (local.get $d)) (local.get $k) (local.get $scale)))))))))
            (local.set $g (i32.add (local.get $g) (i32.const 4)))
            (local.set $d (i32.add (local.get $d) (i32.const 4)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $tail)))
        (br $rows_loop))))
)

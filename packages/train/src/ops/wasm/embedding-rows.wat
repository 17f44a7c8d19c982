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
;;
;; Written out inline, one loop per mode: V8 (Node 20) does not inline small
;; wasm functions, and with helper calls per vector mode 2 ran slower than the
;; JavaScript loops. Keep bytes are 0 or 1, so they convert as signed
;; integers: one instruction on x86, where the unsigned conversions are
;; instruction sequences.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; out[n] = table[ids[n]] (* keep[n] * scale) for the list entries r in [r0, r1).
  (func (export "gather")
    (param $out i32) (param $table i32) (param $ids i32) (param $rows i32) (param $listed i32)
    (param $r0 i32) (param $r1 i32) (param $E i32) (param $keep i32) (param $mode i32) (param $scale f64)
    (local $r i32) (local $n i32) (local $src i32) (local $dst i32) (local $k i32)
    (local $whole i32) (local $end i32) (local $row i32)
    (local $s32 v128) (local $s64 v128) (local $s f32) (local $v v128) (local $kv v128)
    (local.set $s (f32.demote_f64 (local.get $scale)))
    (local.set $s32 (f32x4.splat (local.get $s)))
    (local.set $s64 (f64x2.splat (local.get $scale)))
    (local.set $row (i32.shl (local.get $E) (i32.const 2)))
    (local.set $r (local.get $r0))
    (block $done
      (loop $rows_loop
        (br_if $done (i32.ge_u (local.get $r) (local.get $r1)))
        (local.set $n
          (if (result i32) (local.get $listed)
            (then (i32.load (i32.add (local.get $rows) (i32.shl (local.get $r) (i32.const 2)))))
            (else (local.get $r))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (local.set $src (i32.add (local.get $table)
          (i32.mul (i32.load (i32.add (local.get $ids) (i32.shl (local.get $n) (i32.const 2)))) (local.get $row))))
        (local.set $dst (i32.add (local.get $out) (i32.mul (local.get $n) (local.get $row))))
        (local.set $end (i32.add (local.get $dst) (local.get $row)))
        (local.set $whole (i32.sub (local.get $end) (i32.shl (i32.and (local.get $E) (i32.const 3)) (i32.const 2))))
        (local.set $k (i32.add (local.get $keep) (i32.mul (local.get $n) (local.get $E))))
        (if (i32.eqz (local.get $mode))
          (then
            (memory.copy (local.get $dst) (local.get $src) (local.get $row))
            (br $rows_loop)))
        (if (i32.eq (local.get $mode) (i32.const 1))
          (then
            (block $g1_done
              (loop $g1
                (br_if $g1_done (i32.ge_u (local.get $dst) (local.get $whole)))
                (v128.store align=4 (local.get $dst)
                  (f32x4.mul
                    (f32x4.mul
                      (v128.load align=4 (local.get $src))
                      (f32x4.convert_i32x4_s
                        (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load32_zero (local.get $k))))))
                    (local.get $s32)))
                (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                (local.set $src (i32.add (local.get $src) (i32.const 16)))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $g1)))
            (block $g1t_done
              (loop $g1t
                (br_if $g1t_done (i32.ge_u (local.get $dst) (local.get $end)))
                (f32.store (local.get $dst)
                  (f32.mul
                    (f32.mul (f32.load (local.get $src)) (f32.convert_i32_s (i32.load8_u (local.get $k))))
                    (local.get $s)))
                (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
                (local.set $src (i32.add (local.get $src) (i32.const 4)))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $g1t)))
            (br $rows_loop)))
        (block $g2_done
          (loop $g2
            (br_if $g2_done (i32.ge_u (local.get $dst) (local.get $whole)))
            (local.set $v (v128.load align=4 (local.get $src)))
            (local.set $kv (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load32_zero (local.get $k)))))
            (v128.store align=4 (local.get $dst)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                ;; lanes 0-1, then lanes 2-3 (shuffled down), each (value * keep) * scale
                (f32x4.demote_f64x2_zero
                  (f64x2.mul
                    (f64x2.mul
                      (f64x2.promote_low_f32x4 (local.get $v))
                      (f64x2.convert_low_i32x4_s (local.get $kv)))
                    (local.get $s64)))
                (f32x4.demote_f64x2_zero
                  (f64x2.mul
                    (f64x2.mul
                      (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))
                      (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $kv) (local.get $kv))))
                    (local.get $s64)))))
            (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
            (local.set $src (i32.add (local.get $src) (i32.const 16)))
            (local.set $k (i32.add (local.get $k) (i32.const 4)))
            (br $g2)))
        (block $g2t_done
          (loop $g2t
            (br_if $g2t_done (i32.ge_u (local.get $dst) (local.get $end)))
            (f32.store (local.get $dst)
              (f32.demote_f64
                (f64.mul
                  (f64.mul (f64.promote_f32 (f32.load (local.get $src))) (f64.convert_i32_s (i32.load8_u (local.get $k))))
                  (local.get $scale))))
            (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
            (local.set $src (i32.add (local.get $src) (i32.const 4)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $g2t)))
        (br $rows_loop))))

  ;; grad[ids[n]] += dy[n] (* keep[n] * scale) for the first $count list
  ;; entries in order, skipping $pad and, with $parts > 1, ids outside this
  ;; part's blocks of $block rows (see scatterAddRows).
  ;;
  ;; With $recorded (not 0; an i32 count, then room for $count ids): first
  ;; zeroes the rows of the ids recorded there by this part's previous call
  ;; (a gradient array reused from the last batch: see RecycledRows's
  ;; takeForScatter), then records each id it adds to, repeats included (a
  ;; row zeroed twice is still zero). The rows are this part's own, so no
  ;; other thread writes them. Every added element is then 0 + the same sum
  ;; as before, so the same bits as zeroing on the calling thread first.
  (func (export "scatter")
    (param $grad i32) (param $dy i32) (param $ids i32) (param $rows i32) (param $listed i32)
    (param $count i32) (param $E i32) (param $pad i32) (param $keep i32) (param $mode i32) (param $scale f64)
    (param $block i32) (param $part i32) (param $parts i32) (param $recorded i32)
    (local $r i32) (local $n i32) (local $id i32) (local $g i32) (local $d i32) (local $k i32)
    (local $whole i32) (local $end i32) (local $row i32) (local $log i32) (local $logged i32)
    (local $shift i32) (local $last i32) (local $pow2 i32)
    (local $s32 v128) (local $s64 v128) (local $s f32) (local $v v128) (local $kv v128) (local $gv v128)
    (local.set $s (f32.demote_f64 (local.get $scale)))
    (local.set $s32 (f32x4.splat (local.get $s)))
    (local.set $s64 (f64x2.splat (local.get $scale)))
    (local.set $row (i32.shl (local.get $E) (i32.const 2)))
    ;; $block is a power of two (rowBlock): id / block is a shift, and with
    ;; a power-of-two $parts the part a shift and a mask, where two integer
    ;; divisions per row were ~15% of the loop.
    (local.set $shift (i32.ctz (local.get $block)))
    (local.set $last (i32.sub (local.get $parts) (i32.const 1)))
    (local.set $pow2 (i32.eqz (i32.and (local.get $parts) (local.get $last))))
    (if (local.get $recorded)
      (then
        (local.set $log (i32.add (local.get $recorded) (i32.const 4)))
        (local.set $logged (i32.load (local.get $recorded)))
        (block $zeroed
          (loop $zero
            (br_if $zeroed (i32.ge_u (local.get $r) (local.get $logged)))
            ;; Stores, not memory.fill: V8 runs that as a call into C, which
            ;; costs more than a 400-byte row.
            (local.set $g (i32.add (local.get $grad)
              (i32.mul (i32.load (i32.add (local.get $log) (i32.shl (local.get $r) (i32.const 2)))) (local.get $row))))
            (local.set $end (i32.add (local.get $g) (local.get $row)))
            (local.set $whole (i32.sub (local.get $end) (i32.shl (i32.and (local.get $E) (i32.const 3)) (i32.const 2))))
            (block $z4_done
              (loop $z4
                (br_if $z4_done (i32.ge_u (local.get $g) (local.get $whole)))
                (v128.store align=4 (local.get $g) (v128.const i32x4 0 0 0 0))
                (local.set $g (i32.add (local.get $g) (i32.const 16)))
                (br $z4)))
            (block $z1_done
              (loop $z1
                (br_if $z1_done (i32.ge_u (local.get $g) (local.get $end)))
                (f32.store (local.get $g) (f32.const 0))
                (local.set $g (i32.add (local.get $g) (i32.const 4)))
                (br $z1)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $zero)))
        (local.set $r (i32.const 0))
        (local.set $logged (i32.const 0))))
    (block $done
      (loop $rows_loop
        (br_if $done (i32.ge_u (local.get $r) (local.get $count)))
        (local.set $n
          (if (result i32) (local.get $listed)
            (then (i32.load (i32.add (local.get $rows) (i32.shl (local.get $r) (i32.const 2)))))
            (else (local.get $r))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (local.set $id (i32.load (i32.add (local.get $ids) (i32.shl (local.get $n) (i32.const 2)))))
        (br_if $rows_loop (i32.eq (local.get $id) (local.get $pad)))
        (br_if $rows_loop
          (i32.and (i32.gt_u (local.get $parts) (i32.const 1))
            (i32.ne
              (if (result i32) (local.get $pow2)
                (then (i32.and (i32.shr_u (local.get $id) (local.get $shift)) (local.get $last)))
                (else (i32.rem_u (i32.shr_u (local.get $id) (local.get $shift)) (local.get $parts))))
              (local.get $part))))
        (if (local.get $recorded)
          (then
            (i32.store (i32.add (local.get $log) (i32.shl (local.get $logged) (i32.const 2))) (local.get $id))
            (local.set $logged (i32.add (local.get $logged) (i32.const 1)))))
        (local.set $g (i32.add (local.get $grad) (i32.mul (local.get $id) (local.get $row))))
        (local.set $d (i32.add (local.get $dy) (i32.mul (local.get $n) (local.get $row))))
        (local.set $k (i32.add (local.get $keep) (i32.mul (local.get $n) (local.get $E))))
        (local.set $end (i32.add (local.get $g) (local.get $row)))
        (local.set $whole (i32.sub (local.get $end) (i32.shl (i32.and (local.get $E) (i32.const 3)) (i32.const 2))))
        (if (i32.eqz (local.get $mode))
          (then
            (block $s0_done
              (loop $s0
                (br_if $s0_done (i32.ge_u (local.get $g) (local.get $whole)))
                (v128.store align=4 (local.get $g)
                  (f32x4.add (v128.load align=4 (local.get $g)) (v128.load align=4 (local.get $d))))
                (local.set $g (i32.add (local.get $g) (i32.const 16)))
                (local.set $d (i32.add (local.get $d) (i32.const 16)))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $s0)))
            (block $s0t_done
              (loop $s0t
                (br_if $s0t_done (i32.ge_u (local.get $g) (local.get $end)))
                (f32.store (local.get $g) (f32.add (f32.load (local.get $g)) (f32.load (local.get $d))))
                (local.set $g (i32.add (local.get $g) (i32.const 4)))
                (local.set $d (i32.add (local.get $d) (i32.const 4)))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $s0t)))
            (br $rows_loop)))
        (if (i32.eq (local.get $mode) (i32.const 1))
          (then
            (block $s1_done
              (loop $s1
                (br_if $s1_done (i32.ge_u (local.get $g) (local.get $whole)))
                (v128.store align=4 (local.get $g)
                  (f32x4.add (v128.load align=4 (local.get $g))
                    (f32x4.mul
                      (f32x4.mul
                        (v128.load align=4 (local.get $d))
                        (f32x4.convert_i32x4_s
                          (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load32_zero (local.get $k))))))
                      (local.get $s32))))
                (local.set $g (i32.add (local.get $g) (i32.const 16)))
                (local.set $d (i32.add (local.get $d) (i32.const 16)))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $s1)))
            (block $s1t_done
              (loop $s1t
                (br_if $s1t_done (i32.ge_u (local.get $g) (local.get $end)))
                (f32.store (local.get $g)
                  (f32.add (f32.load (local.get $g))
                    (f32.mul
                      (f32.mul (f32.load (local.get $d)) (f32.convert_i32_s (i32.load8_u (local.get $k))))
                      (local.get $s))))
                (local.set $g (i32.add (local.get $g) (i32.const 4)))
                (local.set $d (i32.add (local.get $d) (i32.const 4)))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $s1t)))
            (br $rows_loop)))
        (block $s2_done
          (loop $s2
            (br_if $s2_done (i32.ge_u (local.get $g) (local.get $whole)))
            (local.set $v (v128.load align=4 (local.get $d)))
            (local.set $kv (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load32_zero (local.get $k)))))
            (local.set $gv (v128.load align=4 (local.get $g)))
            (v128.store align=4 (local.get $g)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                ;; lanes 0-1, then lanes 2-3 (shuffled down), each grad + (dy * keep) * scale
                (f32x4.demote_f64x2_zero
                  (f64x2.add
                    (f64x2.promote_low_f32x4 (local.get $gv))
                    (f64x2.mul
                      (f64x2.mul
                        (f64x2.promote_low_f32x4 (local.get $v))
                        (f64x2.convert_low_i32x4_s (local.get $kv)))
                      (local.get $s64))))
                (f32x4.demote_f64x2_zero
                  (f64x2.add
                    (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $gv) (local.get $gv)))
                    (f64x2.mul
                      (f64x2.mul
                        (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))
                        (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $kv) (local.get $kv))))
                      (local.get $s64))))))
            (local.set $g (i32.add (local.get $g) (i32.const 16)))
            (local.set $d (i32.add (local.get $d) (i32.const 16)))
            (local.set $k (i32.add (local.get $k) (i32.const 4)))
            (br $s2)))
        (block $s2t_done
          (loop $s2t
            (br_if $s2t_done (i32.ge_u (local.get $g) (local.get $end)))
            (f32.store (local.get $g)
              (f32.demote_f64
                (f64.add (f64.promote_f32 (f32.load (local.get $g)))
                  (f64.mul
                    (f64.mul (f64.promote_f32 (f32.load (local.get $d))) (f64.convert_i32_s (i32.load8_u (local.get $k))))
                    (local.get $scale)))))
            (local.set $g (i32.add (local.get $g) (i32.const 4)))
            (local.set $d (i32.add (local.get $d) (i32.const 4)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $s2t)))
        (br $rows_loop)))
    (if (local.get $recorded)
      (then (i32.store (local.get $recorded) (local.get $logged)))))
)

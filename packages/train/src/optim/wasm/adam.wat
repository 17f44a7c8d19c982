;; One torch.optim.Adam step over float32 arrays with WebAssembly SIMD (f32x4),
;; for FusedAdam (see ../adam-wasm.ts). Hand-written; assemble with
;; `pnpm --filter @imdb-rnn/train generate` (wabt's wat2wasm), which rewrites
;; adam-wasm-bytes.ts. Nothing is compiled at install or run time.
;;
;; Every operation is a single float32 operation in PyTorch 1.13's order
;; (_single_tensor_adam), so the result is PyTorch's up to its use of fused
;; multiply-adds in some vectorised kernels:
;;
;;   g = grad + weightDecay * param            (only when weightDecay != 0)
;;   m = beta1 * m + oneMinusBeta1 * g
;;   v = beta2 * v + (oneMinusBeta2 * g) * g
;;   param = param - (stepSize * m) / (sqrt(v) / sqrtCorrection2 + epsilon)
;;
;; except that m below 2^-100 and v below 2^-126 (subnormal) in magnitude are
;; stored as zero. WebAssembly has no flush-to-zero mode and on x86 every
;; operation on a subnormal float takes a ~100-cycle microcode assist: an
;; embedding row the batches stop touching decays m by beta1 per step into that
;; range (a step over 2M parameters whose m were all subnormal took 125 ms
;; instead of 8-12). The parameter never notices: with m < 2^-100 the update is
;; below 2^-100 * stepSize / epsilon, ~1e-24, under half an ulp of any
;; parameter above ~1e-16 in magnitude; sqrt of a subnormal v is below 1.1e-19,
;; which leaves (sqrt(v) / sqrtCorrection2 + epsilon) the same float32. A NaN
;; compares false and is kept.
(module
  ;; The caller's shared memory (WasmAdam in ../adam.ts): growing a shared
  ;; memory never detaches the views of it that tfjs holds as variables'
  ;; storage (FusedAdam's in-place mode); 16384 pages = 1 GiB at most.
  (import "env" "memory" (memory 1 16384 shared))

  ;; adam(bytes, p, g, m, v, ...): updates p, m and v in place from g. All five
  ;; are byte offsets; `bytes` is the length of each array in bytes and must be
  ;; a multiple of 16 (callers pad to whole vectors; padding lanes compute
  ;; harmless values that are never read back).
  (func (export "adam")
    (param $bytes i32) (param $p i32) (param $g i32) (param $m i32) (param $v i32)
    (param $beta1 f32) (param $oneMinusBeta1 f32) (param $beta2 f32) (param $oneMinusBeta2 f32)
    (param $stepSize f32) (param $sqrtCorrection2 f32) (param $epsilon f32) (param $weightDecay f32)
    (local $i i32) (local $decay i32)
    (local $b1 v128) (local $c1 v128) (local $b2 v128) (local $c2 v128)
    (local $lr v128) (local $bc v128) (local $eps v128) (local $wd v128)
    (local $pv v128) (local $gv v128) (local $mv v128) (local $vv v128)
    (local $tinyM v128) (local $tinyV v128)
    (local.set $b1 (f32x4.splat (local.get $beta1)))
    (local.set $c1 (f32x4.splat (local.get $oneMinusBeta1)))
    (local.set $b2 (f32x4.splat (local.get $beta2)))
    (local.set $c2 (f32x4.splat (local.get $oneMinusBeta2)))
    (local.set $lr (f32x4.splat (local.get $stepSize)))
    (local.set $bc (f32x4.splat (local.get $sqrtCorrection2)))
    (local.set $eps (f32x4.splat (local.get $epsilon)))
    (local.set $wd (f32x4.splat (local.get $weightDecay)))
    (local.set $tinyM (f32x4.splat (f32.const 0x1p-100)))
    (local.set $tinyV (f32x4.splat (f32.const 0x1p-126)))
    ;; Test, not multiply by zero: 0 * inf would turn an infinite parameter's
    ;; gradient into NaN where PyTorch (no weight decay) leaves it alone.
    (local.set $decay (f32.ne (local.get $weightDecay) (f32.const 0)))
    (local.set $i (i32.const 0))
    (block $done
      (loop $elements
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $pv (v128.load align=4 (i32.add (local.get $p) (local.get $i))))
        (local.set $gv (v128.load align=4 (i32.add (local.get $g) (local.get $i))))
        (if (local.get $decay)
          (then
            (local.set $gv (f32x4.add (local.get $gv) (f32x4.mul (local.get $wd) (local.get $pv))))))
        (local.set $mv
          (f32x4.add
            (f32x4.mul (local.get $b1) (v128.load align=4 (i32.add (local.get $m) (local.get $i))))
            (f32x4.mul (local.get $c1) (local.get $gv))))
        (local.set $vv
          (f32x4.add
            (f32x4.mul (local.get $b2) (v128.load align=4 (i32.add (local.get $v) (local.get $i))))
            (f32x4.mul (f32x4.mul (local.get $c2) (local.get $gv)) (local.get $gv))))
        (local.set $mv
          (v128.andnot (local.get $mv) (f32x4.lt (f32x4.abs (local.get $mv)) (local.get $tinyM))))
        (local.set $vv
          (v128.andnot (local.get $vv) (f32x4.lt (f32x4.abs (local.get $vv)) (local.get $tinyV))))
        (v128.store align=4 (i32.add (local.get $m) (local.get $i)) (local.get $mv))
        (v128.store align=4 (i32.add (local.get $v) (local.get $i)) (local.get $vv))
        (v128.store align=4 (i32.add (local.get $p) (local.get $i))
          (f32x4.sub
            (local.get $pv)
            (f32x4.div
              (f32x4.mul (local.get $lr) (local.get $mv))
              (f32x4.add (f32x4.div (f32x4.sqrt (local.get $vv)) (local.get $bc)) (local.get $eps)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $elements)))
  )
)

// Generates gemm.wat (readable) and gemm-wasm-bytes.ts (the assembled module,
// base64) from one template, so the unrolled variants cannot drift apart.
// gemm.wat's header holds this script's sha256, gemm-wasm-bytes.ts's holds
// gemm.wat's and the wabt version (the npm package, a dev dependency, which
// the CI check re-assembles with). Run after editing this template:
//
//   pnpm --filter @imdb-rnn/train generate
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  assembleWat,
  loadWabt,
  REGENERATE,
  sha256,
  writeAtomic,
  writeBase64Module,
} from './wasm-module-file.mjs';

const script = fileURLToPath(import.meta.url);
const here = dirname(script);

/**
 * Widest variants, in accumulator vectors per row. Measured on V8 (Node 20,
 * x86-64) for the layer's shapes: two rows x 4 vectors (8 accumulators) beat
 * one row x 4-8 by 5-20% and two rows x 5-6 by up to 40% (register spills).
 * The one-row variants serve the odd last row.
 */
const WIDEST = { 1: 4, 2: 4 };

const VARIANT_DOC = `
  ;; gemm_r<r>_v<n>: C[i, 0..4n) = init + sum_k A[i, k] * B[k, 0..4n) for i in 0..m,
  ;; r rows at a time (m must be a multiple of r). A is addressed with byte
  ;; strides (ars between rows i, acs between k), so the same code serves A and
  ;; A^T; B and C are row-major with byte strides ldb, ldc. Rows are stored in
  ;; order. init: 0 zeros, 1 the existing C row (accumulate), 2 the row at bias.`;

function variant(rows, n) {
  const rs = [...Array(rows).keys()];
  const vs = [...Array(n).keys()];
  const acc = (r, v) => `$c${r}_${v}`;
  const locals = [
    ...rs.map((r) => `(local $ap${r} i32) (local $s${r} v128)`),
    ...rs.flatMap((r) => vs.map((v) => `(local ${acc(r, v)} v128)`)),
  ].join(' ');
  const rowPtr = (r) =>
    r === 0
      ? '(local.get $c)'
      : `(i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const ${r})))`;
  const init = (mode) =>
    rs
      .flatMap((r) =>
        vs.map((v) => {
          const source =
            mode === 'zero'
              ? '(v128.const i32x4 0 0 0 0)'
              : mode === 'bias'
                ? `(v128.load offset=${16 * v} align=4 (local.get $bias))`
                : `(v128.load offset=${16 * v} align=4 ${rowPtr(r)})`;
          return `(local.set ${acc(r, v)} ${source})`;
        }),
      )
      .join('\n          ');
  // load32_splat, not f32x4.splat of an f32.load: V8 emits one broadcast
  // load (vbroadcastss) instead of a scalar load and a shuffle, which competes
  // with the products for the FP ports: 3-8% faster products, the same sums.
  const body = rs
    .map((r) => `(local.set $s${r} (v128.load32_splat align=4 (local.get $ap${r})))`)
    .concat(
      vs.flatMap((v) => [
        `(local.set $bv (v128.load offset=${16 * v} align=4 (local.get $bp)))`,
        ...rs.map(
          (r) =>
            `(local.set ${acc(r, v)} (f32x4.add (local.get ${acc(r, v)}) (f32x4.mul (local.get $s${r}) (local.get $bv))))`,
        ),
      ]),
    )
    .join('\n            ');
  const advanceA = rs
    .map((r) => `(local.set $ap${r} (i32.add (local.get $ap${r}) (local.get $acs)))`)
    .join('\n            ');
  const startA = rs
    .map((r) =>
      r === 0
        ? '(local.set $ap0 (local.get $a))'
        : `(local.set $ap${r} (i32.add (local.get $a) (i32.mul (local.get $ars) (i32.const ${r}))))`,
    )
    .join('\n        ');
  // Row 0 is stored before row 1: a packed C (ldc < 4n) spills row 0's extra
  // columns into row 1, which must overwrite them.
  const store = rs
    .flatMap((r) =>
      vs.map((v) => `(v128.store offset=${16 * v} align=4 ${rowPtr(r)} (local.get ${acc(r, v)}))`),
    )
    .join('\n        ');
  return `
  (func (export "gemm_r${rows}_v${n}")
    (param $m i32) (param $k i32) (param $a i32) (param $ars i32) (param $acs i32)
    (param $b i32) (param $ldb i32) (param $c i32) (param $ldc i32) (param $init i32) (param $bias i32)
    (local $i i32) (local $j i32) (local $bp i32) (local $bv v128) ${locals}
    (local.set $i (local.get $m))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.eqz (local.get $i)))
        (if (i32.eq (local.get $init) (i32.const 1))
          (then
          ${init('c')})
          (else (if (i32.eq (local.get $init) (i32.const 2))
            (then
          ${init('bias')})
            (else
          ${init('zero')}))))
        ${startA}
        (local.set $bp (local.get $b))
        (local.set $j (local.get $k))
        (block $k_done
          (loop $ks
            (br_if $k_done (i32.eqz (local.get $j)))
            ${body}
            ${advanceA}
            (local.set $bp (i32.add (local.get $bp) (local.get $ldb)))
            (local.set $j (i32.sub (local.get $j) (i32.const 1)))
            (br $ks)))
        ${store}
        (local.set $a (i32.add (local.get $a) (i32.mul (local.get $ars) (i32.const ${rows}))))
        (local.set $c (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const ${rows}))))
        (local.set $i (i32.sub (local.get $i) (i32.const ${rows})))
        (br $rows)))
  )`;
}

const variants = Object.entries(WIDEST).flatMap(([rows, widest]) =>
  [...Array(widest).keys()].map((v) => variant(Number(rows), v + 1)),
);

const wat = `;; Generated by generate-gemm-wasm.mjs; do not edit by hand.
;; Regenerate: ${REGENERATE}
;; source sha256: generate-gemm-wasm.mjs ${sha256(script)}
;; Single-precision matrix products with WebAssembly SIMD (f32x4) for the
;; recurrent layer's input projection and its two gradient products.
;; The memory is imported and shared: the main thread and each kernel thread
;; give an instance a memory of its own, and a kernel thread also runs the
;; products in place over the kernel memory that holds the layer's input
;; (see kernel-worker.ts), which a module with its own memory cannot read.
(module
  (import "env" "memory" (memory 1 65536 shared))${VARIANT_DOC}
${variants.join('\n')}
)
`;

const watPath = join(here, 'gemm.wat');
writeAtomic(watPath, wat);
console.log(`generate-gemm-wasm.mjs -> gemm.wat (${wat.length} chars)`);
const { wabt, tool } = await loadWabt();
writeBase64Module({
  out: join(here, 'gemm-wasm-bytes.ts'),
  constName: 'GEMM_WASM_BASE64',
  doc: 'The assembled gemm.wat module, base64-encoded so it loads without file access.',
  script,
  source: watPath,
  tools: [tool],
  bytes: assembleWat(wabt, 'gemm.wat', wat),
});

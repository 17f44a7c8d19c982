// Assembles the hand-written WebAssembly text modules into TypeScript files
// (base64, with the .wat's sha256 and the wabt version in the header), so the
// package never compiles WebAssembly at install or run time. Uses the npm wabt
// package (a dev dependency), the same assembler the CI check re-assembles
// with. Run after editing any of them:
//
//   pnpm --filter @imdb-rnn/train generate
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleWat, loadWabt, writeBase64Module } from './wasm-module-file.mjs';

const script = fileURLToPath(import.meta.url);
const src = join(dirname(script), '../..');

/** Each module: its source, the generated file and the constant it exports. */
const MODULES = [
  ['optim/wasm/adam.wat', 'ADAM_WASM_BASE64'],
  ['ops/wasm/dropout-mask.wat', 'DROPOUT_MASK_WASM_BASE64'],
  ['ops/wasm/embedding-rows.wat', 'EMBEDDING_ROWS_WASM_BASE64'],
];

const { wabt, tool } = await loadWabt();
for (const [wat, constName] of MODULES) {
  const source = join(src, wat);
  const name = basename(source);
  writeBase64Module({
    out: source.replace(/\.wat$/, '-wasm-bytes.ts'),
    constName,
    doc: `The assembled ${name} module, base64-encoded so it loads without file access.`,
    script,
    source,
    tools: [tool],
    bytes: assembleWat(wabt, name, readFileSync(source, 'utf8')),
  });
}

// Assembles dropout-mask.wat (hand-written) into dropout-mask-wasm-bytes.ts (base64, with
// dropout-mask.wat's sha256 and the wabt version in its header), so the package never
// compiles WebAssembly at install or run time. Uses the npm wabt package (a dev
// dependency), the same assembler the CI check re-assembles with. Run after
// editing dropout-mask.wat:
//
//   pnpm --filter @imdb-rnn/train generate
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleWat, loadWabt, writeBase64Module } from '../../kernels/wasm/wasm-module-file.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, 'dropout-mask.wat');
const { wabt, tool } = await loadWabt();
writeBase64Module({
  out: join(here, 'dropout-mask-wasm-bytes.ts'),
  constName: 'DROPOUT_MASK_WASM_BASE64',
  doc: 'The assembled dropout-mask.wat module, base64-encoded so it loads without file access.',
  script: fileURLToPath(import.meta.url),
  source,
  tools: [tool],
  bytes: assembleWat(wabt, 'dropout-mask.wat', readFileSync(source, 'utf8')),
});

// Compiles recurrence.c to WebAssembly (SIMD, no libc) and writes
// recurrence-wasm-bytes.ts (the module, base64, with recurrence.c's sha256 and
// the compiler versions in its header) so it loads without file access or a
// toolchain. Needs Debian's clang-15 and lld-15
// (apt-get install clang-15 lld-15); CI has neither, so it checks the sha256
// in the header instead of recompiling. Run after editing recurrence.c:
//
//   pnpm --filter @imdb-rnn/train generate
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBase64Module } from './wasm-module-file.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const CLANG = 'clang-15';
// clang-15 links with the wasm-ld of its own LLVM installation.
const WASM_LD = '/usr/lib/llvm-15/bin/wasm-ld';

function version(tool) {
  try {
    return execFileSync(tool, ['--version'], { encoding: 'utf8' }).split('\n')[0].trim();
  } catch (error) {
    console.error(
      `generate-recurrence-wasm: cannot run ${tool} (${error.message}); install Debian's clang-15 and lld-15`,
    );
    process.exit(1);
  }
}

const tools = [version(CLANG), version(WASM_LD)];
const work = mkdtempSync(join(tmpdir(), 'imdb-rnn-recurrence-'));
try {
  const out = join(work, 'recurrence.wasm');
  execFileSync(CLANG, [
    '--target=wasm32',
    '-O3',
    '-msimd128',
    // memcpy/memset become memory.copy/memory.fill instead of libc calls.
    '-mbulk-memory',
    // ...but loops stay loops: clang otherwise turns the step loops' short
    // copies and fills (the bias into a step's product, h_prev into the
    // backward pass's chunk) into memory.copy/memory.fill, which V8 runs as
    // calls into C; without them an LSTM pair's forward pass at hidden 10 took
    // ~185 instead of ~230 ns per token.
    '-fno-builtin',
    '-nostdlib',
    '-Wl,--no-entry',
    // Room for the per-call scratch arrays: the backward pass's dWT (float64)
    // and wP of MAX_H * MAX_GH each, and a seqWT of that size for each of the
    // two sequences it runs in step, 1.25 MiB at MAX_H = 128, their CHUNK steps
    // of dA and h_prev (160 KiB) and the small vectors; the forward pass needs
    // a fifth of that. 1.75 MiB leaves room.
    '-Wl,-z,stack-size=1835008',
    '-Wl,--export=__heap_base',
    '-o',
    out,
    join(here, 'recurrence.c'),
  ]);
  writeBase64Module({
    out: join(here, 'recurrence-wasm-bytes.ts'),
    constName: 'RECURRENCE_WASM_BASE64',
    doc: 'The compiled recurrence.c module, base64-encoded so it loads without file access.',
    script: fileURLToPath(import.meta.url),
    source: join(here, 'recurrence.c'),
    tools,
    bytes: readFileSync(out),
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}

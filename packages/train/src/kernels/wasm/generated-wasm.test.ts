import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { assembleWat, loadWabt, REGENERATE, sha256 } from './wasm-module-file.mjs';

// The committed WebAssembly blobs against their sources: a source edited
// without running the generate script fails here (CI has no clang, so
// recurrence.c is checked by hash; the .wat files are also re-assembled).
const here = dirname(fileURLToPath(import.meta.url));
const optim = join(here, '../../optim/wasm');
const ops = join(here, '../../ops/wasm');

interface Generated {
  /** the generated file */
  file: string;
  /** the file it is generated from, named in its header */
  source: string;
  /** the source is WebAssembly text that wabt re-assembles to the committed bytes */
  wat: boolean;
}

const GENERATED: Generated[] = [
  { file: join(here, 'gemm.wat'), source: join(here, 'generate-gemm-wasm.mjs'), wat: false },
  { file: join(here, 'gemm-wasm-bytes.ts'), source: join(here, 'gemm.wat'), wat: true },
  { file: join(optim, 'adam-wasm-bytes.ts'), source: join(optim, 'adam.wat'), wat: true },
  {
    file: join(ops, 'dropout-mask-wasm-bytes.ts'),
    source: join(ops, 'dropout-mask.wat'),
    wat: true,
  },
  {
    file: join(ops, 'embedding-rows-wasm-bytes.ts'),
    source: join(ops, 'embedding-rows.wat'),
    wat: true,
  },
  { file: join(here, 'recurrence-wasm-bytes.ts'), source: join(here, 'recurrence.c'), wat: false },
];

const name = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** The sha256 the generated file's header records for `source`. */
function recordedSha256(text: string, source: string): string | undefined {
  const line = new RegExp(`^(?://|;;) source sha256: ${name(source)} ([0-9a-f]{64})$`, 'm');
  return line.exec(text)?.[1];
}

/** The leading comment lines, where the recipe is recorded (kept short in failure messages). */
function header(text: string): string {
  const lines = text.split('\n');
  const end = lines.findIndex((line) => !/^(\/\/|;;)/.test(line));
  return lines.slice(0, end).join('\n');
}

function committedBytes(tsText: string): Buffer {
  const base64 = /= *\n? *'([A-Za-z0-9+/=]+)';/.exec(tsText)?.[1];
  if (base64 === undefined) throw new Error('no base64 literal in the generated file');
  return Buffer.from(base64, 'base64');
}

describe('generated WebAssembly files', () => {
  let wabt: unknown;
  let tool: string;
  beforeAll(async () => {
    ({ wabt, tool } = await loadWabt());
  });

  for (const { file, source, wat } of GENERATED) {
    describe(name(file), () => {
      const text = readFileSync(file, 'utf8');
      const head = header(text);

      it(`records the sha256 of the current ${name(source)} (else run \`${REGENERATE}\`)`, () => {
        expect(recordedSha256(head, source), `${name(file)} is stale`).toBe(sha256(source));
      });

      it('says how to regenerate it and with which tools', () => {
        expect(head).toContain(`Regenerate: ${REGENERATE}`);
        if (file.endsWith('.ts')) expect(head).toMatch(/^\/\/ tools: \S.*$/m);
      });

      if (wat) {
        it(`holds exactly the bytes wabt assembles from ${name(source)}`, () => {
          expect(head).toContain(`// tools: ${tool}`);
          const assembled = assembleWat(wabt, name(source), readFileSync(source, 'utf8'));
          expect(
            assembled.equals(committedBytes(text)),
            `${name(file)} differs from ${name(source)}`,
          ).toBe(true);
        });
      }
    });
  }
});

// All six tarballs installed with plain npm into a fresh project outside the monorepo, then
// used from Node as a stranger would: `import` (ESM) and `require` (CJS) of every package, and
// the `imdb-rnn` / `imdb-rnn-classify` executables npm links into node_modules/.bin.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { lastJsonLine } from './json-output.js';
import { createNpmProject, type NpmProject } from './npm-project.js';
import { runCommand } from './run-command.js';
import {
  DOCS_LSTM_INT8,
  FIXTURES,
  PUBLISHED_PACKAGES,
  REFERENCE_LSTM_ARTIFACT,
  REPO_ROOT,
} from './workspace.js';

interface Report {
  resolved: Record<string, string>;
  core: {
    tokens: string[];
    ids: number[][];
    lengths: number[];
    metadataName: string;
    rejected: { name: string; message: string; isMetadataError: boolean } | null;
  };
  exportOnnx: {
    bytes: number;
    isUint8Array: boolean;
    sha256: string;
    fileMatches: boolean;
    metadata: { name: string; spec: { cell: string; vocabSize: number } };
  };
  tinyLogits: { train: number[]; inferNode: number[]; inferWeb: number[] };
  reference: { label: string; score: number }[];
  byName: {
    name: string;
    predictions: { label: string; score: number }[];
    accuracy: number;
    manifestAccuracy: number;
  };
  unknownName: { name: string; message: string } | null;
  modelNames: string[];
  train: { train: string; commands: string[] };
}

const context = inject('packaging');
let project: NpmProject;
const reports: Partial<Record<'esm' | 'cjs', Promise<Report>>> = {};

/** Runs the ESM or CJS fixture once (several tests read its report). */
function report(kind: 'esm' | 'cjs'): Promise<Report> {
  reports[kind] ??= (async () => {
    const script = kind === 'esm' ? 'import-all.mjs' : 'require-all.cjs';
    const result = await runCommand(
      'node',
      [join('fixtures', 'node', script), DOCS_LSTM_INT8, join(project.dir, `work-${kind}`)],
      { cwd: project.dir, env: project.env },
    );
    if (result.status !== 0) throw new Error(`node ${script} failed:\n${result.stderr}`);
    console.log(`node ${script}: ${(result.ms / 1000).toFixed(1)} s`);
    return lastJsonLine<Report>(result.stdout, script);
  })();
  return reports[kind]!;
}

/** Runs an executable npm linked into the project's node_modules/.bin. */
function bin(name: 'imdb-rnn' | 'imdb-rnn-classify', args: string[]) {
  return runCommand(join(project.dir, 'node_modules', '.bin', name), args, {
    cwd: project.dir,
    env: project.env,
  });
}

beforeAll(async () => {
  project = await createNpmProject(context, {
    name: 'node',
    packages: PUBLISHED_PACKAGES,
    copyFrom: FIXTURES,
    copyInto: 'fixtures',
  });
  console.log(
    `npm install (node project, ${PUBLISHED_PACKAGES.length} tarballs): ${(project.installMs / 1000).toFixed(1)} s`,
  );
});

afterAll(async () => {
  // Settle the fixture runs even if a test failed early, so no child outlives the file.
  await Promise.allSettled(Object.values(reports));
});

describe("the docs' Node quick start", () => {
  it("fixtures/node/quick-start.mjs loads 'best' by name and labels its review positive", async () => {
    const result = await runCommand('node', [join('fixtures', 'node', 'quick-start.mjs')], {
      cwd: project.dir,
      env: project.env,
    });
    if (result.status !== 0) throw new Error(`node quick-start.mjs failed:\n${result.stderr}`);
    const { label, confidence } = lastJsonLine<{ label: string; confidence: number }>(
      result.stdout,
      'quick-start.mjs',
    );
    expect(label).toBe('positive');
    expect(confidence).toBeGreaterThan(0.8);
  });
});

describe.each(['esm', 'cjs'] as const)('installed tarballs from Node (%s)', (kind) => {
  const entry = kind === 'esm' ? 'index.js' : 'index.cjs';

  it(`resolves every package to its ${kind} build inside the temporary project`, async () => {
    const { resolved } = await report(kind);
    expect(project.dir.startsWith(REPO_ROOT)).toBe(false);
    for (const pkg of PUBLISHED_PACKAGES) {
      expect(resolved[pkg]).toBe(
        join(project.dir, 'node_modules', '@imdb-rnn', pkg, 'dist', entry),
      );
    }
    expect(resolved['models/bilstm']).toBe(
      join(
        project.dir,
        'node_modules',
        '@imdb-rnn',
        'models',
        'dist',
        `bilstm.${kind === 'esm' ? 'js' : 'cjs'}`,
      ),
    );
    const nodeEntry = kind === 'esm' ? 'node.js' : 'node.cjs';
    expect(resolved['export-onnx/node']).toBe(
      join(project.dir, 'node_modules', '@imdb-rnn', 'export-onnx', 'dist', nodeEntry),
    );
  });

  it('core tokenizes, encodes (unknown words to <unk>, empty text to [<unk>]) and validates metadata', async () => {
    const { core } = await report(kind);
    expect(core.tokens).toEqual(["it's", 'a', 'great', 'film', '!']);
    // Vocabulary: <unk> <pad> great film bad it's a
    expect(core.ids).toEqual([[5, 6, 2, 3], [4, 0, 0], [2, 2, 3, 0, 6, 4, 3], [0]]);
    expect(core.lengths).toEqual([4, 3, 7, 1]);
    expect(core.metadataName).toBe('tiny-gru');
    expect(core.rejected).toMatchObject({ name: 'MetadataError', isMetadataError: true });
    expect(core.rejected?.message).toMatch(/^metadata\.formatVersion: unsupported version 2/);
  });

  it('export-onnx exports a Uint8Array, and its node entry writes the same bytes to a file', async () => {
    const { exportOnnx } = await report(kind);
    expect(exportOnnx.isUint8Array).toBe(true);
    expect(exportOnnx.bytes).toBeGreaterThan(1000);
    expect(exportOnnx.fileMatches).toBe(true);
    expect(exportOnnx.metadata.name).toBe('tiny-gru');
    expect(exportOnnx.metadata.spec).toMatchObject({ cell: 'gru', vocabSize: 7 });
  });

  it("train's tfjs model, infer-node and infer-web give the same logits within 1e-5", async () => {
    const { tinyLogits } = await report(kind);
    expect(tinyLogits.train).toHaveLength(4);
    tinyLogits.train.forEach((logit, i) => {
      expect(Math.abs(tinyLogits.inferNode[i]! - logit), `infer-node, text ${i}`).toBeLessThan(
        1e-5,
      );
      expect(Math.abs(tinyLogits.inferWeb[i]! - logit), `infer-web, text ${i}`).toBeLessThan(1e-5);
    });
    // Different texts give different logits: the weights were really loaded.
    expect(new Set(tinyLogits.train.map((l) => l.toFixed(4))).size).toBe(4);
  });

  it('infer-node labels a positive and a negative review with the docs int8 LSTM', async () => {
    const { reference } = await report(kind);
    expect(reference.map((p) => p.label)).toEqual(['positive', 'negative']);
    expect(reference[0]!.score).toBeGreaterThan(0.8);
    expect(reference[1]!.score).toBeLessThan(0.2);
  });

  it('infer-node loads a model of the installed @imdb-rnn/models by name and labels both reviews', async () => {
    const { byName, unknownName, modelNames } = await report(kind);
    expect(byName.predictions.map((p) => p.label)).toEqual(['positive', 'negative']);
    expect(byName.predictions[0]!.score).toBeGreaterThan(0.8);
    expect(byName.predictions[1]!.score).toBeLessThan(0.2);
    expect(byName.accuracy).toBe(byName.manifestAccuracy);
    expect(unknownName).toEqual({
      name: 'ModelNotFoundError',
      message: `model "no-such-model": no model has this name; the models are ${modelNames.join(', ')}`,
    });
  });

  it('train exposes train() and the CLI program with its five commands', async () => {
    const { train } = await report(kind);
    expect(train.train).toBe('function');
    expect(train.commands).toEqual(['train', 'evaluate', 'report', 'export', 'classify']);
  });
});

describe('ESM and CJS builds agree', () => {
  it('export the same ONNX bytes and the same scores', async () => {
    const [esm, cjs] = await Promise.all([report('esm'), report('cjs')]);
    expect(cjs.exportOnnx.sha256).toBe(esm.exportOnnx.sha256);
    expect(cjs.tinyLogits).toEqual(esm.tinyLogits);
    expect(cjs.reference).toEqual(esm.reference);
  });
});

describe('installed executables', () => {
  const POSITIVE = 'A moving, beautifully acted film. I loved every minute of it.';
  const NEGATIVE = 'Boring, badly acted and far too long. A complete waste of time.';

  it('imdb-rnn --help exits 0 and lists every command', async () => {
    const { status, stdout } = await bin('imdb-rnn', ['--help']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Usage: imdb-rnn /);
    for (const command of ['train', 'evaluate', 'report', 'export', 'classify']) {
      expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
  });

  it('imdb-rnn classify --help and imdb-rnn-classify --help document --model and --input under their own names', async () => {
    for (const [name, args, usage] of [
      ['imdb-rnn', ['classify', '--help'], 'Usage: imdb-rnn classify '],
      ['imdb-rnn-classify', ['--help'], 'Usage: imdb-rnn-classify '],
    ] as const) {
      const { status, stdout } = await bin(name, [...args]);
      expect(status, name).toBe(0);
      expect(stdout, name).toContain(usage);
      expect(stdout, name).toMatch(/-m, --model <path>/);
      expect(stdout, name).toMatch(/-i, --input <file>/);
    }
  });

  it('imdb-rnn export turns the reference LSTM artifact into int8 and fp32 .onnx files', async () => {
    const out = join(project.dir, 'exported');
    const { status, stdout, stderr } = await bin('imdb-rnn', [
      'export',
      '--model',
      REFERENCE_LSTM_ARTIFACT,
      '--out',
      out,
      '--name',
      'lstm',
      '--weights',
      'int8,fp32',
    ]);
    expect(status, stderr).toBe(0);
    const int8 = join(out, 'lstm.int8.onnx');
    const fp32 = join(out, 'lstm.fp32.onnx');
    expect(stdout).toContain(`${int8}\t${statSync(int8).size} bytes`);
    expect(stdout).toContain(`${fp32}\t${statSync(fp32).size} bytes`);
    // int8 stores the 20,002 x 100 embedding in a quarter of fp32's bytes.
    expect(statSync(int8).size).toBeLessThan(statSync(fp32).size / 3);
  });

  it('imdb-rnn classify and imdb-rnn-classify label a positive and a negative review alike', async () => {
    const model = join(project.dir, 'exported', 'lstm.int8.onnx');
    if (!existsSync(model)) throw new Error(`${model} missing: the export test must run first`);
    const outputs: { label: string; score: number }[][] = [];
    for (const [name, args] of [
      ['imdb-rnn', ['classify']],
      ['imdb-rnn-classify', []],
    ] as const) {
      const result = await bin(name, [
        ...args,
        '--model',
        model,
        '--no-progress',
        POSITIVE,
        NEGATIVE,
      ]);
      expect(result.status, result.stderr).toBe(0);
      const lines = result.stdout.trim().split('\n');
      expect(lines, name).toHaveLength(2);
      outputs.push(lines.map((line) => JSON.parse(line)));
    }
    expect(outputs[0]!.map((p) => p.label)).toEqual(['positive', 'negative']);
    expect(outputs[1]).toEqual(outputs[0]);
  });

  it('imdb-rnn classify with a missing model exits 1 naming the file', async () => {
    const missing = join(project.dir, 'no-such-model.onnx');
    const { status, stderr } = await bin('imdb-rnn', ['classify', '--model', missing, 'Great.']);
    expect(status).toBe(1);
    expect(stderr).toContain(missing);
  });
});

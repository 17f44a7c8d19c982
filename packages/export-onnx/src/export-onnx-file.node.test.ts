import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeArtifact } from '@imdb-rnn/core';
import { afterAll, describe, expect, it } from 'vitest';
import { exportOnnxFile } from './export-onnx-file.js';
import { readOnnxInfo } from './read-onnx-metadata.js';
import { randomArtifact } from './testing/random-artifact.js';

const directory = mkdtempSync(join(tmpdir(), 'imdb-rnn-export-file-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('exportOnnxFile', () => {
  it('writes a readable model from a safetensors artifact file', async () => {
    const artifactPath = join(directory, 'gru.safetensors');
    writeFileSync(artifactPath, encodeArtifact(randomArtifact('gru', 3)));
    const onnxPath = join(directory, 'gru.onnx');
    const written = await exportOnnxFile(artifactPath, onnxPath, { weights: 'int8' });
    const bytes = new Uint8Array(readFileSync(onnxPath));
    expect(bytes.length).toBe(written);
    expect(readOnnxInfo(bytes).weights).toBe('int8');
  });

  it('leaves no .onnx (and no temporary file) for a truncated artifact', async () => {
    const bytes = encodeArtifact(randomArtifact('lstm', 3));
    const artifactPath = join(directory, 'truncated.safetensors');
    writeFileSync(artifactPath, bytes.subarray(0, bytes.length - 7));
    const onnxPath = join(directory, 'truncated.onnx');
    await expect(exportOnnxFile(artifactPath, onnxPath)).rejects.toThrow(
      /trailing|truncated|runs past/,
    );
    expect(existsSync(onnxPath)).toBe(false);
    expect(readdirSync(directory).filter((name) => name.includes('truncated.onnx'))).toEqual([]);
  });

  it('keeps an existing good model when the new artifact has NaN weights', async () => {
    const onnxPath = join(directory, 'keep.onnx');
    writeFileSync(onnxPath, 'previous model');
    const artifact = randomArtifact('rnn', 3);
    artifact.tensors['rnn.weight_hh_l0']!.data[2] = Number.NaN;
    const artifactPath = join(directory, 'nan.safetensors');
    writeFileSync(artifactPath, encodeArtifact(artifact));
    await expect(exportOnnxFile(artifactPath, onnxPath)).rejects.toThrow(/rnn\.weight_hh_l0/);
    expect(readFileSync(onnxPath, 'utf8')).toBe('previous model');
  });
});

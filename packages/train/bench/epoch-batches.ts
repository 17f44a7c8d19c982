import { readFileSync, writeFileSync } from 'node:fs';
import type { ModelSpec } from '@imdb-rnn/core';
import type { Batch } from '../src/data/batching';

/** What both trainers need to run the same epoch (file layout: scripts/pytorch/reference_epoch.py). */
export interface EpochFile {
  header: Pick<
    ModelSpec,
    'cell' | 'bidirectional' | 'vocabSize' | 'embeddingSize' | 'hiddenSize' | 'dropout' | 'padIndex'
  > & {
    lr: number;
    seed: number;
    batches: { time: number; batch: number }[];
  };
  embedding: Float32Array;
  batches: Pick<Batch, 'tokens' | 'lengths' | 'labels' | 'time' | 'batchSize'>[];
}

export function writeEpochFile(path: string, file: EpochFile): void {
  const header = Buffer.from(JSON.stringify(file.header), 'utf8');
  const parts: Uint8Array[] = [new Uint8Array(Uint32Array.of(header.length).buffer), header];
  const bytes = (a: Int32Array | Float32Array) =>
    new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  parts.push(bytes(file.embedding));
  for (const b of file.batches) parts.push(bytes(b.tokens), bytes(b.lengths), bytes(b.labels));
  writeFileSync(path, Buffer.concat(parts));
}

export function readEpochFile(path: string): EpochFile {
  const data = readFileSync(path);
  const headerLength = data.readUInt32LE(0);
  const header = JSON.parse(
    data.subarray(4, 4 + headerLength).toString('utf8'),
  ) as EpochFile['header'];
  let offset = 4 + headerLength;
  // Copies: the file's offsets need not be 4-byte aligned.
  const take = <T extends Int32Array | Float32Array>(
    ctor: new (b: ArrayBuffer) => T,
    count: number,
  ): T => {
    const out = new ctor(
      data.buffer.slice(data.byteOffset + offset, data.byteOffset + offset + count * 4),
    );
    offset += count * 4;
    return out;
  };
  const embedding = take(Float32Array, header.vocabSize * header.embeddingSize);
  const batches = header.batches.map(({ time, batch }) => ({
    tokens: take(Int32Array, time * batch),
    lengths: take(Int32Array, batch),
    labels: take(Float32Array, batch),
    time,
    batchSize: batch,
  }));
  return { header, embedding, batches };
}

import { readFileSync } from 'node:fs';
import type { Architecture, CellType } from '@imdb-rnn/core';
import type { DirectionWeights } from './recurrent';

/**
 * Reads the golden fixtures written by scripts/pytorch/make_kernel_fixtures.py
 * (format documented there). Test support only; not part of the package API.
 */
export interface KernelFixture {
  cell: CellType;
  bidirectional: boolean;
  inputSize: number;
  hiddenSize: number;
  time: number;
  batch: number;
  lengths: number[];
  x: number[];
  weights: Record<string, number[]>;
  hidden: number[];
  R: number[];
  loss: number;
  grads: Record<string, number[]>;
}

export function readKernelFixture(name: string): KernelFixture {
  const url = new URL(`../../fixtures/kernels/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as KernelFixture;
}

/**
 * A whole classifier's fixture (model-<arch>.json: embedding, recurrent layer,
 * linear layer and BCE-with-logits loss), read by the kernel and the tfjs model tests.
 */
export interface ModelFixture {
  arch: Architecture;
  cell: CellType;
  bidirectional: boolean;
  vocabSize: number;
  embeddingSize: number;
  hiddenSize: number;
  padIndex: number;
  time: number;
  batch: number;
  tokens: number[];
  lengths: number[];
  labels: number[];
  params: Record<string, number[]>;
  shapes: Record<string, number[]>;
  logits: number[];
  loss: number;
  grads: Record<string, number[]>;
}

export function readModelFixture(arch: Architecture): ModelFixture {
  return readKernelFixture(`model-${arch}`) as unknown as ModelFixture;
}

/** The PyTorch name suffix of each direction: forward, then reverse. */
export const DIRECTION_SUFFIXES = ['', '_reverse'] as const;

/** Pick one direction's tensors out of a name -> values record (weights or grads). */
export function directionWeights(
  record: Record<string, number[]>,
  direction: number,
): DirectionWeights {
  const suffix = DIRECTION_SUFFIXES[direction]!;
  const get = (name: string): Float32Array => {
    const values = record[`${name}_l0${suffix}`];
    if (values === undefined) throw new Error(`fixture has no ${name}_l0${suffix}`);
    return Float32Array.from(values);
  };
  return { wIh: get('weight_ih'), wHh: get('weight_hh'), bIh: get('bias_ih'), bHh: get('bias_hh') };
}

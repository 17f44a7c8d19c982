import { describe, expect, it } from 'vitest';
import { kernelArray } from '../kernels/wasm/kernel-memory';
import { embeddingMemoryOf } from './embedding-memory';
import { bareKernelMemory } from './test-support';

const countingMemory = () => bareKernelMemory(16384);

/** Staging and output arrays for a batch of `tokens` tokens, as a training step takes them. */
function stepOf(tokens: number, width: number) {
  return (memory: NonNullable<ReturnType<typeof embeddingMemoryOf>>) => {
    memory.maskArrays(tokens * width, new Int32Array(tokens));
    memory.stage(new Int32Array(tokens), new Int32Array(tokens), undefined);
    memory.output.take(tokens * width);
    memory.outputGradient.take(tokens * width);
  };
}

describe('EmbeddingMemory.expect', () => {
  const width = 8;
  const batches = [100, 300, 250, 900, 2000, 1500, 2000];

  it('makes room for the largest batch at once: longer batches then take no more memory', () => {
    const grown = countingMemory();
    const table = kernelArray(grown, Float32Array, 64)!;
    const memory = embeddingMemoryOf(table)!;
    for (const tokens of batches) stepOf(tokens, width)(memory);
    const growing = grown.handedOut();

    const reserved = countingMemory();
    const memory2 = embeddingMemoryOf(kernelArray(reserved, Float32Array, 64)!)!;
    memory2.expect(2000, width);
    const afterExpect = reserved.handedOut();
    for (const tokens of batches) stepOf(tokens, width)(memory2);
    expect(reserved.handedOut()).toBe(afterExpect);
    // Doubling left regions behind; the reservation is what the largest batch needs.
    expect(afterExpect).toBeLessThan(growing);
    expect(memory2.output.take(2000 * width).length).toBe(2000 * width);
  });

  it('does nothing for a batch no larger than one it has room for', () => {
    const owner = countingMemory();
    const memory = embeddingMemoryOf(kernelArray(owner, Float32Array, 64)!)!;
    memory.expect(500, width);
    const top = owner.handedOut();
    memory.expect(400, width);
    memory.expect(500, width);
    expect(owner.handedOut()).toBe(top);
  });
});

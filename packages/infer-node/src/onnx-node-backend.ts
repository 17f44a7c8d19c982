import type { InferenceBackend } from '@imdb-rnn/core';
import * as ort from 'onnxruntime-node';

export interface NodeSessionOptions {
  /** Threads ONNX Runtime uses inside one run; default 1 (these models are small: see README). */
  intraOpNumThreads?: number;
}

/** An InferenceBackend over one onnxruntime-node session on the CPU. */
export async function createNodeBackend(
  bytes: Uint8Array,
  options: NodeSessionOptions = {},
): Promise<InferenceBackend> {
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'],
    intraOpNumThreads: options.intraOpNumThreads ?? 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  return {
    async run(ids, lengths, batch, time) {
      const feeds = {
        token_ids: new ort.Tensor('int64', ids, [batch, time]),
        lengths: new ort.Tensor('int64', lengths, [batch]),
      };
      const out = await session.run(feeds, ['logit']);
      return out.logit!.data as Float32Array;
    },
    dispose: () => session.release(),
  };
}

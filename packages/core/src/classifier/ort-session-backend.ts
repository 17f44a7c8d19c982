import type { InferenceBackend } from './inference-backend.js';

/**
 * Names of the exported graph's inputs and outputs: the contract between
 * @imdb-rnn/export-onnx, which writes them, and every runtime adapter.
 */
export const ONNX_INPUTS = { tokenIds: 'token_ids', lengths: 'lengths' } as const;
export const ONNX_OUTPUTS = { logit: 'logit', probability: 'probability' } as const;

/**
 * The part of an ONNX Runtime session an adapter uses. onnxruntime-node and
 * onnxruntime-web share this API, so core can drive either without importing one.
 */
export interface OrtSessionLike {
  run(
    feeds: Record<string, unknown>,
    fetches: readonly string[],
  ): Promise<Readonly<Record<string, { readonly data: unknown }>>>;
  release(): Promise<void>;
}

/** ONNX Runtime's `Tensor` constructor, for the int64 inputs the graph takes. */
export type OrtTensorConstructor = new (
  type: 'int64',
  data: BigInt64Array,
  dims: readonly number[],
) => unknown;

/**
 * An InferenceBackend over one ONNX Runtime session (created by the adapter
 * with its runtime's options): feeds the padded batch, returns the logits.
 */
export function ortSessionBackend(
  session: OrtSessionLike,
  Tensor: OrtTensorConstructor,
): InferenceBackend {
  return {
    async run(ids, lengths, batch, time) {
      const feeds = {
        [ONNX_INPUTS.tokenIds]: new Tensor('int64', ids, [batch, time]),
        [ONNX_INPUTS.lengths]: new Tensor('int64', lengths, [batch]),
      };
      const out = await session.run(feeds, [ONNX_OUTPUTS.logit]);
      return out[ONNX_OUTPUTS.logit]!.data as Float32Array;
    },
    dispose: () => session.release(),
  };
}

import { describe, expect, it } from 'vitest';
import { ONNX_OUTPUTS, ortSessionBackend } from './ort-session-backend.js';

// That ONNX_INPUTS and ONNX_OUTPUTS are the names an exported graph really has
// is checked where a graph exists: export-onnx's export-onnx.node.test.ts opens
// one in onnxruntime-node and runs it through ortSessionBackend.

class FakeTensor {
  constructor(
    readonly type: string,
    readonly data: BigInt64Array,
    readonly dims: readonly number[],
  ) {}
}

describe('ortSessionBackend', () => {
  it('feeds token_ids [batch, time] and lengths [batch] as int64, fetches only the logit, and releases the session on dispose', async () => {
    const calls: { feeds: Record<string, unknown>; fetches: readonly string[] }[] = [];
    let released = 0;
    const logits = Float32Array.of(0.5, -1);
    const backend = ortSessionBackend(
      {
        async run(feeds, fetches) {
          calls.push({ feeds, fetches });
          return { [ONNX_OUTPUTS.logit]: { data: logits } };
        },
        async release() {
          released++;
        },
      },
      FakeTensor,
    );
    const ids = BigInt64Array.of(5n, 6n, 7n, 8n, 1n, 1n);
    const lengths = BigInt64Array.of(3n, 1n);
    expect(await backend.run(ids, lengths, 2, 3)).toBe(logits);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.fetches).toEqual(['logit']);
    expect(calls[0]!.feeds).toEqual({
      token_ids: new FakeTensor('int64', ids, [2, 3]),
      lengths: new FakeTensor('int64', lengths, [2]),
    });
    await backend.dispose();
    expect(released).toBe(1);
  });
});

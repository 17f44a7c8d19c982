/**
 * What a runtime adapter (onnxruntime-node, onnxruntime-web) provides: one forward
 * pass of the exported graph. The classifier never calls `run` concurrently on one
 * backend: calls are queued, so an adapter needs no locking of its own.
 */
export interface InferenceBackend {
  /**
   * Logits for a padded batch. ids: [batch, time] batch-major, padded with `<pad>`
   * (1); lengths: [batch], each in 1..time. Resolves to `batch` logits.
   */
  run(
    ids: BigInt64Array,
    lengths: BigInt64Array,
    batch: number,
    time: number,
  ): Promise<Float32Array>;
  /** Frees the session; called once, after every queued run has finished. */
  dispose(): Promise<void>;
}

import { ImdbRnnError } from '../errors.js';
import { Classifier, type ClassifierOptions } from './classifier.js';
import { ModelFormatError } from './classifier-errors.js';
import type { InferenceBackend } from './inference-backend.js';
import { readOnnxModelMetadata } from './onnx-model-metadata.js';

/**
 * Checks the model's metadata first (so a foreign file fails with a clear
 * ModelFormatError or MetadataError before any runtime sees it), then opens a
 * runtime session with `createBackend` and wraps it. A runtime that refuses the
 * bytes gives ModelFormatError with the runtime's error as `cause`.
 */
export async function openClassifier(
  bytes: Uint8Array,
  createBackend: (bytes: Uint8Array) => Promise<InferenceBackend>,
  options: ClassifierOptions = {},
): Promise<Classifier> {
  const model = readOnnxModelMetadata(bytes);
  let backend: InferenceBackend;
  try {
    backend = await createBackend(bytes);
  } catch (error) {
    if (error instanceof ImdbRnnError) throw error;
    throw new ModelFormatError(
      `ONNX Runtime refused the model: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  try {
    return new Classifier(model, backend, options);
  } catch (error) {
    await backend.dispose();
    throw error;
  }
}

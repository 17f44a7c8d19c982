import { describe, expect, it } from 'vitest';
import { BagOfIdsBackend } from './bag-of-ids-backend.test-support.js';
import { ModelFormatError } from './classifier-errors.js';
import { modelProtoBytes, tinyMetadata } from './model-proto.test-support.js';
import { openClassifier } from './open-classifier.js';

const metadata = tinyMetadata(['good', 'bad']);
const model = modelProtoBytes({ 'imdb-rnn': JSON.stringify(metadata), 'imdb-rnn.weights': 'fp16' });

describe('openClassifier', () => {
  it('reads the metadata, opens the backend and classifies through it', async () => {
    const backend = new BagOfIdsBackend([0, 0, 2, -2]);
    const classifier = await openClassifier(model, async () => backend);
    expect(classifier.metadata.weights).toBe('fp16');
    expect((await classifier.classify('good')).label).toBe('positive');
  });

  it('never opens a runtime for bytes without our metadata', async () => {
    let opened = false;
    const open = async () => {
      opened = true;
      return new BagOfIdsBackend([0, 0]);
    };
    await expect(openClassifier(modelProtoBytes({}), open)).rejects.toThrow(ModelFormatError);
    expect(opened).toBe(false);
  });

  it('wraps a runtime refusal in a ModelFormatError', async () => {
    const refuse = async (): Promise<BagOfIdsBackend> => {
      throw new Error('protobuf parsing failed');
    };
    await expect(openClassifier(model, refuse)).rejects.toThrow(
      'ONNX Runtime refused the model: protobuf parsing failed',
    );
  });

  it('releases the backend when the options are invalid', async () => {
    const backend = new BagOfIdsBackend([0, 0, 1, 1]);
    await expect(openClassifier(model, async () => backend, { batchSize: -1 })).rejects.toThrow(
      'options.batchSize',
    );
    expect(backend.disposed).toBe(1);
  });
});

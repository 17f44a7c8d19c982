// What a caller sees when the model loads but its runs go wrong (found by fuzzing
// exported models, issue 8): a runtime error, a wrong number of logits, or NaN.
// Each is a ModelFormatError for that call only; the classifier keeps serving.
import { describe, expect, it } from 'vitest';
import { BagOfIdsBackend } from './bag-of-ids-backend.test-support.js';
import { Classifier } from './classifier.js';
import { ModelFormatError } from './classifier-errors.js';
import { tinyMetadata } from './model-proto.test-support.js';

/** Bag-of-ids logits, except that the next run's output goes through `corrupt`. */
class CorruptingBackend extends BagOfIdsBackend {
  corrupt: ((logits: Float32Array) => Float32Array) | undefined;

  override async run(
    ids: BigInt64Array,
    lengths: BigInt64Array,
    batch: number,
    time: number,
  ): Promise<Float32Array> {
    const logits = await super.run(ids, lengths, batch, time);
    const corrupt = this.corrupt;
    this.corrupt = undefined;
    return corrupt ? corrupt(logits) : logits;
  }
}

function setup() {
  const backend = new CorruptingBackend([0, 0, 1, -1], 0.5);
  const classifier = new Classifier({ metadata: tinyMetadata(['good', 'bad']) }, backend);
  return { backend, classifier };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('Classifier when a run fails', () => {
  it('turns a runtime error into ModelFormatError with the runtime error as cause', async () => {
    const { backend, classifier } = setup();
    backend.failNext = 'Reshape node: requested shape {34359738368,4}';
    const error = await rejection(classifier.classify('good'));
    expect(error).toBeInstanceOf(ModelFormatError);
    expect((error as ModelFormatError).message).toBe(
      'ONNX Runtime failed to run the model: Reshape node: requested shape {34359738368,4}',
    );
    expect(((error as ModelFormatError).cause as Error).message).toContain('Reshape node');
    expect((await classifier.classify('good')).label).toBe('positive');
  });

  it('refuses a wrong number of logits', async () => {
    const { backend, classifier } = setup();
    backend.corrupt = (logits) => Float32Array.of(...logits, 0);
    const error = await rejection(classifier.classify(['good', 'bad']));
    expect(error).toBeInstanceOf(ModelFormatError);
    expect((error as Error).message).toBe('the model returned 3 logits for a batch of 2 reviews');
  });

  it('refuses NaN and infinite logits rather than labelling them negative', async () => {
    const { backend, classifier } = setup();
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      backend.corrupt = (logits) => logits.map(() => bad);
      const error = await rejection(classifier.explain('good bad'));
      expect(error).toBeInstanceOf(ModelFormatError);
      expect((error as Error).message).toContain(`non-finite logit (${bad})`);
    }
    expect((await classifier.classify('bad')).label).toBe('negative');
  });
});

import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { initBackend } from './backend';

// A file of its own: vitest gives each test file a fresh module graph, so no
// other test has imported tfjs-backend-wasm here.
it("importing the backend helper leaves tfjs's default backend (cpu) alone", async () => {
  expect(typeof initBackend).toBe('function');
  await tf.ready();
  expect(tf.getBackend()).toBe('cpu');
});

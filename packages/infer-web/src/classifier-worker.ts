// The script that runs in the dedicated Web Worker: it loads models with this
// package's loadClassifier and runs them on ONNX Runtime Web, off the page's main
// thread. The page talks to it through worker-classifier.ts.
//
// Why comlink: it turns the worker's message port into awaited method calls
// (request ids, response routing, proxied callbacks such as onProgress) in 1.1 kB,
// is the library Google's own worker guides use, and has no dependencies; written
// by hand, that bookkeeping would be most of this file.
import {
  type Classifier,
  ClassifierDisposedError,
  type Explanation,
  type Prediction,
} from '@imdb-rnn/core';
import { expose } from 'comlink';
import { AbortError } from './abort-error.js';
import { type LoadClassifierOptions, loadClassifier } from './load-classifier.js';
import {
  type ClassifierWorkerApi,
  errorToData,
  type Outcome,
  type WorkerCall,
} from './worker-protocol.js';

interface Job {
  callId: number;
  classifier: Classifier;
  call: WorkerCall;
  settle: (outcome: Outcome<Prediction | Prediction[] | Explanation>) => void;
}

const classifiers = new Map<number, Classifier>();
const loads = new Map<number, AbortController>();
let nextClassifierId = 1;
// One queue for the whole worker: its thread runs one model at a time anyway, and a
// queue of our own (rather than only the classifier's) is what lets `cancel` drop a
// stale call before it starts.
const jobs: Job[] = [];
let pumping = false;

async function pump(): Promise<void> {
  if (pumping) return;
  pumping = true;
  try {
    // Yield to the event loop before each job: `cancel` messages that arrived while the
    // last job ran are handled first, so a stale call is dropped instead of run.
    for (let job = await nextJob(); job; job = await nextJob()) {
      const { classifier, call } = job;
      try {
        const value =
          call.method === 'explain'
            ? await classifier.explain(call.input)
            : await classifier.classify(call.input as string);
        job.settle({ ok: true, value });
      } catch (error) {
        job.settle({ ok: false, error: errorToData(error) });
      }
    }
  } finally {
    pumping = false;
  }
}

async function nextJob(): Promise<Job | undefined> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  return jobs.shift();
}

const api: ClassifierWorkerApi = {
  async load(loadId, source, options, onProgress) {
    const controller = new AbortController();
    loads.set(loadId, controller);
    try {
      const classifier = await loadClassifier(source, {
        ...(options as LoadClassifierOptions),
        ...(onProgress ? { onProgress } : {}),
        signal: controller.signal,
      });
      const classifierId = nextClassifierId++;
      classifiers.set(classifierId, classifier);
      return { ok: true, value: { classifierId, metadata: classifier.metadata } };
    } catch (error) {
      return { ok: false, error: errorToData(error) };
    } finally {
      loads.delete(loadId);
    }
  },

  run(classifierId, callId, call) {
    const classifier = classifiers.get(classifierId);
    if (!classifier) {
      return Promise.resolve({
        ok: false,
        error: errorToData(new ClassifierDisposedError(call.method)),
      });
    }
    return new Promise((settle) => {
      jobs.push({ callId, classifier, call, settle });
      void pump();
    });
  },

  cancel(callId) {
    loads.get(callId)?.abort(new AbortError('load'));
    const index = jobs.findIndex((job) => job.callId === callId);
    if (index < 0) return;
    const [job] = jobs.splice(index, 1);
    job!.settle({ ok: false, error: errorToData(new AbortError(job!.call.method)) });
  },

  async dispose(classifierId) {
    const classifier = classifiers.get(classifierId);
    classifiers.delete(classifierId);
    try {
      await classifier?.dispose();
      return { ok: true, value: undefined };
    } catch (error) {
      return { ok: false, error: errorToData(error) };
    }
  },
};

expose(api);

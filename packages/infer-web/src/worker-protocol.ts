// What crosses between the page and the classifier worker. postMessage clones
// plain data only: errors arrive without their class or `code`, so the worker
// sends each error as data and the page rebuilds the typed error from it.
import {
  ClassifierDisposedError,
  type ClassifierMetadata,
  type Explanation,
  ImdbRnnError,
  InputError,
  MetadataError,
  ModelFormatError,
  ModelLoadError,
  type Prediction,
} from '@imdb-rnn/core';
import { AbortError } from './abort-error.js';

/** An error as data: its name, message and own fields (`code`, `path`, `source`, ...). */
export interface ErrorData {
  name: string;
  message: string;
  fields: Record<string, string | number | boolean | string[]>;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ErrorData };

export type WorkerCall =
  | { method: 'classify'; input: string | readonly string[] }
  | { method: 'explain'; input: string };

/** The API the worker exposes (through comlink); every method settles, errors come as data. */
export interface ClassifierWorkerApi {
  /** Loads a model; `loadId` lets `cancel` abort the download. */
  load(
    loadId: number,
    source: string | Uint8Array | ArrayBuffer | Blob,
    options: Record<string, unknown>,
    onProgress?: (progress: unknown) => void,
  ): Promise<Outcome<{ classifierId: number; metadata: ClassifierMetadata }>>;
  run(
    classifierId: number,
    callId: number,
    call: WorkerCall,
  ): Promise<Outcome<Prediction | Prediction[] | Explanation>>;
  /** Drops a queued call (or aborts a load); a call already running finishes unseen. */
  cancel(callId: number): void;
  dispose(classifierId: number): Promise<Outcome<void>>;
}

export function errorToData(error: unknown): ErrorData {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: ErrorData['fields'] = {};
  for (const [key, value] of Object.entries(error)) {
    if (['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) fields[key] = value;
  }
  return { name: error.name, message: error.message, fields };
}

/** The typed error again: the same class for infer-web's own errors, with every field. */
export function dataToError(data: ErrorData): Error {
  const { name, message, fields } = data;
  const after = (prefix: unknown) =>
    typeof prefix === 'string' && message.startsWith(`${prefix}: `)
      ? message.slice(prefix.length + 2)
      : message;
  let error: Error;
  switch (name) {
    case 'InputError':
      error = new InputError(String(fields.path), after(fields.path));
      break;
    case 'MetadataError':
      error = new MetadataError(String(fields.path), after(fields.path));
      break;
    case 'ModelFormatError':
      error = new ModelFormatError(message);
      break;
    case 'ModelLoadError':
      error = new ModelLoadError(String(fields.source), after(fields.source));
      break;
    case 'ClassifierDisposedError':
      error = new ClassifierDisposedError(message.replace(/: the classifier was disposed$/, ''));
      break;
    case 'AbortError':
      error = new AbortError(message.replace(/: aborted$/, ''));
      break;
    default:
      // An error class this page does not know (a newer worker, a runtime failure):
      // still an ImdbRnnError when it had a code, with its name and fields kept.
      error =
        typeof fields.code === 'string'
          ? new ImdbRnnError(fields.code, message)
          : new Error(message);
      error.name = name;
  }
  Object.assign(error, fields);
  return error;
}

import { InputError } from '@imdb-rnn/core';
import * as ort from 'onnxruntime-web/wasm';

/** Where ONNX Runtime Web finds its `.wasm` binary (and `.mjs` glue): a URL prefix or file URLs. */
export type WasmPaths = string | { wasm?: string; mjs?: string };

export interface RuntimeSettings {
  /**
   * Where the ORT wasm files are served, e.g. `/ort/` (a folder URL ending in `/`).
   * Default: next to onnxruntime-web's own module, which bundlers handle (see README).
   * Serve them yourself and the app needs no CDN and works offline.
   */
  wasmPaths?: WasmPaths;
  /**
   * WASM threads: 1 by default. A number > 1 or `'auto'` (up to 4, by hardware
   * concurrency) only takes effect on a cross-origin isolated page (COOP + COEP
   * headers), since threads need SharedArrayBuffer; elsewhere 1 is used.
   */
  numThreads?: number | 'auto';
}

interface Environment {
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
}

/** The thread count to ask ORT for, given the page's isolation; pure, for testing. */
export function resolveThreads(requested: number | 'auto' | undefined, env: Environment): number {
  if (requested === undefined) return 1;
  if (requested !== 'auto' && !(Number.isSafeInteger(requested) && requested >= 1)) {
    throw new InputError(
      'options.numThreads',
      `expected a positive integer or "auto", got ${String(requested)}`,
    );
  }
  if (!env.crossOriginIsolated) return 1;
  return requested === 'auto' ? Math.max(1, Math.min(4, env.hardwareConcurrency)) : requested;
}

let applied = false;

/**
 * Applies the settings to ORT's global `env` before the first session is created.
 * ORT reads them once, when it initialises its wasm module: a later call with
 * different settings has no effect (the first wins; documented in the README).
 */
export function applyRuntimeSettings(settings: RuntimeSettings): void {
  const g = globalThis as {
    crossOriginIsolated?: boolean;
    navigator?: { hardwareConcurrency?: number };
  };
  const threads = resolveThreads(settings.numThreads, {
    crossOriginIsolated: g.crossOriginIsolated === true,
    hardwareConcurrency: g.navigator?.hardwareConcurrency ?? 1,
  });
  if (applied) return;
  applied = true;
  ort.env.wasm.numThreads = threads;
  if (settings.wasmPaths !== undefined) ort.env.wasm.wasmPaths = settings.wasmPaths;
}

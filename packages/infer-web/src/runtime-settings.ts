import { ImdbRnnError, InputError } from '@imdb-rnn/core';
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

/**
 * A runtime setting that differs from the one already in force (code
 * `RUNTIME_CONFIGURED`). ORT reads its settings once, when its wasm module starts, so
 * a later value could only be ignored; this says so instead.
 */
export class RuntimeConfigError extends ImdbRnnError {
  constructor(message: string) {
    super('RUNTIME_CONFIGURED', message);
    // A literal: minifiers rename classes, and callers match on the name.
    this.name = 'RuntimeConfigError';
  }
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

interface InForce {
  numThreads: number;
  wasmPaths: WasmPaths | undefined;
}

let inForce: InForce | undefined;

function pageEnvironment(): Environment {
  const g = globalThis as {
    crossOriginIsolated?: boolean;
    navigator?: { hardwareConcurrency?: number };
  };
  return {
    crossOriginIsolated: g.crossOriginIsolated === true,
    hardwareConcurrency: g.navigator?.hardwareConcurrency ?? 1,
  };
}

const sameWasmPaths = (a: WasmPaths | undefined, b: WasmPaths | undefined) =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * Sets ONNX Runtime Web's settings for the page, once, before the first model loads
 * (`loadClassifier` applies its own `wasmPaths`/`numThreads` through this, and the
 * defaults when it has none). Calling it again with the same values is harmless; a
 * different value throws RuntimeConfigError, since ORT would silently keep the first.
 */
export function configureRuntime(settings: RuntimeSettings = {}): void {
  const wanted: InForce = {
    numThreads: resolveThreads(settings.numThreads, pageEnvironment()),
    wasmPaths: settings.wasmPaths,
  };
  if (inForce === undefined) {
    inForce = wanted;
    ort.env.wasm.numThreads = wanted.numThreads;
    if (wanted.wasmPaths !== undefined) ort.env.wasm.wasmPaths = wanted.wasmPaths;
    return;
  }
  const conflicts: string[] = [];
  if (settings.numThreads !== undefined && wanted.numThreads !== inForce.numThreads) {
    conflicts.push(`numThreads ${wanted.numThreads} (in force: ${inForce.numThreads})`);
  }
  if (settings.wasmPaths !== undefined && !sameWasmPaths(wanted.wasmPaths, inForce.wasmPaths)) {
    conflicts.push(
      `wasmPaths ${JSON.stringify(wanted.wasmPaths)} (in force: ${JSON.stringify(inForce.wasmPaths) ?? 'the default'})`,
    );
  }
  if (conflicts.length > 0) {
    throw new RuntimeConfigError(
      `the ONNX Runtime settings are already set for this page and cannot change: ${conflicts.join(', ')}. Call configureRuntime once, before the first loadClassifier`,
    );
  }
}

/** The settings in force, or undefined before the first configureRuntime/loadClassifier. */
export function runtimeSettings(): Readonly<InForce> | undefined {
  return inForce;
}

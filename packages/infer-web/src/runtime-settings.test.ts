import * as ort from 'onnxruntime-web/wasm';
import { describe, expect, it } from 'vitest';
import {
  configureRuntime,
  RuntimeConfigError,
  resolveThreads,
  runtimeSettings,
} from './runtime-settings.js';

const isolated = { crossOriginIsolated: true, hardwareConcurrency: 8 };
const plain = { crossOriginIsolated: false, hardwareConcurrency: 8 };

describe('resolveThreads', () => {
  it('uses 1 thread by default, isolated or not', () => {
    expect(resolveThreads(undefined, isolated)).toBe(1);
    expect(resolveThreads(undefined, plain)).toBe(1);
  });

  it('gives more threads only to a cross-origin isolated page', () => {
    expect(resolveThreads(3, isolated)).toBe(3);
    expect(resolveThreads(3, plain)).toBe(1);
    expect(resolveThreads('auto', isolated)).toBe(4);
    expect(resolveThreads('auto', { crossOriginIsolated: true, hardwareConcurrency: 2 })).toBe(2);
    expect(resolveThreads('auto', plain)).toBe(1);
  });

  it('rejects a thread count that is not a positive integer', () => {
    expect(() => resolveThreads(0, isolated)).toThrow('options.numThreads');
    expect(() => resolveThreads(1.5, isolated)).toThrow('expected a positive integer or "auto"');
  });
});

// One module instance per test file: these steps run in order on the same page state.
describe('configureRuntime', () => {
  it('sets ORT env once, and accepts the same values again', () => {
    expect(runtimeSettings()).toBeUndefined();
    configureRuntime({ wasmPaths: '/ort/', numThreads: 1 });
    expect(ort.env.wasm.wasmPaths).toBe('/ort/');
    expect(ort.env.wasm.numThreads).toBe(1);
    expect(() => configureRuntime({ wasmPaths: '/ort/' })).not.toThrow();
    expect(() => configureRuntime({})).not.toThrow(); // a loadClassifier without settings
  });

  it('refuses a different later value with RuntimeConfigError instead of dropping it', () => {
    expect(() => configureRuntime({ wasmPaths: '/cdn/ort/' })).toThrow(RuntimeConfigError);
    expect(() => configureRuntime({ wasmPaths: '/cdn/ort/' })).toThrow(
      'wasmPaths "/cdn/ort/" (in force: "/ort/")',
    );
    expect(ort.env.wasm.wasmPaths).toBe('/ort/');
    const error = (() => {
      try {
        configureRuntime({ wasmPaths: { wasm: '/x.wasm' } });
      } catch (caught) {
        return caught as RuntimeConfigError;
      }
    })();
    expect(error?.code).toBe('RUNTIME_CONFIGURED');
    expect(error?.name).toBe('RuntimeConfigError');
  });

  it('compares threads as ORT would use them (1 on a page that is not cross-origin isolated)', () => {
    // Node is not cross-origin isolated: 4 threads resolve to the 1 in force.
    expect(() => configureRuntime({ numThreads: 4 })).not.toThrow();
    expect(() => configureRuntime({ numThreads: 0 })).toThrow('options.numThreads');
  });
});

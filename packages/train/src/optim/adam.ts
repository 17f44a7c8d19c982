// Adam's arithmetic, exactly as PyTorch 1.13's single-tensor torch.optim.Adam
// does it, in two engines that FusedAdam picks between: a scalar JavaScript
// loop over typed arrays (adamUpdate, JsMoments) and the f32x4 WebAssembly
// kernel of wasm/adam.wat (WasmAdam), which keeps the moments in its memory.

import { splitRange } from '../kernels/threads/threaded-recurrent';
import { type KernelMemory, kernelBuffer, kernelMemoryOf } from '../kernels/wasm/kernel-memory';
import {
  embeddedModule,
  ensureBytes,
  instantiate,
  trySharedMemory,
  type WasmMemory,
  type WasmModule,
} from '../kernels/wasm/wasm-api';
import { ADAM_WASM_BASE64 } from './wasm/adam-wasm-bytes';

/** Adam's hyperparameters, with PyTorch's `torch.optim.Adam` defaults. */
export interface AdamHyperparameters {
  /** Step size (PyTorch `lr`). */
  learningRate: number;
  /** Decay rate of the first-moment (mean) estimate. */
  beta1: number;
  /** Decay rate of the second-moment (uncentred variance) estimate. */
  beta2: number;
  /** Added to the bias-corrected sqrt of the second moment, as PyTorch does. */
  epsilon: number;
  /** L2 penalty added to the gradient (PyTorch `weight_decay`, not AdamW's decoupled decay). */
  weightDecay: number;
}

export const ADAM_DEFAULTS: Readonly<AdamHyperparameters> = Object.freeze({
  learningRate: 1e-3,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  weightDecay: 0,
});

/**
 * One Adam step over flat float32 buffers, in one pass, with exactly the
 * arithmetic of PyTorch 1.13's single-tensor `torch.optim.Adam`:
 *
 *   g = grad + weightDecay * param
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g * g
 *   param -= (lr / (1 - beta1^step)) * m / (sqrt(v) / sqrt(1 - beta2^step) + eps)
 *
 * `m` and `v` are updated in place. `out` receives the new parameters and may
 * be `param` itself. `step` counts from 1 (the first update is step 1).
 */
export function adamUpdate(
  param: Float32Array,
  grad: Float32Array,
  m: Float32Array,
  v: Float32Array,
  out: Float32Array,
  step: number,
  h: AdamHyperparameters,
): void {
  const n = param.length;
  const { beta1, beta2, epsilon, weightDecay } = h;
  const oneMinusBeta1 = 1 - beta1;
  const oneMinusBeta2 = 1 - beta2;
  const stepSize = h.learningRate / (1 - beta1 ** step);
  // PyTorch divides sqrt(v) by sqrt(bias correction) *before* adding eps; folding
  // the correction into the step size instead (the Adam paper's form) changes
  // where eps acts and drifts from the reference.
  const sqrtCorrection2 = Math.sqrt(1 - beta2 ** step);
  for (let i = 0; i < n; i++) {
    const p = param[i]!;
    const g = weightDecay === 0 ? grad[i]! : grad[i]! + weightDecay * p;
    const mi = beta1 * m[i]! + oneMinusBeta1 * g;
    const vi = beta2 * v[i]! + oneMinusBeta2 * g * g;
    m[i] = mi;
    v[i] = vi;
    out[i] = p - (stepSize * mi) / (Math.sqrt(vi) / sqrtCorrection2 + epsilon);
  }
}

/**
 * One variable's Adam moments (PyTorch's `exp_avg`, `exp_avg_sq`) and the
 * code that applies a step with them. Two homes: plain typed arrays
 * (`JsMoments`, the fallback) and slots in the WebAssembly kernel's memory
 * (`WasmMoments` below), so FusedAdam does not care where they live.
 */
/**
 * One Adam step: updates the moments from `grad` and writes the new parameters
 * to `out` (which may be `param`). `step` counts from 1.
 */
export type AdamStep = (
  param: Float32Array,
  grad: Float32Array,
  out: Float32Array,
  step: number,
  h: AdamHyperparameters,
  hints?: AdamStepHints,
) => void;

/**
 * What the caller knows about one step's arrays, so that the WebAssembly
 * engine can skip a copy. Hints never change the result: a wrong one would,
 * so give only what is guaranteed.
 */
export interface AdamStepHints {
  /**
   * `param` is the very array the previous update of these moments wrote to
   * (its `out`), and nothing has written to it since: the kernel's memory
   * still holds the same parameters, so they need not be copied in again.
   */
  paramUnchanged?: boolean;
}

export interface AdamMoments {
  /** Elements in each moment (the variable's size). */
  readonly size: number;
  update: AdamStep;
  /** Copies of the first and second moments (safe to keep while training goes on). */
  read(): { m: Float32Array; v: Float32Array };
  /**
   * Where these moments' engine keeps the parameters, if it can keep them
   * there between steps: an update whose `param` and `out` are this array
   * copies nothing in or out. Undefined for the JavaScript engine.
   */
  resident?(): Float32Array;
  /**
   * Leaves the array resident() returned to whoever still holds it (it never
   * changes again) and keeps the parameters in a new one from now on.
   * Returns false when the memory cannot grow for it.
   */
  release?(): boolean;
}

/** Moments in JavaScript typed arrays, updated by `adamUpdate`'s scalar loop. */
export class JsMoments implements AdamMoments {
  readonly size: number;
  private readonly m: Float32Array;
  private readonly v: Float32Array;

  /** Zero moments, or copies of saved ones (both of length `size`). */
  constructor(size: number, saved?: { m: ArrayLike<number>; v: ArrayLike<number> }) {
    this.size = size;
    this.m = saved === undefined ? new Float32Array(size) : Float32Array.from(saved.m);
    this.v = saved === undefined ? new Float32Array(size) : Float32Array.from(saved.v);
  }

  readonly update: AdamStep = (param, grad, out, step, h) => {
    adamUpdate(param, grad, this.m, this.v, out, step, h);
  };

  read(): { m: Float32Array; v: Float32Array } {
    return { m: this.m.slice(), v: this.v.slice() };
  }
}

// --- The WebAssembly SIMD engine ---------------------------------------------

/** adam(bytes, p, g, m, v, beta1, 1-beta1, beta2, 1-beta2, stepSize, sqrtCorrection2, eps, wd): see wasm/adam.wat. */
type AdamKernel = (
  bytes: number,
  p: number,
  g: number,
  m: number,
  v: number,
  beta1: number,
  oneMinusBeta1: number,
  beta2: number,
  oneMinusBeta2: number,
  stepSize: number,
  sqrtCorrection2: number,
  epsilon: number,
  weightDecay: number,
) => void;

const VECTOR_FLOATS = 4;
/** adam.wat's memory maximum (1 GiB): a variable's slot takes 16 bytes per element. */
const MAX_PAGES = 16_384;

const compiledModule = embeddedModule('adam.wat', ADAM_WASM_BASE64);

/**
 * Threads that run adam.wat over slices of a WasmAdam's shared memory
 * (KernelThreadPool, kernels/threads/thread-pool.ts, is one). Adam is
 * element-wise, so a slice's elements come out the same bits whichever thread
 * computes them.
 */
export interface AdamThreads {
  /** Threads a step is split across. */
  readonly size: number;
  /**
   * Runs `calls[i]` on thread i with adam.wat's `module` instantiated over
   * `memory` (once per `key`), after copying `calls[i].copy` into the memory
   * when given, and returns when all have finished.
   */
  runAdam(kernel: SharedAdamKernel, calls: readonly AdamCall[]): void;
}

/** adam.wat, the shared memory it runs over, and a key naming that pair for the threads' caches. */
export interface SharedAdamKernel {
  readonly module: WasmModule;
  readonly memory: WasmMemory;
  readonly key: number;
}

/** One thread's slice of a step: the kernel's arguments, and the gradient slice it first copies in. */
export interface AdamCall {
  args: number[];
  /** Copied into the memory at float32 offset `at` before the kernel runs. */
  copy?: { from: Float32Array; at: number };
}

/**
 * Variables smaller than this (floats) run on the calling thread: waking the
 * threads (tens of microseconds) would cost more than the step. The reference
 * embedding (2M floats) takes ~5 ms per step on one thread.
 */
const THREADED_MIN_FLOATS = 1 << 16;
let nextKernelKey = 1;

/** Why adam.wat cannot run here; undefined where it can. */
export function wasmAdamUnavailable(): string | undefined {
  return compiledModule().reason;
}

/**
 * The f32x4 Adam kernel of wasm/adam.wat over one growable shared memory in
 * which each variable gets a slot: [param | grad | m | v], each padded to
 * whole vectors. The moments stay in the slot across steps; the gradient is
 * copied in, and the parameters are copied in and out unless the caller
 * keeps them in the slot (`resident()`, which FusedAdam's in-place mode hands
 * to tfjs as the variable's storage: a shared memory never detaches its
 * views when it grows). Slots are never freed: drop the whole instance
 * (FusedAdam does on dispose and setWeights) to release the memory.
 *
 * Figures from before the parameters stayed resident:
 * bench/adam.bench.ts, one step on the 20,002 x 100
 * embedding, tfjs cpu backend, shared 2-core machine, medians of 30 steps,
 * two runs: scalar js loop 11.9-12.1 ms (assign) / 7.7-7.8 (in place); this
 * kernel with its copies 2.5 / 1.9-2.0 (4.8x / 3.9-4.0x); tf.train.adam
 * 252 ms. Whole training step (bench/train-step.bench.ts, in-place, with the
 * recycled embedding arrays, two alternating runs): rnn 36 -> 22 ms, gru
 * 49-58 -> 32, lstm 49-89 -> 37-42, bilstm 72 -> 60. Against PyTorch 1.13
 * (200k parameters, 40 steps, no weight decay) 97.7% of parameters come out
 * bit-identical (js loop: 94.5%), the rest within 1 ulp.
 */
export class WasmAdam implements KernelMemory {
  readonly memory: WasmMemory;
  private readonly kernel: AdamKernel;
  private readonly shared: SharedAdamKernel;
  private view: Float32Array;
  /** First free float32 index. */
  private top = 0;
  /** Threads that share large steps (see AdamThreads); none by default. */
  threads: AdamThreads | undefined;

  private constructor(memory: WasmMemory, kernel: AdamKernel, module: WasmModule) {
    this.memory = memory;
    this.kernel = kernel;
    this.shared = { module, memory, key: nextKernelKey++ };
    this.view = new Float32Array(kernelBuffer(this));
  }

  /** Compiles the module; undefined where WebAssembly, its SIMD extension or shared memory is missing. */
  static create(): WasmAdam | undefined {
    const { module } = compiledModule();
    const memory = module === undefined ? undefined : trySharedMemory(1, MAX_PAGES);
    if (module === undefined || memory === undefined) return undefined;
    const { exports } = instantiate(module, { env: { memory } });
    return new WasmAdam(memory, exports.adam as AdamKernel, module);
  }

  /**
   * Moments for a variable of `size` elements (zero, or copies of `saved`),
   * or undefined if the memory cannot grow that far (the caller then keeps
   * this variable on the JavaScript path).
   */
  allocate(
    size: number,
    saved?: { m: ArrayLike<number>; v: ArrayLike<number> },
  ): AdamMoments | undefined {
    const padded = Math.ceil(size / VECTOR_FLOATS) * VECTOR_FLOATS;
    const base = this.reserve(4 * padded);
    if (base === undefined) return undefined;
    const moments = new WasmMoments(this, size, padded, base);
    if (saved !== undefined) moments.write(saved.m, saved.v);
    return moments;
  }

  /** Names this memory in the kernel threads' caches (KernelMemory). */
  get key(): number {
    return this.shared.key;
  }

  /**
   * `floats` more float32s of memory (never freed), in whole vectors so every
   * slot stays 16-byte aligned; their offset, or undefined past the limit.
   * Other kernels that must see the parameters take room here too (KernelMemory).
   */
  reserve(floats: number): number | undefined {
    const base = this.top;
    const taken = Math.ceil(floats / VECTOR_FLOATS) * VECTOR_FLOATS;
    try {
      ensureBytes(this.memory, (base + taken) * 4);
    } catch {
      // RangeError from memory.grow: past the engine's or MAX_PAGES's limit.
      return undefined;
    }
    this.top = base + taken;
    return base;
  }

  /** The memory as float32s; refreshed after growth (a view of the old buffer keeps its old length). */
  heap(): Float32Array {
    const buffer = kernelBuffer(this);
    if (this.view.byteLength !== buffer.byteLength) this.view = new Float32Array(buffer);
    return this.view;
  }

  /**
   * One step over a slot's `padded` floats. `gradFrom`, when given, is copied
   * to `grad` first (the copy is split with the step when threads share it),
   * unless it lies in this memory with room for the padding: the kernel then
   * reads it where it is (it never writes a gradient), as it does the
   * embedding's, which its scatter-add writes beside the table (8 MB a
   * reference step not copied).
   */
  run(
    padded: number,
    param: number,
    grad: number,
    m: number,
    v: number,
    step: number,
    h: AdamHyperparameters,
    gradFrom?: Float32Array,
  ): void {
    // The same scalars as adamUpdate, computed in float64 and rounded once to
    // float32 on the way in, as PyTorch's Python-side step_size and
    // bias_correction2_sqrt are when they meet a float32 tensor.
    const scalars = [
      h.beta1,
      1 - h.beta1,
      h.beta2,
      1 - h.beta2,
      h.learningRate / (1 - h.beta1 ** step),
      Math.sqrt(1 - h.beta2 ** step),
      h.epsilon,
      h.weightDecay,
    ] as const;
    if (gradFrom !== undefined && gradFrom.length >= padded && kernelMemoryOf(gradFrom) === this) {
      grad = gradFrom.byteOffset / 4;
      gradFrom = undefined;
    }
    const threads = padded < THREADED_MIN_FLOATS ? undefined : this.threads;
    // Threads copy their own slices of the gradient when they can see it
    // (shared memory, as the embedding's is on kernel threads); otherwise it
    // is copied here.
    const threadsCopy = threads !== undefined && gradFrom?.buffer instanceof SharedArrayBuffer;
    if (gradFrom !== undefined && !threadsCopy) this.heap().set(gradFrom, grad);
    if (threads === undefined) {
      this.kernel(padded * 4, param * 4, grad * 4, m * 4, v * 4, ...scalars);
      return;
    }
    // Whole vectors per thread.
    const calls = splitRange(padded, threads.size, VECTOR_FLOATS).map(([from, to]): AdamCall => {
      const offsets = [param, grad, m, v].map((at) => (at + from) * 4);
      const args = [(to - from) * 4, ...offsets, ...scalars];
      const end = threadsCopy ? Math.min(to, gradFrom!.length) : from;
      return end > from
        ? { args, copy: { from: gradFrom!.subarray(from, end), at: grad + from } }
        : { args };
    });
    threads.runAdam(this.shared, calls);
  }
}

/** One variable's slot in a WasmAdam memory (float32 offsets). */
class WasmMoments implements AdamMoments {
  readonly size: number;
  private readonly owner: WasmAdam;
  private readonly padded: number;
  /** Moves when the resident parameters are released (see release). */
  private param: number;
  private readonly grad: number;
  private readonly m: number;
  private readonly v: number;
  /** The `out` of the last update: the parameters the slot still holds. */
  private lastOut: Float32Array | null = null;
  /** The slot's parameters as an array (see resident), made on first request. */
  private residentView: Float32Array | null = null;

  constructor(owner: WasmAdam, size: number, padded: number, base: number) {
    this.owner = owner;
    this.size = size;
    this.padded = padded;
    this.param = base;
    this.grad = base + padded;
    this.m = base + 2 * padded;
    this.v = base + 3 * padded;
  }

  readonly update: AdamStep = (param, grad, out, step, h, hints) => {
    const heap = this.owner.heap();
    const resident = this.residentView;
    const unchanged = hints?.paramUnchanged === true && param === this.lastOut;
    if (param !== resident && !unchanged) heap.set(param, this.param);
    this.owner.run(this.padded, this.param, this.grad, this.m, this.v, step, h, grad);
    if (out !== resident) out.set(heap.subarray(this.param, this.param + this.size));
    this.lastOut = out;
  };

  resident(): Float32Array {
    this.residentView ??= new Float32Array(kernelBuffer(this.owner), this.param * 4, this.size);
    return this.residentView;
  }

  release(): boolean {
    const param = this.owner.reserve(this.padded);
    if (param === undefined) return false;
    const heap = this.owner.heap();
    heap.copyWithin(param, this.param, this.param + this.padded);
    this.param = param;
    this.residentView = null;
    return true;
  }

  read(): { m: Float32Array; v: Float32Array } {
    const heap = this.owner.heap();
    return {
      m: heap.slice(this.m, this.m + this.size),
      v: heap.slice(this.v, this.v + this.size),
    };
  }

  write(m: ArrayLike<number>, v: ArrayLike<number>): void {
    const heap = this.owner.heap();
    heap.set(m, this.m);
    heap.set(v, this.v);
  }
}

import * as tf from '@tensorflow/tfjs';
import { OptimizerError } from '../errors';
import { KERNEL_ENGINES, type KernelEngine, reportJsFallback } from '../kernels/engine';
import { engineKnows } from '../ops/recycled-floats';
import {
  ADAM_DEFAULTS,
  type AdamHyperparameters,
  type AdamMoments,
  type AdamThreads,
  JsMoments,
  WasmAdam,
  wasmAdamUnavailable,
} from './adam';

export interface FusedAdamConfig extends Partial<AdamHyperparameters> {
  /**
   * Write updated parameters straight into the backend's storage (CPU and wasm
   * backends) instead of `variable.assign(tf.tensor(...))`. Off by default:
   * on the CPU backend, a Float32Array obtained earlier from
   * `variable.dataSync()` is the live storage and changes after the next step.
   */
  inPlace?: boolean;
  /**
   * Where the update runs. 'wasm': the WebAssembly SIMD kernel
   * (wasm/adam.wat), with the moments kept in its memory; 'js': a scalar
   * typed-array loop (adamUpdate); 'auto' (default): wasm where the runtime
   * has WebAssembly SIMD, else js. Both follow torch.optim.Adam; wasm rounds
   * every intermediate to float32 as PyTorch does, js keeps them in float64.
   */
  engine?: AdamEngine;
  /**
   * Threads that share the wasm engine's steps over large variables (the
   * kernel threads, KernelThreadPool). The parameters come out the same bits
   * (Adam is element-wise); the step of the reference embedding takes about
   * half the time on two threads. Not serialized with the config.
   */
  threads?: AdamThreads;
  /**
   * A factor on `learningRate` for the variables named here (tfjs variable
   * names); the rest step at `learningRate` itself. The trainer uses it to move
   * the pretrained embedding more slowly than the layers trained from scratch
   * (TrainConfig.embeddingLearningRateScale). Each factor is finite and >= 0.
   */
  learningRateScales?: Readonly<Record<string, number>>;
}

export type AdamEngine = KernelEngine;

/** Per-variable Adam state, as PyTorch keeps it (`exp_avg`, `exp_avg_sq`, `step`). */
interface MomentState {
  moments: AdamMoments;
  step: number;
  /**
   * The array the last update wrote the parameters to. The variable's
   * storage is that same array until something else assigns it (tfjs ops
   * never write into a tensor's storage), so finding it there again means
   * the parameters are the ones the moments' engine last produced.
   */
  written?: Float32Array;
  /** dataId of the tensor built on the moments' resident parameters, while one may hold them. */
  residentOwner?: object;
}

/** tfjs's `{ name, tensor }` pair (not re-exported by @tensorflow/tfjs). */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

const MOMENT_SUFFIXES = ['/m', '/v', '/step'] as const;

/**
 * Adam with exactly `torch.optim.Adam`'s update, done in one pass per variable
 * instead of ~10 tfjs ops (issue 3: 361 ms -> ~13 ms per step on the
 * 20,002x100 embedding with the scalar loop; the WebAssembly SIMD kernel is
 * faster again, see WasmAdam in adam.ts for figures). It is a `tf.Optimizer` (the class behind `tf.train.*`), so `minimize`,
 * `computeGradients` and serialization work as for the built-in optimizers.
 *
 * Differences from `tf.train.adam`, all on purpose: epsilon defaults to 1e-8
 * (PyTorch) rather than the backend epsilon, it supports PyTorch's L2
 * `weightDecay`, the step count is per variable (as PyTorch: a variable that
 * got no gradient does not advance), and moments are keyed by variable name,
 * not by position in the gradient list.
 */
export class FusedAdam extends tf.Optimizer {
  static className = 'FusedAdam';

  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
  readonly inPlace: boolean;
  readonly engine: AdamEngine;
  private readonly threads: AdamThreads | undefined;
  private readonly learningRateScales: Readonly<Record<string, number>>;
  private state = new Map<string, MomentState>();
  /** The wasm kernel and the memory holding the moments; null until first needed. */
  private wasm: WasmAdam | undefined | null = null;
  // Parameter arrays this optimizer allocated; only these may be written in place.
  private owned = new WeakSet<Float32Array>();

  constructor(config: FusedAdamConfig = {}) {
    super();
    const h = { ...ADAM_DEFAULTS, ...definedOnly(config) };
    checkHyperparameters(h);
    this.learningRate = h.learningRate;
    this.beta1 = h.beta1;
    this.beta2 = h.beta2;
    this.epsilon = h.epsilon;
    this.weightDecay = h.weightDecay;
    this.inPlace = config.inPlace ?? false;
    this.engine = config.engine ?? 'auto';
    this.threads = config.threads;
    this.learningRateScales = { ...config.learningRateScales };
    for (const [name, scale] of Object.entries(this.learningRateScales)) {
      if (!(Number.isFinite(scale) && scale >= 0)) {
        throw new OptimizerError(
          'OPTIMIZER_BAD_CONFIG',
          `FusedAdam: learningRateScales["${name}"] must be a finite number >= 0, got ${scale}`,
        );
      }
    }
    const threads = this.threads as Partial<AdamThreads> | undefined;
    if (
      threads !== undefined &&
      !(
        typeof threads.runAdam === 'function' &&
        Number.isInteger(threads.size) &&
        threads.size! >= 1
      )
    ) {
      throw new OptimizerError(
        'OPTIMIZER_BAD_CONFIG',
        'FusedAdam: threads must be an AdamThreads (a size >= 1 and runAdam), e.g. model.kernelThreads()',
      );
    }
    if (!KERNEL_ENGINES.includes(this.engine)) {
      throw new OptimizerError(
        'OPTIMIZER_BAD_CONFIG',
        `FusedAdam: engine must be 'auto', 'wasm' or 'js', got ${String(this.engine)}`,
      );
    }
    if (this.engine === 'wasm') this.wasmKernel();
  }

  /**
   * The wasm kernel, created on first use; undefined on the js engine or
   * (for 'auto') where WebAssembly SIMD is missing. An explicit 'wasm' that
   * cannot be honoured is an error, not a silent slowdown.
   */
  private wasmKernel(): WasmAdam | undefined {
    if (this.engine === 'js') return undefined;
    if (this.wasm === null) {
      this.wasm = WasmAdam.create();
      if (this.wasm !== undefined) this.wasm.threads = this.threads;
      const why = wasmAdamUnavailable();
      if (why !== undefined && this.engine === 'wasm') {
        throw new OptimizerError(
          'OPTIMIZER_WASM_UNAVAILABLE',
          `FusedAdam: engine 'wasm' was requested but ${why}`,
        );
      }
      if (why !== undefined) reportJsFallback(`FusedAdam: ${why}`);
    }
    return this.wasm;
  }

  /** Moments for `size` elements (zero, or copies of `saved`), in wasm memory when possible. */
  private newMoments(
    size: number,
    saved?: { m: ArrayLike<number>; v: ArrayLike<number> },
  ): AdamMoments {
    const kernel = this.wasmKernel();
    const moments = kernel?.allocate(size, saved);
    if (moments !== undefined) return moments;
    if (kernel !== undefined) {
      reportJsFallback(
        'FusedAdam: moments past the WebAssembly memory limit (1 GiB) stay in JavaScript',
      );
    }
    return new JsMoments(size, saved);
  }

  private hyperparameters(): AdamHyperparameters {
    const { learningRate, beta1, beta2, epsilon, weightDecay } = this;
    return { learningRate, beta1, beta2, epsilon, weightDecay };
  }

  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const entries: [string, tf.Tensor | undefined][] = Array.isArray(variableGradients)
      ? variableGradients.map((g) => [g.name, g.tensor])
      : Object.entries(variableGradients);
    const h = this.hyperparameters();
    for (const [name, gradient] of entries) {
      // Like PyTorch (p.grad is None) and tfjs: no gradient, no update.
      if (gradient == null) continue;
      const variable = tf.engine().registeredVariables[name];
      if (variable === undefined) {
        throw new OptimizerError(
          'OPTIMIZER_UNKNOWN_VARIABLE',
          `FusedAdam: no variable named "${name}"`,
        );
      }
      checkGradient(name, variable, gradient);
      const state = this.stateFor(name, variable.size);
      state.step += 1;
      const scale = this.learningRateScales[name];
      const hv = scale === undefined ? h : { ...h, learningRate: h.learningRate * scale };
      const grad = gradient.dataSync() as Float32Array;
      const live = this.inPlace ? writableBuffer(variable, this.owned) : null;
      if (live !== null) {
        const paramUnchanged = live === state.written;
        state.moments.update(live, grad, live, state.step, hv, { paramUnchanged });
        state.written = live;
        continue;
      }
      const param = variable.dataSync() as Float32Array;
      const next = this.inPlace ? this.residentParams(state) : new Float32Array(param.length);
      const paramUnchanged = param === state.written;
      state.moments.update(param, grad, next, state.step, hv, { paramUnchanged });
      state.written = next;
      this.owned.add(next);
      const value = tf.tensor(next, variable.shape, 'float32');
      if (next === state.moments.resident?.()) state.residentOwner = value.dataId as object;
      variable.assign(value);
      value.dispose();
    }
    this.incrementIterations();
  }

  /**
   * The array the next parameters go to on the assign path of in-place mode:
   * the moments' resident parameters (the update then copies nothing out,
   * and later in-place updates nothing in). A tensor that still holds the
   * current ones (e.g. a clone of the variable from before an outside
   * assign) must never see them change, so they are left to it and the
   * kernel keeps the parameters in a new array from then on.
   */
  private residentParams(state: MomentState): Float32Array {
    const { moments } = state;
    if (moments.resident === undefined) return new Float32Array(moments.size);
    if (state.residentOwner !== undefined && engineKnows(state.residentOwner)) {
      // Its holders keep the array as it is; the kernel moves on to a new one.
      if (moments.release?.() !== true) {
        throw new OptimizerError(
          'OPTIMIZER_OUT_OF_MEMORY',
          `FusedAdam: no room in the kernel's memory (1 GiB) for another copy of ${moments.size} parameters`,
        );
      }
      state.residentOwner = undefined;
    }
    return moments.resident();
  }

  private stateFor(name: string, size: number): MomentState {
    let state = this.state.get(name);
    if (state === undefined) {
      state = { moments: this.newMoments(size), step: 0 };
      this.state.set(name, state);
    } else if (state.moments.size !== size) {
      throw new OptimizerError(
        'OPTIMIZER_STATE_MISMATCH',
        `FusedAdam: variable "${name}" has ${size} elements but its saved moments have ${state.moments.size}`,
      );
    }
    return state;
  }

  /**
   * `[iter, <name>/m..., <name>/v..., <name>/step...]` as new tensors (the
   * caller owns and disposes them). The moments are copies, so the result stays
   * valid while training continues.
   */
  override async getWeights(): Promise<NamedTensor[]> {
    const names = [...this.state.keys()];
    const copies = names.map((name) => this.state.get(name)!.moments.read());
    const weights: NamedTensor[] = [await this.saveIterations()];
    names.forEach((name, i) => {
      weights.push({ name: `${name}/m`, tensor: tf.tensor1d(copies[i]!.m, 'float32') });
    });
    names.forEach((name, i) => {
      weights.push({ name: `${name}/v`, tensor: tf.tensor1d(copies[i]!.v, 'float32') });
    });
    for (const name of names) {
      const s = this.state.get(name)!;
      weights.push({ name: `${name}/step`, tensor: tf.scalar(s.step, 'int32') });
    }
    return weights;
  }

  /** Restores what `getWeights` returned, replacing all moment state. */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    if (weightValues[0]?.name !== 'iter') {
      throw new OptimizerError(
        'OPTIMIZER_BAD_WEIGHTS',
        'FusedAdam.setWeights: the first weight must be the iteration count "iter"',
      );
    }
    const rest = await this.extractIterations(weightValues);
    const parts = new Map<string, Partial<Record<(typeof MOMENT_SUFFIXES)[number], tf.Tensor>>>();
    for (const { name, tensor } of rest) {
      const suffix = MOMENT_SUFFIXES.find((s) => name.endsWith(s));
      if (suffix === undefined) {
        throw new OptimizerError(
          'OPTIMIZER_BAD_WEIGHTS',
          `FusedAdam.setWeights: weight "${name}" does not end in /m, /v or /step`,
        );
      }
      const variableName = name.slice(0, -suffix.length);
      const entry = parts.get(variableName) ?? {};
      entry[suffix] = tensor;
      parts.set(variableName, entry);
    }
    const state = new Map<string, MomentState>();
    // A fresh kernel memory: the old moments' slots are released with it.
    this.wasm = null;
    for (const [name, entry] of parts) {
      const m = entry['/m'];
      const v = entry['/v'];
      if (m === undefined || v === undefined || m.size !== v.size) {
        throw new OptimizerError(
          'OPTIMIZER_BAD_WEIGHTS',
          `FusedAdam.setWeights: variable "${name}" needs both /m and /v of the same size`,
        );
      }
      // Older saves without per-variable steps: every variable stepped each iteration.
      const step = entry['/step'] === undefined ? this.iterations : entry['/step'].dataSync()[0]!;
      state.set(name, {
        moments: this.newMoments(m.size, { m: m.dataSync(), v: v.dataSync() }),
        step,
      });
    }
    this.state = state;
  }

  override dispose(): void {
    this.state.clear();
    this.wasm = null;
  }

  getConfig(): tf.serialization.ConfigDict {
    return {
      ...this.hyperparameters(),
      inPlace: this.inPlace,
      engine: this.engine,
      learningRateScales: { ...this.learningRateScales },
    };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config);
  }
}

tf.serialization.registerClass(FusedAdam);

function definedOnly(config: FusedAdamConfig): Partial<AdamHyperparameters> {
  const out: Partial<AdamHyperparameters> = {};
  for (const key of Object.keys(ADAM_DEFAULTS) as (keyof AdamHyperparameters)[]) {
    const value = config[key];
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}

function checkHyperparameters(h: AdamHyperparameters): void {
  const bad = (field: string, why: string): never => {
    throw new OptimizerError('OPTIMIZER_BAD_CONFIG', `FusedAdam: ${field} ${why}`);
  };
  if (!(Number.isFinite(h.learningRate) && h.learningRate >= 0)) {
    bad('learningRate', `must be a finite number >= 0, got ${h.learningRate}`);
  }
  if (!(h.beta1 >= 0 && h.beta1 < 1)) bad('beta1', `must be in [0, 1), got ${h.beta1}`);
  if (!(h.beta2 >= 0 && h.beta2 < 1)) bad('beta2', `must be in [0, 1), got ${h.beta2}`);
  if (!(h.epsilon >= 0)) bad('epsilon', `must be >= 0, got ${h.epsilon}`);
  if (!(h.weightDecay >= 0)) bad('weightDecay', `must be >= 0, got ${h.weightDecay}`);
}

function checkGradient(name: string, variable: tf.Variable, gradient: tf.Tensor): void {
  if (gradient.dtype !== 'float32' || variable.dtype !== 'float32') {
    throw new OptimizerError(
      'OPTIMIZER_BAD_GRADIENT',
      `FusedAdam: variable "${name}" and its gradient must be float32, got ${variable.dtype} and ${gradient.dtype}`,
    );
  }
  if (gradient.size !== variable.size) {
    throw new OptimizerError(
      'OPTIMIZER_BAD_GRADIENT',
      `FusedAdam: gradient for "${name}" has shape [${gradient.shape}] but the variable has [${variable.shape}]`,
    );
  }
}

// --- Writing parameters in place ---------------------------------------------

// The two backend shapes we know how to write into. Both are internal to tfjs
// 4.x (checked against 4.22), so they are probed structurally and anything
// unexpected falls back to the ordinary `variable.assign` path.
interface CpuLikeBackend {
  refCount(dataId: object): number;
  data: { has(dataId: object): boolean; get(dataId: object): { values?: unknown } };
}
interface WasmLikeBackend {
  refCount(dataId: object): number;
  typedArrayFromHeap(info: { shape: number[]; dtype: string; dataId: object }): unknown;
}
interface EngineWithState {
  state: { tensorInfo: { get(dataId: object): { backend: unknown } | undefined } };
}

/**
 * The live float32 storage behind `variable`, or null when writing into it
 * would be unsafe or is not supported. Writing in place is only safe when no
 * other tensor shares the storage (refCount 1: no clone, reshape or earlier
 * assign aliases it) and, on the CPU backend, when the array is one the caller
 * allocated (`owned`): `tf.tensor(array)` does not copy, so otherwise we would
 * overwrite an array the user still holds.
 */
export function writableBuffer(
  variable: tf.Variable,
  owned: WeakSet<Float32Array>,
): Float32Array | null {
  if (variable.dtype !== 'float32') return null;
  const dataId = variable.dataId as object;
  const info = (tf.engine() as unknown as EngineWithState).state.tensorInfo.get(dataId);
  const backend = info?.backend as Partial<CpuLikeBackend & WasmLikeBackend> | undefined;
  if (backend === undefined || typeof backend.refCount !== 'function') return null;
  if (backend.refCount(dataId) !== 1) return null;
  if (backend.data !== undefined && typeof backend.data.has === 'function') {
    if (!backend.data.has(dataId)) return null;
    const values = backend.data.get(dataId).values;
    return values instanceof Float32Array && owned.has(values) ? values : null;
  }
  if (typeof backend.typedArrayFromHeap === 'function') {
    // wasm: the heap is private to the backend (reads copy out of it), so no
    // user-held array can alias it.
    const view = backend.typedArrayFromHeap({ shape: variable.shape, dtype: 'float32', dataId });
    return view instanceof Float32Array && view.length === variable.size ? view : null;
  }
  return null;
}

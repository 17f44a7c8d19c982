import { type AdamHyperparameters, adamUpdate } from './adam-update';

/**
 * One variable's Adam moments (PyTorch's `exp_avg`, `exp_avg_sq`) and the
 * code that applies a step with them. Two homes: plain typed arrays
 * (`JsMoments`, the fallback) and slots in the WebAssembly kernel's memory
 * (`WasmMoments` in adam-wasm.ts), so FusedAdam does not care where they live.
 */
export interface AdamMoments {
  /** Elements in each moment (the variable's size). */
  readonly size: number;
  /**
   * One Adam step: updates the moments from `grad` and writes the new
   * parameters to `out` (which may be `param`). `step` counts from 1.
   */
  update(
    param: Float32Array,
    grad: Float32Array,
    out: Float32Array,
    step: number,
    h: AdamHyperparameters,
  ): void;
  /** Copies of the first and second moments (safe to keep while training goes on). */
  read(): { m: Float32Array; v: Float32Array };
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

  update(
    param: Float32Array,
    grad: Float32Array,
    out: Float32Array,
    step: number,
    h: AdamHyperparameters,
  ): void {
    adamUpdate(param, grad, this.m, this.v, out, step, h);
  }

  read(): { m: Float32Array; v: Float32Array } {
    return { m: this.m.slice(), v: this.v.slice() };
  }
}

import type { HiddenWeights, RecurrenceCache } from '../recurrence-forward';
import { directions, gateWidth, type RecurrenceShape } from '../shape';
import {
  CELL_CODES,
  callRecurrence,
  expectCurrent,
  type WasmCacheHandle,
  type WasmRecurrence,
} from './recurrence-wasm';

/**
 * recurrenceForward/recurrenceBackward on recurrence.c. The cache stays in the
 * instance's memory: its gates/states/cells arrays are views into it, valid
 * until the instance's next forward pass (which bumps `generation`).
 */
export function recurrenceForwardWasm(
  instance: WasmRecurrence,
  shape: RecurrenceShape,
  xProj: Float32Array,
  lengths: Int32Array,
  weights: readonly HiddenWeights<Float32Array>[],
): { hidden: Float32Array; cache: RecurrenceCache<Float32Array> } {
  const dirs = directions(shape);
  const { hiddenSize: H, time: T, batch: B, cell } = shape;
  const GH = gateWidth(shape);
  instance.generation += 1;
  const layout = instance.layout(cell, H, T, B, dirs, GH);
  const f32 = instance.f32();
  instance.i32().set(lengths, layout.lengths / 4);
  f32.set(xProj, layout.xProj / 4);
  const view = (offset: number, floats: number) => f32.subarray(offset / 4, offset / 4 + floats);
  const rows = T * B;
  for (let d = 0; d < dirs; d++) {
    f32.set(weights[d]!.wHh, layout.wHh[d]! / 4);
    f32.set(weights[d]!.bHh, layout.bHh[d]! / 4);
    callRecurrence(instance.forwardFn, false, CELL_CODES[cell], H, T, B, dirs, d, layout);
  }
  const range = Array.from({ length: dirs }, (_, d) => d);
  const wasm: WasmCacheHandle = { instance, generation: instance.generation, layout };
  const cache: RecurrenceCache<Float32Array> = {
    shape: { ...shape },
    lengths: Int32Array.from(lengths),
    wHh: range.map((d) => view(layout.wHh[d]!, GH * H)),
    gates: range.map((d) => view(layout.gates[d]!, rows * GH)),
    states: range.map((d) => view(layout.states[d]!, rows * H)),
    cells: cell === 'lstm' ? range.map((d) => view(layout.extra[d]!, rows * H)) : [],
    preReset: cell === 'gru' ? range.map((d) => view(layout.extra[d]!, rows * H)) : [],
    wasm,
  };
  return { hidden: f32.slice(layout.hidden / 4, layout.hidden / 4 + B * dirs * H), cache };
}

export function recurrenceBackwardWasm(
  shape: RecurrenceShape,
  handle: WasmCacheHandle,
  dHidden: Float32Array,
  dSequence: Float32Array | undefined,
): { dXProj: Float32Array; dWeights: HiddenWeights<Float32Array>[] } {
  expectCurrent(handle);
  const { instance, layout } = handle;
  const dirs = directions(shape);
  const { hiddenSize: H, time: T, batch: B, cell } = shape;
  const GH = gateWidth(shape);
  const f32 = instance.f32();
  const n = T * B * dirs * GH;
  f32.set(dHidden, layout.dHidden / 4);
  if (dSequence !== undefined) f32.set(dSequence, layout.dSequence / 4);
  const dWeights: HiddenWeights<Float32Array>[] = [];
  for (let d = 0; d < dirs; d++) {
    const cellCode = CELL_CODES[cell];
    const withSequence = dSequence !== undefined;
    callRecurrence(instance.backwardFn, true, cellCode, H, T, B, dirs, d, layout, withSequence);
    dWeights.push({
      wHh: f32.slice(layout.dWHh[d]! / 4, layout.dWHh[d]! / 4 + GH * H),
      bHh: f32.slice(layout.dBHh[d]! / 4, layout.dBHh[d]! / 4 + GH),
    });
  }
  return { dXProj: f32.slice(layout.dXProj / 4, layout.dXProj / 4 + n), dWeights };
}

import type { gatherRowRange, scatterAddRows } from '../../ops/embedding-rows';
import type { poolSequence, poolSequenceBackward } from '../pool-over-time';
import type { callRecurrence, recurrenceLayout } from '../wasm/recurrence-wasm';
import type { dispatchGemm } from '../wasm/wasm-gemm';

/** What a kernel thread needs besides its tasks: see KernelThreadPool. */
export interface KernelThreadOptions {
  gemmModule: unknown;
  gemmMaxPages: number;
  recurrenceModule: unknown;
}

/**
 * The loop of one worker thread. Its source text becomes the worker's script
 * (see thread-pool.ts), so it references nothing outside itself but its
 * parameters (not even `require`, which bundlers rewrite): node's
 * worker_threads module, kernelThread (which runs the tasks) and the helpers
 * kernelThread takes, passed the same way.
 *
 * Protocol (control: Int32Array over a SharedArrayBuffer, 4 slots per
 * thread at 4 * index): [0] task number, written by the main thread; [1]
 * task number done, written here when a task ends (with or without error);
 * [2] 1 once this thread is exiting (set by the pool's bootstrap). A task
 * arrives as a message on `port`, read synchronously after the task number
 * changes; an error goes back on the same port. The main thread runs its own
 * share of the call meanwhile and then blocks in Atomics.wait, so nothing
 * here may need its event loop.
 */
export function kernelWorkerMain(
  threads: typeof import('node:worker_threads'),
  makeThread: typeof kernelThread,
  ...helpers: KernelHelpers
): void {
  const { workerData, receiveMessageOnPort } = threads;
  const port = workerData.port as import('node:worker_threads').MessagePort;
  const control = new Int32Array(workerData.control as SharedArrayBuffer);
  const slot = 4 * (workerData.index as number);
  const run = makeThread(workerData as KernelThreadOptions, ...helpers);
  const spinMs = workerData.spinMs as number;
  let seen = 0;
  for (;;) {
    // Poll for the next task for up to spinMs before sleeping: a training
    // step's next call usually comes within a millisecond, and a wake from
    // Atomics.wait took 0.1-1 ms on the 2-core VMs (mean 0.25 ms from the
    // main thread's post to this thread's first look at the task, over 2,000
    // tasks of a reference RNN epoch; 0.1 ms when polling).
    const until = performance.now() + spinMs;
    while (Atomics.load(control, slot) === seen && performance.now() < until);
    // A wake is not a task: Atomics.wait also returns 'ok' for a notify that
    // announced the task this thread has just finished, when the main thread
    // was descheduled between its store and its notify while this thread took
    // the task without waiting. Only a new task number is a task.
    while (Atomics.load(control, slot) === seen) Atomics.wait(control, slot, seen);
    seen = Atomics.load(control, slot);
    // postMessage queues the message before the task number is stored (under
    // the port's lock, in Node's MessagePort), so it is here by now.
    const task = receiveMessageOnPort(port)?.message as { op?: unknown } | undefined;
    try {
      if (task === undefined) throw new Error(`task ${seen} arrived without its message`);
      // Fault injection for the pool's tests: a thread that dies or stops
      // answering in the middle of a task, as a crashed or stuck one would.
      if (task.op === 'exit') process.exit(1);
      if (task.op === 'hang') for (;;);
      run(task);
    } catch (error) {
      port.postMessage({
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
    Atomics.store(control, slot + 1, seen);
    Atomics.notify(control, slot + 1);
  }
}

/** kernelThread's parameters after its options: the functions it calls, passed in (see kernelWorkerMain). */
export type KernelHelpers = [
  gemm: typeof dispatchGemm,
  layoutPass: typeof recurrenceLayout,
  callPass: typeof callRecurrence,
  gatherRange: typeof gatherRowRange,
  scatterRows: typeof scatterAddRows,
  poolRows: typeof poolSequence,
  poolRowsBackward: typeof poolSequenceBackward,
];

/**
 * One kernel thread's task runner: a worker's (kernelWorkerMain) or the
 * calling thread's own (KernelThreadPool runs share 0 of each call itself).
 * Self-contained for the same reason as kernelWorkerMain: its helpers are
 * wasm-gemm.ts's dispatchGemm, so a thread schedules the matrix products
 * exactly as the main thread does, recurrence-wasm.ts's recurrenceLayout and
 * its calls of recurrence.c's passes, so a thread lays out and calls the
 * kernels as the main thread does, and the embedding's row loops. The
 * returned function runs one task and throws its error.
 *
 * The tasks are the three phases of a recurrent layer split by sequences
 * (see threaded-recurrent.ts for what each computes and why the results are
 * bit for bit the single-thread ones), the embedding's row loops, Adam's
 * slices and calls of a kernel memory's exports.
 */
export function kernelThread(
  options: KernelThreadOptions,
  gemm: typeof dispatchGemm,
  layoutPass: typeof recurrenceLayout,
  callPass: typeof callRecurrence,
  gatherRange: typeof gatherRowRange,
  scatterRows: typeof scatterAddRows,
  poolRows: typeof poolSequence,
  poolRowsBackward: typeof poolSequenceBackward,
): (task: object) => void {
  type Fn = (...args: number[]) => void;
  interface Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
  interface Task {
    op: 'forward' | 'backward' | 'weights' | 'scatter' | 'gather' | 'adam' | 'kernel';
    data: SharedArrayBuffer;
    cell: number;
    H: number;
    I: number;
    T: number;
    B: number;
    dirs: number;
    GH: number;
    /** Sequences [b0, b1) (forward, backward). */
    b0: number;
    b1: number;
    /** Input columns [k0, k1) of dW_ih and bias entries [j0, j1) (weights). */
    k0: number;
    k1: number;
    j0: number;
    j1: number;
    /** Active rows (weights). */
    R: number;
    /** Entries [e0, e1) of dW_hh and [f0, f1) of db_hh, all directions, to sum over the sequences (weights). */
    e0: number;
    e1: number;
    f0: number;
    f1: number;
    /** Copy every step's output to `sequence` (forward). */
    sequence?: boolean;
    /**
     * Forward: pool each sequence's steps into `pooled` and `argmax`;
     * backward: make each sequence's per-step gradient from `dPooled`
     * (kernels/pool-over-time.ts), instead of reading `dSequence`.
     */
    pooled?: boolean;
    /**
     * Forward: x already holds each token's input projection (I = D*G*H
     * floats per row, e.g. rows of a vocabulary's projected table for
     * evaluation), so the rows are copied in and no product is run.
     */
    projected?: boolean;
    /**
     * With projected: x is a projected table ([V, D*G*H], on shared memory)
     * and token (t, b) reads its row ids[t * B + b] from the int32s at at.ids.
     */
    gathered?: boolean;
    /** Add the per-step output gradient at `dSequence` (backward). */
    withSequence?: boolean;
    /** float32 offsets into data. */
    at: Record<string, number>;
    /** x where it lies, when not at at.x (forward, weights). */
    x?: Float32Array;
    /** Where dx goes, when not at at.dx (backward). */
    dx?: Float32Array;
    /**
     * The kernel memory x (and dx) lie in, for products read and written in
     * place there (with the module and memory on this thread's first use of
     * the key); `scratch` is this thread's float32 offset in it.
     */
    gemm?: { key: string; module?: unknown; memory?: Memory };
    scratch?: number;
    /**
     * In place (backward, weights): where dXProj's rows go in the kernel
     * memory, in the order of the active-row list (row n of the list at
     * rowsAt + n * N, n = rank[t * B + b] from the int32s at at.rank), so the
     * weight gradient reads them where they lie.
     */
    rowsAt?: number;
  }
  /** An array named by the task, or the data buffer at `offset`. */
  const placed = (view: Float32Array | undefined, f32: Float32Array, offset: number) =>
    view === undefined ? { array: f32, offset } : { array: view, offset: 0 };
  /** grad[ids[n]] += dy[n] (* keep * scale) for this thread's part of the rows (see threaded-embedding.ts). */
  interface ScatterTask {
    grad: Float32Array;
    dy: Float32Array;
    keep?: Uint8Array;
    scale: number;
    ids: Int32Array;
    rows?: Int32Array;
    count: number;
    E: number;
    padIndex: number;
    block: number;
    part: number;
    parts: number;
  }
  const instantiate = (module: unknown, imports?: object) =>
    new (
      globalThis as unknown as {
        WebAssembly: {
          Instance: new (m: unknown, i?: object) => { exports: Record<string, unknown> };
        };
      }
    ).WebAssembly.Instance(module, imports).exports;

  // gemm.wat imports its memory: this thread's own, and (see GemmSpace) the
  // kernel memory holding the layer's input when the main thread says so.
  const gemmMemory = new (
    globalThis as unknown as {
      WebAssembly: {
        Memory: new (d: { initial: number; maximum: number; shared: boolean }) => Memory;
      };
    }
  ).WebAssembly.Memory({ initial: 1, maximum: options.gemmMaxPages, shared: true });
  /** gemm.wat's exports over a memory: the one- and two-row variants, by width. */
  interface GemmSpace {
    oneRow: Fn[];
    twoRows: Fn[];
    memory: Memory;
  }
  const gemmSpace = (memory: Memory): GemmSpace => {
    const exports = instantiate(options.gemmModule, { env: { memory } });
    const variants = (rows: number): Fn[] => {
      const found: Fn[] = [];
      for (let n = 1; typeof exports[`gemm_r${rows}_v${n}`] === 'function'; n++) {
        found.push(exports[`gemm_r${rows}_v${n}`] as Fn);
      }
      return found;
    };
    return { oneRow: variants(1), twoRows: variants(2), memory };
  };
  const own = gemmSpace(gemmMemory);
  const { oneRow, twoRows } = own;
  const recurrence = instantiate(options.recurrenceModule);
  const recurrenceMemory = recurrence.memory as Memory;
  const heapBase = (recurrence.__heap_base as { value: number }).value;
  const forwardFn = recurrence.recurrence_forward as Fn;
  const backwardFn = recurrence.recurrence_backward as Fn;
  const forwardPairFn = recurrence.recurrence_forward_pair as Fn;
  const backwardPairFn = recurrence.recurrence_backward_pair as Fn;

  const grow = (memory: Memory, bytes: number): void => {
    const have = memory.buffer.byteLength;
    if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65_536));
  };
  const pad4 = (n: number) => Math.ceil(n / 4) * 4;
  // dst[to..to+n) = src[from..from+n). The row copies below run ~17,000 times
  // per reference batch and are most of a thread's JavaScript time (CPU
  // profile of bench:train's RNN, 2 threads: forward/backward/weights 1.4 /
  // 2.5 / 1.7 s per epoch per thread against 1.5 s in the wasm matrix
  // products). Rows of 32 floats or more (the input width 100, half of it in
  // 'weights', the gate width of a GRU or LSTM) go through set(), a memcpy,
  // which beats the element loop despite the subarray object it allocates per
  // row (same-run epochs against the loop, 2 threads: RNN 0.76-1.10x the
  // time, median 0.87x of 7 rounds; LSTM 0.86x, 0.96x); shorter rows keep
  // the loop. The garbage costs peak RSS: about +80 MB per process.
  const copy = (dst: Float32Array, to: number, src: Float32Array, from: number, n: number) => {
    if (n >= 32) {
      dst.set(src.subarray(from, from + n), to);
      return;
    }
    for (let i = 0; i < n; i++) dst[to + i] = src[from + i]!;
  };
  const gemmHeap = (floats: number): Float32Array => {
    grow(gemmMemory, floats * 4);
    return new Float32Array(gemmMemory.buffer);
  };

  const spaces = new Map<string, GemmSpace>();
  /** gemm.wat over the task's kernel memory, instantiated on the key's first use. */
  const kernelSpace = (gemm: NonNullable<Task['gemm']>): GemmSpace => {
    let space = spaces.get(gemm.key);
    if (space === undefined) {
      if (gemm.memory === undefined) throw new Error(`gemm ${gemm.key} arrived without its memory`);
      space = gemmSpace(gemm.memory);
      spaces.set(gemm.key, space);
    }
    return space;
  };

  /** One sequence of this thread's range, run as a batch of one in its own region of the recurrence memory. */
  interface Sequence {
    b: number;
    length: number;
    at: ReturnType<typeof recurrenceLayout>;
  }
  let sequences: Sequence[] = [];

  /** The input projection of a forward task's R tokens, [R, N] at `c` in `heap`. */
  const projectRows = (
    task: Task,
    f32: Float32Array,
    i32: Int32Array,
    R: number,
  ): { heap: Float32Array; c: number } => {
    const { I, B, dirs, GH, b0, b1, at } = task;
    const N = dirs * GH;
    const Np = pad4(N);
    // The input projection of this thread's tokens, sequence after sequence,
    // laid out as projectInputsWasm lays out all of them. In place (x in a
    // kernel memory): each sequence's rows are read where x holds them, one
    // product per sequence, every row the same sums as in one product.
    const inPlace = task.x !== undefined && task.gemm !== undefined;
    const space = inPlace ? kernelSpace(task.gemm!) : own;
    const wt = inPlace ? task.scratch! : 0;
    const bias = wt + I * Np;
    const xc = bias + Np;
    const c = inPlace ? xc : xc + R * I + 4;
    const heap = inPlace ? new Float32Array(space.memory.buffer) : gemmHeap(c + R * N + 4);
    for (let j = 0; j < N; j++) {
      for (let k = 0; k < I; k++) heap[wt + k * Np + j] = f32[at.wIh! + j * I + k]!;
    }
    heap.set(f32.subarray(at.bIh!, at.bIh! + N), bias);
    let n = 0;
    if (inPlace) {
      const x0 = task.x!.byteOffset / 4;
      for (let b = b0; b < b1; b++) {
        const length = i32[at.lengths! + b]!;
        gemm(
          space.oneRow,
          space.twoRows,
          length,
          Np,
          I,
          x0 + b * I,
          B * I,
          1,
          wt,
          Np,
          c + n * N,
          N,
          2,
          bias,
        );
        n += length;
      }
    } else {
      const x = placed(task.x, f32, at.x!);
      for (let b = b0; b < b1; b++) {
        const length = i32[at.lengths! + b]!;
        for (let t = 0; t < length; t++, n++) {
          copy(heap, xc + n * I, x.array, x.offset + (t * B + b) * I, I);
        }
      }
      gemm(oneRow, twoRows, R, Np, I, xc, I, 1, wt, Np, c, N, 2, bias);
    }
    return { heap, c };
  };

  const forward = (task: Task, f32: Float32Array, i32: Int32Array): void => {
    const { cell, H, B, dirs, GH, b0, b1, at } = task;
    const N = dirs * GH;
    let R = 0;
    for (let b = b0; b < b1; b++) R += i32[at.lengths! + b]!;
    // This thread's rows of the input projection, sequence after sequence:
    // made by the product, or (task.projected) already in x.
    const made = task.projected === true ? undefined : projectRows(task, f32, i32, R);

    sequences = [];
    let end = heapBase;
    for (let b = b0; b < b1; b++) {
      const length = i32[at.lengths! + b]!;
      const layout = layoutPass(end, cell !== 0, H, length, 1, dirs, GH);
      sequences.push({ b, length, at: layout });
      end = layout.end;
    }
    grow(recurrenceMemory, end);
    const mem = new Float32Array(recurrenceMemory.buffer);
    const memInt = new Int32Array(recurrenceMemory.buffer);
    let n = 0;
    const x = made === undefined ? placed(task.x, f32, at.x!) : undefined;
    sequences.forEach(({ b, length, at: l }, k) => {
      memInt[l.lengths / 4] = length;
      if (made !== undefined) {
        mem.set(made.heap.subarray(made.c + n * N, made.c + (n + length) * N), l.xProj / 4);
      } else if (task.gathered === true) {
        for (let t = 0; t < length; t++) {
          copy(mem, l.xProj / 4 + t * N, task.x!, i32[at.ids! + t * B + b]! * N, N);
        }
      } else {
        for (let t = 0; t < length; t++) {
          copy(mem, l.xProj / 4 + t * N, x!.array, x!.offset + (t * B + b) * N, N);
        }
      }
      n += length;
      // Weights only where recurrences() reads them: the first sequence of
      // each pair (even k) or the odd one out; both passes of a pair use its
      // first layout's W_hh and b_hh.
      if (k % 2 === 1) return;
      for (let d = 0; d < dirs; d++) {
        mem.set(f32.subarray(at.wHh! + d * GH * H, at.wHh! + (d + 1) * GH * H), l.wHh[d]! / 4);
        mem.set(f32.subarray(at.bHh! + d * GH, at.bHh! + (d + 1) * GH), l.bHh[d]! / 4);
      }
    });
    recurrences(false, cell, H, dirs);
    for (const { b, length, at: l } of sequences) {
      f32.set(mem.subarray(l.hidden / 4, l.hidden / 4 + dirs * H), at.hidden! + b * dirs * H);
      if (task.pooled === true) {
        const bases = l.states.slice(0, dirs).map((offset) => offset / 4);
        poolRows(
          mem,
          bases,
          H,
          length,
          H,
          f32,
          at.pooled! + b * 3 * dirs * H,
          i32,
          at.argmax! + b * dirs * H,
        );
      }
      // This sequence's rows of the [T, B, dirs*H] output, zero on its padding
      // (as sequenceOutput in recurrence-forward.ts lays it out).
      if (task.sequence === true) {
        for (let t = 0; t < task.T; t++) {
          const to = at.sequence! + (t * task.B + b) * dirs * H;
          if (t >= length) {
            f32.fill(0, to, to + dirs * H);
            continue;
          }
          for (let d = 0; d < dirs; d++) {
            const from = l.states[d]! / 4 + t * H;
            f32.set(mem.subarray(from, from + H), to + d * H);
          }
        }
      }
    }
  };

  /**
   * recurrence.c's forward or backward pass over this thread's sequences,
   * each direction, two at a time (the pair exports: their recurrent products
   * share each load of W_hh), the last one alone when their number is odd;
   * each sequence's results are the bits it gets alone. In CPU profiles of a
   * best-preset epoch (3,000 reviews per label, 2 threads) the recurrence
   * took 10.4 and 10.1 s per thread one sequence at a time, 7.5 and 7.6 s in
   * pairs.
   */
  const recurrences = (
    backward: boolean,
    cell: number,
    H: number,
    dirs: number,
    withSequence = false,
  ): void => {
    const one = backward ? backwardFn : forwardFn;
    const two = backward ? backwardPairFn : forwardPairFn;
    for (let k = 0; k < sequences.length; k += 2) {
      const first = sequences[k]!;
      const second = sequences[k + 1];
      for (let d = 0; d < dirs; d++) {
        if (second === undefined) {
          callPass(one, backward, cell, H, first.length, 1, dirs, d, first.at, withSequence);
        } else {
          callPass(two, backward, cell, H, 0, 0, dirs, d, first.at, withSequence, {
            length0: first.length,
            l: second.at,
            length1: second.length,
          });
        }
      }
    }
  };

  const backward = (task: Task, f32: Float32Array, i32: Int32Array): void => {
    const { cell, H, I, T, B, dirs, GH, at } = task;
    const N = dirs * GH;
    const Ip = pad4(I);
    let R = 0;
    for (const { length } of sequences) R += length;
    // In place (dx in a kernel memory, rows of whole vectors so no product
    // spills into a row another thread writes; the main thread checks): dx =
    // dXProj W_ih written where dx lies, one product per sequence.
    const inPlace = task.dx !== undefined && task.gemm !== undefined;
    const space = inPlace ? kernelSpace(task.gemm!) : own;
    const wp = inPlace ? task.scratch! : 0;
    const g = wp + N * Ip;
    const dxc = g + R * N + 4;
    const heap = inPlace ? new Float32Array(space.memory.buffer) : gemmHeap(dxc + R * I + 4);
    for (let j = 0; j < N; j++)
      heap.set(f32.subarray(at.wIh! + j * I, at.wIh! + (j + 1) * I), wp + j * Ip);
    const mem = new Float32Array(recurrenceMemory.buffer);
    let n = 0;
    for (const { b, length, at: l } of sequences) {
      mem.set(
        f32.subarray(at.dHidden! + b * dirs * H, at.dHidden! + (b + 1) * dirs * H),
        l.dHidden / 4,
      );
      // This sequence's real rows of dSequence; as a batch of one, row t is t.
      if (task.pooled === true) {
        const bases = Array.from({ length: dirs }, (_, d) => l.dSequence / 4 + d * H);
        poolRowsBackward(
          f32,
          at.dPooled! + b * 3 * dirs * H,
          i32,
          at.argmax! + b * dirs * H,
          length,
          H,
          mem,
          bases,
          dirs * H,
        );
      } else if (task.withSequence === true) {
        for (let t = 0; t < length; t++) {
          const from = at.dSequence! + (t * B + b) * dirs * H;
          mem.set(f32.subarray(from, from + dirs * H), l.dSequence / 4 + t * dirs * H);
        }
      }
    }
    recurrences(true, cell, H, dirs, task.withSequence === true);
    for (const { b, length, at: l } of sequences) {
      for (let d = 0; d < dirs; d++) {
        const part = b * dirs + d;
        f32.set(
          mem.subarray(l.dWHh[d]! / 4, l.dWHh[d]! / 4 + GH * H),
          at.dWHhParts! + part * GH * H,
        );
        f32.set(mem.subarray(l.dBHh[d]! / 4, l.dBHh[d]! / 4 + GH), at.dBHhParts! + part * GH);
      }
      const dXProj = mem.subarray(l.dXProj / 4, l.dXProj / 4 + length * N);
      heap.set(dXProj, g + n * N);
      if (inPlace) {
        for (let t = 0; t < length; t++) {
          copy(heap, task.rowsAt! + i32[at.rank! + t * B + b]! * N, dXProj, t * N, N);
        }
      } else {
        for (let t = 0; t < length; t++) {
          copy(f32, at.dXProj! + (t * B + b) * N, dXProj, t * N, N);
        }
      }
      n += length;
    }
    // dx = dXProj W_ih for this thread's tokens; zero on its padding.
    const dx = placed(task.dx, f32, at.dx!);
    if (inPlace) {
      const dx0 = task.dx!.byteOffset / 4;
      n = 0;
      for (const { b, length } of sequences) {
        gemm(
          space.oneRow,
          space.twoRows,
          length,
          Ip,
          N,
          g + n * N,
          N,
          1,
          wp,
          Ip,
          dx0 + b * I,
          B * I,
          0,
          0,
        );
        for (let t = length; t < T; t++) dx.array.fill(0, (t * B + b) * I, (t * B + b + 1) * I);
        n += length;
      }
      return;
    }
    gemm(oneRow, twoRows, R, Ip, N, g, N, 1, wp, Ip, dxc, I, 0, 0);
    n = 0;
    for (const { b, length } of sequences) {
      for (let t = 0; t < T; t++) {
        const to = dx.offset + (t * B + b) * I;
        if (t < length) {
          copy(dx.array, to, heap, dxc + (n + t) * I, I);
        } else {
          dx.array.fill(0, to, to + I);
        }
      }
      n += length;
    }
  };

  // Rows of the dW product per gemm call, as projectInputsBackwardWasm (K_CHUNK).
  const K_CHUNK = 256;
  const weights = (task: Task, f32: Float32Array, i32: Int32Array): void => {
    const { I, dirs, GH, k0, k1, j0, j1, R, at } = task;
    const N = dirs * GH;
    const kw = k1 - k0;
    const kwp = pad4(kw);
    const jw = j1 - j0;
    const jwp = pad4(Math.max(jw, 1));
    const chunks = Math.ceil(R / K_CHUNK);
    // In place (the backward pass left dXProj's rows in list order in the
    // kernel memory that holds x, at rowsAt): the products read them there,
    // and read x's rows where they lie whenever a chunk's rows are
    // consecutive rows of x (all of a batch's early steps); other chunks'
    // rows are copied within that memory, without a view per row. Otherwise
    // every row is copied into this thread's own memory first, which was
    // most of this task's time (1.6 of 2.1 s per thread in a reference RNN
    // epoch).
    const inPlace = task.rowsAt !== undefined;
    const space = inPlace ? kernelSpace(task.gemm!) : own;
    const g = inPlace ? task.rowsAt! : 0;
    const xc = inPlace ? task.scratch! : g + R * N + 4;
    const dw = xc + (inPlace ? K_CHUNK : R) * kwp + 4;
    const one = dw + N * kwp + 4;
    const dbc = one + 4;
    const heap = inPlace ? new Float32Array(space.memory.buffer) : gemmHeap(dbc + chunks * jwp + 4);
    const x = placed(task.x, f32, at.x!);
    if (!inPlace) {
      for (let n = 0; n < R; n++) {
        const row = i32[at.rows! + n]!;
        copy(heap, g + n * N, f32, at.dXProj! + row * N, N);
        copy(heap, xc + n * kwp, x.array, x.offset + row * I + k0, k1 - k0);
      }
    }
    const x0 = inPlace ? task.x!.byteOffset / 4 : 0;
    if (kw > 0) {
      // dW[:, k0..k1) = dXProj^T x[:, k0..k1), each element summed over the
      // rows in the same order and chunks as on one thread.
      for (let r0 = 0; r0 < R; r0 += K_CHUNK) {
        const k = Math.min(K_CHUNK, R - r0);
        let rowsOf = xc + r0 * kwp;
        let stride = kwp;
        if (inPlace) {
          const first = i32[at.rows! + r0]!;
          let consecutive = true;
          for (let n = 1; n < k && consecutive; n++) {
            consecutive = i32[at.rows! + r0 + n] === first + n;
          }
          if (consecutive) {
            rowsOf = x0 + first * I + k0;
            stride = I;
          } else {
            for (let n = 0; n < k; n++) {
              const from = x0 + i32[at.rows! + r0 + n]! * I + k0;
              heap.copyWithin(xc + n * kwp, from, from + kw);
            }
            rowsOf = xc;
          }
        }
        gemm(
          space.oneRow,
          space.twoRows,
          N,
          kwp,
          k,
          g + r0 * N,
          1,
          N,
          rowsOf,
          stride,
          dw,
          kwp,
          r0 === 0 ? 0 : 1,
          0,
        );
      }
      for (let j = 0; j < N; j++) {
        f32.set(heap.subarray(dw + j * kwp, dw + j * kwp + kw), at.dW! + j * I + k0);
      }
    }
    if (jw > 0) {
      heap[one] = 1;
      for (let chunk = 0; chunk < chunks; chunk++) {
        const r0 = chunk * K_CHUNK;
        const k = Math.min(K_CHUNK, R - r0);
        gemm(
          space.oneRow,
          space.twoRows,
          1,
          jwp,
          k,
          one,
          0,
          0,
          g + r0 * N + j0,
          N,
          dbc + chunk * jwp,
          jwp,
          0,
          0,
        );
      }
      for (let j = 0; j < jw; j++) {
        let sum = 0;
        for (let chunk = 0; chunk < chunks; chunk++) sum += heap[dbc + chunk * jwp + j]!;
        f32[at.dBias! + j0 + j] = sum;
      }
    }
    // This thread's entries of dW_hh and db_hh (all directions): the
    // sequences' partials added in float64 in sequence order, as recurrence.c
    // adds them over a batch on one thread.
    const { B } = task;
    const sumParts = (parts: number, total: number, e0: number, e1: number, to: number) => {
      const sum = new Float64Array(e1 - e0);
      for (let b = 0; b < B; b++) {
        const from = parts + b * total + e0;
        for (let e = 0; e < e1 - e0; e++) sum[e] = sum[e]! + f32[from + e]!;
      }
      for (let e = 0; e < e1 - e0; e++) f32[to + e0 + e] = sum[e]!;
    };
    sumParts(at.dWHhParts!, dirs * GH * task.H, task.e0, task.e1, at.dWHh!);
    sumParts(at.dBHhParts!, dirs * GH, task.f0, task.f1, at.dBHh!);
  };

  // The embedding op's loops over this thread's part of the gradient's rows
  // (scatter) or of the output's (gather): the main thread's own functions
  // (ops/embedding-rows.ts), so the same bits.
  const scatter = (task: ScatterTask): void => {
    const { grad, dy, keep, scale, ids, rows, count, E, padIndex, block, part, parts } = task;
    scatterRows(grad, dy, ids, rows, count, E, padIndex, keep, scale, block, part, parts);
  };

  /** out[n] = table[ids[n]] (* keep[n] * scale) for list entries [r0, r1) (see threaded-embedding.ts). */
  interface GatherTask {
    out: Float32Array;
    table: Float32Array;
    keep?: Uint8Array;
    scale: number;
    ids: Int32Array;
    rows?: Int32Array;
    r0: number;
    r1: number;
    E: number;
  }
  const gather = (task: GatherTask): void => {
    const { out, table, keep, scale, ids, rows, r0, r1, E } = task;
    gatherRange(out, table, ids, rows, r0, r1, E, keep, scale);
  };

  /**
   * One slice of a FusedAdam step (see optim/adam.ts's AdamThreads): adam.wat
   * instantiated over the optimizer's shared memory, kept while the key stays
   * the same; the slice's gradient copied in first, then the kernel.
   */
  interface AdamTask {
    key: number;
    module?: unknown;
    memory?: Memory;
    args: number[];
    from?: Float32Array;
    at?: number;
  }
  let adam: { key: number; memory: Memory; run: Fn } | undefined;
  const adamSlice = (task: AdamTask): void => {
    if (adam?.key !== task.key) {
      if (task.module === undefined || task.memory === undefined) {
        throw new Error(`Adam kernel ${task.key} arrived without its module`);
      }
      const exports = instantiate(task.module, { env: { memory: task.memory } });
      adam = { key: task.key, memory: task.memory, run: exports.adam as Fn };
    }
    if (task.from !== undefined) new Float32Array(adam.memory.buffer).set(task.from, task.at);
    adam.run(...task.args);
  };

  /**
   * A call of a module's export over a kernel memory (see
   * KernelThreadPool.runKernel): the instance is kept per key, so the module
   * and memory come only with a key's first call.
   */
  interface KernelTask {
    key: string;
    module?: unknown;
    memory?: Memory;
    fn: string;
    args: number[];
  }
  const kernels = new Map<string, Record<string, unknown>>();
  const kernelCall = (task: KernelTask): void => {
    let exports = kernels.get(task.key);
    if (exports === undefined) {
      if (task.module === undefined || task.memory === undefined) {
        throw new Error(`kernel ${task.key} arrived without its module`);
      }
      exports = instantiate(task.module, { env: { memory: task.memory } });
      kernels.set(task.key, exports);
    }
    (exports[task.fn] as Fn)(...task.args);
  };

  let data: SharedArrayBuffer | undefined;
  let f32: Float32Array = new Float32Array(new SharedArrayBuffer(0));
  let i32: Int32Array = new Int32Array(new SharedArrayBuffer(0));
  return (message: object): void => {
    const task = message as Task;
    if (task.data !== data) {
      data = task.data;
      f32 = new Float32Array(data);
      i32 = new Int32Array(data);
    }
    if (task.op === 'forward') forward(task, f32, i32);
    else if (task.op === 'backward') backward(task, f32, i32);
    else if (task.op === 'weights') weights(task, f32, i32);
    else if (task.op === 'scatter') scatter(task as unknown as ScatterTask);
    else if (task.op === 'gather') gather(task as unknown as GatherTask);
    else if (task.op === 'adam') adamSlice(task as unknown as AdamTask);
    else if (task.op === 'kernel') kernelCall(task as unknown as KernelTask);
    else throw new Error(`unknown task '${String(task.op)}'`);
  };
}

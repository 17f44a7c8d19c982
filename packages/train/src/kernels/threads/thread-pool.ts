import { availableParallelism } from 'node:os';
import {
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
  Worker,
} from 'node:worker_threads';
import { RecurrentKernelError } from '../../errors';
import { gatherRowRange, scatterAddRows } from '../../ops/embedding-rows';
import type { MemoryKernel } from '../../ops/embedding-rows-wasm';
import type { AdamCall, AdamThreads, SharedAdamKernel } from '../../optim/adam';
import { poolSequence, poolSequenceBackward } from '../pool-over-time';
import {
  callRecurrence,
  compiledRecurrenceModule,
  recurrenceLayout,
} from '../wasm/recurrence-wasm';
import { compiledGemmModule, dispatchGemm, GEMM_MAX_PAGES } from '../wasm/wasm-gemm';
import { type KernelHelpers, kernelThread, kernelWorkerMain } from './kernel-worker';

/**
 * Each thread's script: flags the thread's exit in the control block however
 * it ends (so the pool never waits for a dead thread), then evaluates the
 * kernel program and its helpers from their source text. Plain text, because
 * bundlers transform the code they see (e.g. `require`) into forms a worker
 * script cannot run.
 */
const BOOTSTRAP = `
const threads = require('node:worker_threads');
const { workerData } = threads;
const control = new Int32Array(workerData.control);
const slot = 4 * workerData.index;
process.on('exit', () => {
  Atomics.store(control, slot + 2, 1);
  Atomics.notify(control, slot + 1);
});
try {
  const [main, ...helpers] = workerData.sources.map((source) => (0, eval)('(' + source + ')'));
  main(threads, ...helpers);
} catch (error) {
  workerData.port.postMessage({ error: String((error && error.stack) || error) });
  process.exit(1);
}
`;

/**
 * How long a thread polls for its next task (a worker) or for the workers'
 * answers (the calling thread) before it sleeps in Atomics.wait. Within a
 * training step the calls come less than a millisecond apart; a longer gap
 * (the next batch being built, validation) costs a worker at most this much
 * of its core.
 */
export const DEFAULT_SPIN_MS = 1;

/** KernelThreadPool's options. */
export interface KernelThreadPoolOptions {
  /** How long a call may wait for a worker before it fails with 'worker-timeout' (default 120 s). */
  timeoutMs?: number;
  /** Milliseconds a thread polls before it sleeps (default DEFAULT_SPIN_MS; 0 sleeps at once). */
  spinMs?: number;
}

/**
 * Kernel threads: the calling thread and Node worker_threads that run the
 * recurrent layer's WebAssembly kernels on slices of a batch, over one
 * SharedArrayBuffer.
 *
 * Thread 0 is the calling thread itself: the tfjs op that calls the kernels
 * is synchronous, so it hands threads 1.. their tasks, runs task 0 while
 * they run theirs, then blocks in Atomics.wait until every one has answered
 * (kernel-worker.ts has the protocol). So `size` threads are size - 1
 * workers: on a 2-core machine one worker beside the main thread, never
 * three threads for two cores, and one thread fewer to wake per call (with
 * a worker per share, the slower wake of two cost ~0.6 ms per call, ~1.4 s
 * of a 15 s reference RNN epoch, and the idle main thread took a core the
 * workers wanted). A worker that exits is reported at once; one that stops
 * answering is reported after `timeoutMs`. Either way the call throws
 * RecurrentKernelError (code 'worker-exited' or 'worker-timeout') instead of
 * hanging, and the pool is closed: later calls throw too, and
 * kernelThreadPool() makes a fresh one.
 */
export class KernelThreadPool implements AdamThreads {
  /** Threads in the pool, the calling thread included (>= 2: one thread is the plain single-thread path). */
  readonly size: number;
  /** Counts forward passes, so a cache can tell that a later pass overwrote it. */
  generation = 0;
  /** Thread i >= 1's worker and port at i - 1. */
  private readonly workers: Worker[];
  private readonly ports: MessagePort[];
  /** Thread 0's task runner: the calling thread's own. */
  private readonly local: (task: object) => void;
  private readonly control: Int32Array;
  private readonly timeoutMs: number;
  private readonly spinMs: number;
  private task = 0;
  private data = new SharedArrayBuffer(0);
  private failure: RecurrentKernelError | undefined;
  /** The Adam kernel key each thread has instantiated (see runAdam). */
  private readonly adamKeys: number[] = [];
  /** The runKernel keys each thread has instantiated. */
  private readonly kernelKeys: Set<string>[] = [];

  constructor(size: number, options: KernelThreadPoolOptions = {}) {
    if (!Number.isInteger(size) || size < 2) {
      throw new RecurrentKernelError(
        'invalid-threads',
        `a kernel thread pool needs at least 2 threads, got ${size}`,
      );
    }
    const gemmModule = compiledGemmModule();
    const recurrenceModule = compiledRecurrenceModule();
    if (gemmModule === undefined || recurrenceModule === undefined) {
      throw new RecurrentKernelError(
        'wasm-unavailable',
        'kernel threads run the WebAssembly SIMD kernels, which this runtime cannot compile',
      );
    }
    this.size = size;
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.spinMs = options.spinMs ?? DEFAULT_SPIN_MS;
    if (!(this.spinMs >= 0 && this.spinMs <= 1000)) {
      throw new RecurrentKernelError(
        'invalid-threads',
        `spinMs must be a number of milliseconds in [0, 1000], got ${this.spinMs}`,
      );
    }
    this.control = new Int32Array(new SharedArrayBuffer(16 * size));
    const modules = { gemmModule, gemmMaxPages: GEMM_MAX_PAGES, recurrenceModule };
    const helpers: KernelHelpers = [
      dispatchGemm,
      recurrenceLayout,
      callRecurrence,
      gatherRowRange,
      scatterAddRows,
      poolSequence,
      poolSequenceBackward,
    ];
    this.local = kernelThread(modules, ...helpers);
    const sources = [kernelWorkerMain, kernelThread, ...helpers].map(String);
    this.workers = [];
    this.ports = [];
    for (let index = 1; index < size; index++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(BOOTSTRAP, {
        eval: true,
        workerData: {
          ...modules,
          sources,
          index,
          port: port2,
          control: this.control.buffer,
          spinMs: this.spinMs,
        },
        transferList: [port2],
      });
      // Idle threads must not keep the process alive.
      worker.unref();
      port1.unref();
      // A thread's own errors are reported through the control block; this
      // listener only keeps an uncaught one from becoming the process's.
      worker.on('error', () => {});
      this.workers.push(worker);
      this.ports.push(port1);
    }
  }

  /** Whether a thread has failed (the pool then refuses work). */
  get closed(): boolean {
    return this.failure !== undefined;
  }

  /**
   * FusedAdam's step split across the threads (AdamThreads). A thread gets
   * the module and its memory only with the first call of a key and keeps
   * the instance.
   */
  runAdam(kernel: SharedAdamKernel, calls: readonly AdamCall[]): void {
    const { module, memory, key } = kernel;
    const tasks = calls.map((call, i) => ({
      op: 'adam',
      key,
      ...(this.adamKeys[i] === key ? {} : { module, memory }),
      args: call.args,
      ...(call.copy === undefined ? {} : { from: call.copy.from, at: call.copy.at }),
    }));
    // Marked before running: a failed run closes the pool, so no later call relies on it.
    calls.forEach((_, i) => {
      this.adamKeys[i] = key;
    });
    this.run(tasks);
  }

  /**
   * Runs `kernel`'s export `fn` with `args[i]` on thread i (fewer lists than
   * threads leave the rest idle). A thread gets the module and its memory
   * only with the first call of a key and keeps the instance.
   */
  runKernel(kernel: MemoryKernel, fn: string, args: readonly number[][]): void {
    const tasks = args.map((list, i) => ({
      op: 'kernel',
      ...this.kernelFields(i, kernel),
      fn,
      args: list,
    }));
    this.run(tasks);
  }

  /**
   * What thread i needs to name `kernel`: its key, and the module and memory
   * too unless the thread has them already. Marked as sent at once: a failed
   * run closes the pool, so no later call relies on it.
   */
  kernelFields(
    i: number,
    kernel: MemoryKernel,
  ): { key: string; module?: unknown; memory?: unknown } {
    const { module, memory, key } = kernel;
    this.kernelKeys[i] ??= new Set();
    if (this.kernelKeys[i]!.has(key)) return { key };
    this.kernelKeys[i]!.add(key);
    return { key, module, memory };
  }

  /** The shared memory's current buffer: a view into it is where the threads read and write. */
  get buffer(): SharedArrayBuffer {
    return this.data;
  }

  /**
   * Moves the pool onto a copy of its shared memory and leaves the old buffer
   * to the views still reading it (tensors built on it, see
   * ops/recurrent-op.ts), so later tasks cannot change what they hold.
   */
  detach(): void {
    const fresh = new SharedArrayBuffer(this.data.byteLength);
    new Uint8Array(fresh).set(new Uint8Array(this.data));
    this.data = fresh;
  }

  /**
   * The shared memory as float32 and int32 views of at least `floats`
   * elements. Contents are kept only while no call grows it.
   */
  reserve(floats: number): { f32: Float32Array; i32: Int32Array } {
    if (this.data.byteLength < floats * 4) {
      // Grow by at least half again, so a run of slowly growing batches
      // does not reallocate every time.
      const bytes = Math.max(floats * 4, this.data.byteLength * 1.5);
      this.data = new SharedArrayBuffer(Math.ceil(bytes / 16) * 16);
    }
    return { f32: new Float32Array(this.data), i32: new Int32Array(this.data) };
  }

  /**
   * Runs tasks[i] on thread i (fewer tasks than threads, or null ones, leave
   * the rest idle) and returns when all have finished: task 0 here, on the
   * calling thread, the others on the workers meanwhile. Throws
   * RecurrentKernelError if a task fails (worker-error), a worker exits or
   * does not answer within timeoutMs.
   */
  run(tasks: readonly (Record<string, unknown> | null)[]): void {
    if (this.failure !== undefined) throw this.failure;
    if (tasks.length > this.size) {
      throw new RecurrentKernelError(
        'invalid-threads',
        `${tasks.length} tasks for a pool of ${this.size} threads`,
      );
    }
    const task = ++this.task;
    for (let i = 1; i < tasks.length; i++) {
      if (tasks[i] === null) continue;
      this.ports[i - 1]!.postMessage({ ...tasks[i], data: this.data });
      Atomics.store(this.control, 4 * i, task);
      Atomics.notify(this.control, 4 * i);
    }
    let error: string | undefined;
    const own = tasks[0];
    if (own !== undefined && own !== null) {
      try {
        this.local({ ...own, data: this.data });
      } catch (thrown) {
        error = `kernel thread 0: ${thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown)}`;
      }
    }
    const started = performance.now();
    for (let i = 1; i < tasks.length; i++) {
      if (tasks[i] === null) continue;
      const slot = 4 * i;
      const port = this.ports[i - 1]!;
      // Poll first, as the workers do: a worker that ends its share just after
      // this thread ends its own is seen at once, not after a wake.
      const until = performance.now() + this.spinMs;
      while (Atomics.load(this.control, slot + 1) !== task && performance.now() < until);
      for (;;) {
        const done = Atomics.load(this.control, slot + 1);
        if (done === task) break;
        if (Atomics.load(this.control, slot + 2) === 1) {
          const reply = receiveMessageOnPort(port)?.message as { error?: string } | undefined;
          this.fail(
            'worker-exited',
            `kernel thread ${i} exited during a training batch${reply?.error ? ` (${reply.error})` : ''}; nothing after the last checkpoint was kept (resume from it)`,
          );
        }
        const waited = performance.now() - started;
        if (waited >= this.timeoutMs) {
          this.fail(
            'worker-timeout',
            `kernel thread ${i} did not answer within ${Math.round(this.timeoutMs / 1000)} s; it was stopped (resume from the last checkpoint)`,
          );
        }
        Atomics.wait(this.control, slot + 1, done, Math.min(100, this.timeoutMs - waited));
      }
      const reply = receiveMessageOnPort(port)?.message as { error?: string } | undefined;
      if (reply?.error !== undefined && error === undefined)
        error = `kernel thread ${i}: ${reply.error}`;
    }
    if (error !== undefined) this.fail('worker-error', error);
  }

  /** The port of worker thread `index` (>= 1; thread 0 is the calling thread). */
  private workerPort(index: number): MessagePort {
    const port = this.ports[index - 1];
    if (!Number.isInteger(index) || index < 1 || port === undefined) {
      throw new RecurrentKernelError(
        'invalid-threads',
        `thread ${index} is not a worker thread of this pool (workers are 1 to ${this.size - 1}; 0 is the calling thread)`,
      );
    }
    return port;
  }

  /**
   * Fault injection for tests: thread `index` exits at once (process.exit
   * inside it), as a crashed thread would; the next run() reports it.
   */
  killThread(index: number): void {
    const port = this.workerPort(index);
    const task = ++this.task;
    port.postMessage({ op: 'exit' });
    Atomics.store(this.control, 4 * index, task);
    Atomics.notify(this.control, 4 * index);
  }

  /**
   * Fault injection for tests: wakes thread `index` without a new task, as
   * the notify of a task it already finished does when the main thread was
   * descheduled between storing the task number and notifying. Returns once
   * the thread was woken from its wait (it waits between tasks).
   */
  wakeIdleThread(index: number): void {
    this.workerPort(index);
    const slot = 4 * index;
    const started = performance.now();
    while (Atomics.notify(this.control, slot) === 0) {
      if (performance.now() - started > 10_000) {
        throw new RecurrentKernelError('worker-timeout', `kernel thread ${index} never waited`);
      }
      Atomics.wait(this.control, slot + 3, 0, 1);
    }
  }

  /** Stops every thread; the pool refuses work afterwards. */
  async terminate(): Promise<void> {
    this.failure ??= new RecurrentKernelError(
      'pool-closed',
      'the kernel thread pool was terminated',
    );
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private fail(code: string, message: string): never {
    this.failure = new RecurrentKernelError(code, message);
    for (const worker of this.workers) void worker.terminate();
    throw this.failure;
  }
}

/** Threads to use when none are asked for: one per core. */
export function defaultThreadCount(): number {
  return availableParallelism();
}

const pools = new Map<number, KernelThreadPool>();

/**
 * The process's pool of `threads` kernel threads, created on first use and
 * replaced once it has failed; undefined for 1 thread (today's path) or
 * where WebAssembly SIMD is unavailable (the kernels then run on one thread).
 */
export function kernelThreadPool(threads: number): KernelThreadPool | undefined {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RecurrentKernelError(
      'invalid-threads',
      `threads must be an integer >= 1, got ${threads}`,
    );
  }
  if (
    threads === 1 ||
    compiledGemmModule() === undefined ||
    compiledRecurrenceModule() === undefined
  ) {
    return undefined;
  }
  const existing = pools.get(threads);
  if (existing !== undefined && !existing.closed) return existing;
  const pool = new KernelThreadPool(threads);
  pools.set(threads, pool);
  return pool;
}

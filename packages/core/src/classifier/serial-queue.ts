/**
 * Runs async tasks one at a time, in submission order. ONNX Runtime Web refuses a
 * second `run` while one is in flight on a session ("session already started"), so
 * every call into a backend goes through one of these. A failed task rejects only
 * its own caller; the queue keeps going.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;

  /** Tasks submitted and not yet settled. */
  get pending(): number {
    return this.#pending;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    this.#pending++;
    const result = this.#tail.then(task).finally(() => {
      this.#pending--;
    });
    // The chain holds only the latest task, swallowing its error (its caller has it),
    // so memory stays bounded however many tasks pass through.
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every task submitted so far has settled. */
  drain(): Promise<void> {
    return this.#tail.then(() => undefined);
  }
}

import { Buffer } from 'node:buffer';
import { Worker } from 'node:worker_threads';

/**
 * The writer thread's script: the same temp file + fsync + rename + folder
 * fsync as writeFileAtomic, with synchronous calls, because the caller's
 * thread may be blocked (training blocks the main thread in Atomics.wait for
 * a whole epoch, so its event loop could not drive fs/promises). The temp
 * name is withTempFile's `.<name>.<hex>.tmp`, which removeStaleTempFiles
 * deletes after a kill. Plain text, not a function's source, so that no
 * bundler rewrites its `require`s.
 */
const WRITER = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { basename, dirname, join } = require('node:path');
const { randomBytes } = require('node:crypto');
parentPort.on('message', ({ path, buffer, offset, length }) => {
  const folder = dirname(path);
  const temp = join(folder, '.' + basename(path) + '.' + randomBytes(6).toString('hex') + '.tmp');
  let fd;
  let tempExists = false;
  try {
    fs.mkdirSync(folder, { recursive: true });
    fd = fs.openSync(temp, 'wx');
    tempExists = true;
    const data = new Uint8Array(buffer, offset, length);
    for (let at = 0; at < data.length; ) at += fs.writeSync(fd, data, at, data.length - at);
    // The content must reach the disk before the rename makes it visible, and
    // the folder after it, so a power cut leaves the old file or the whole new one.
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, path);
    tempExists = false;
    if (process.platform !== 'win32') {
      const dir = fs.openSync(folder, 'r');
      try { fs.fsyncSync(dir); } finally { fs.closeSync(dir); }
    }
    parentPort.postMessage({ buffer }, [buffer]);
  } catch (error) {
    try { if (fd !== undefined) fs.closeSync(fd); } catch {}
    try { if (tempExists) fs.unlinkSync(temp); } catch {}
    parentPort.postMessage({ buffer, error: String((error && error.message) || error) }, [buffer]);
  }
});
`;

/**
 * Writes whole files atomically (see writeFileAtomic) on a worker thread, one
 * at a time, so that a write overlaps whatever the calling thread does next,
 * even blocking work. `start` hands the bytes over; `settled` waits for the
 * write in flight and throws its failure. The thread starts with `open` or the
 * first write and does not keep the process alive while idle; `close` stops it.
 */
export class BackgroundWriter {
  private worker: Worker | undefined;
  /** The write in flight: resolves to its failure, never rejects (nothing is left unhandled while the caller is busy). */
  private pending: Promise<Error | undefined> | undefined;
  /** The buffer of the last settled write, handed back by the writer thread. */
  private returned: ArrayBuffer | undefined;

  /**
   * Starts writing `bytes` to `path`. The buffer `bytes` views is transferred
   * to the writer whole (it is detached here afterwards) and comes back
   * through `takeBuffer` once the write has settled; a Node Buffer, whose
   * memory a pool may share, or a view of shared memory is copied first. Call
   * `settled` first if a write may be in flight.
   */
  start(path: string, bytes: Uint8Array): void {
    if (this.pending !== undefined)
      throw new Error(`${path}: a background write is still in flight`);
    const worker = this.open();
    const whole =
      bytes.buffer instanceof ArrayBuffer && !Buffer.isBuffer(bytes) ? bytes : bytes.slice();
    // While writing, the thread keeps the process alive: an awaited settle()
    // must not see the process exit under it with the file half-written.
    worker.ref();
    this.pending = new Promise((resolve) => {
      const finish = (error: Error | undefined) => {
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        worker.unref();
        resolve(error);
      };
      const onMessage = (reply: { buffer: ArrayBuffer; error?: string }) => {
        this.returned = reply.buffer;
        finish(reply.error === undefined ? undefined : new Error(`${path}: ${reply.error}`));
      };
      const onExit = (code: number) =>
        finish(
          new Error(`${path}: the writer thread exited (code ${code}) before the write finished`),
        );
      worker.on('message', onMessage);
      worker.on('exit', onExit);
    });
    const buffer = whole.buffer as ArrayBuffer;
    worker.postMessage({ path, buffer, offset: whole.byteOffset, length: whole.byteLength }, [
      buffer,
    ]);
  }

  /**
   * The buffer of the last write that settled, for the caller to fill with the
   * next file, or undefined. Reusing it saves mapping fresh memory: on the
   * developers' VM the first touch of each fresh page costs ~14 us, ~0.14 s
   * for a 40 MB checkpoint.
   */
  takeBuffer(): ArrayBuffer | undefined {
    const buffer = this.returned;
    this.returned = undefined;
    return buffer;
  }

  /** Waits for the write in flight, if any; throws its failure (an Error naming the path). */
  async settled(): Promise<void> {
    const error = await this.pending;
    this.pending = undefined;
    if (error !== undefined) throw error;
  }

  /** Waits for the write in flight (ignoring its outcome: see `settled`), then stops the thread. */
  async close(): Promise<void> {
    await this.pending;
    this.pending = undefined;
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  /**
   * Starts the writer thread if it is not running. Booting one takes ~60 ms,
   * which would otherwise delay the first write by as much (and widen the
   * window in which a kill loses its file).
   */
  open(): Worker {
    if (this.worker === undefined) {
      const worker = new Worker(WRITER, { eval: true });
      worker.unref();
      // A thread that dies is reported to the write in flight through 'exit';
      // this listener only keeps its error from becoming the process's.
      worker.on('error', () => {});
      worker.once('exit', () => {
        if (this.worker === worker) this.worker = undefined;
      });
      this.worker = worker;
    }
    return this.worker;
  }
}

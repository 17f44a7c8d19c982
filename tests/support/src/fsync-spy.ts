/// <reference types="node" />
// For tests of atomic writes: sees every fsync made through node:fs/promises.
type FsPromises = typeof import('node:fs/promises');

/**
 * `fs` with an `open` whose file handles call `onSync(path)` after each
 * completed `sync()`: return it from a `vi.mock('node:fs/promises', ...)` factory
 * to check that a writer syncs the file and its folder, and what the target
 * held at that moment.
 */
export function withFsyncSpy(fs: FsPromises, onSync: (path: string) => void): FsPromises {
  return {
    ...fs,
    open: async (...args: Parameters<FsPromises['open']>) => {
      const handle = await fs.open(...args);
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        await sync();
        onSync(String(args[0]));
      };
      return handle;
    },
  };
}

// What the global setup (pack-tarballs.ts) hands every test file through vitest's inject().
import type { PublishedPackage } from './workspace.js';

/** One package as `pnpm pack` wrote it. */
export interface PackedTarball {
  /** The npm name, e.g. @imdb-rnn/core. */
  name: string;
  version: string;
  /** Absolute path of the .tgz. */
  file: string;
  /** The paths inside the tarball, as pnpm listed them (relative to package/). */
  files: string[];
}

export interface PackagingContext {
  /** The run's temporary folder, outside the monorepo: tarballs, npm cache and projects. */
  root: string;
  /** npm's cache for every install of this run (a fresh cache: nothing stale can leak in). */
  npmCache: string;
  tarballs: Record<PublishedPackage, PackedTarball>;
  /** Wall-clock milliseconds packing all the published packages took. */
  packMs: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    packaging: PackagingContext;
  }
}

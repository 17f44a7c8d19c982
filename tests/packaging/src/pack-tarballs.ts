// Vitest global setup: packs every published package once with `pnpm pack` (which rewrites
// `workspace:^` to real ranges, as publishing does) into a temporary folder outside the
// monorepo, and removes that folder when all test files are done. turbo has built the
// packages already (the test task depends on ^build).
import { mkdirSync, mkdtempSync, realpathSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { PackedTarball } from './packaging-context.js';
import { runChecked } from './run-command.js';
import { insideRepo, PUBLISHED_PACKAGES, type PublishedPackage, REPO_ROOT } from './workspace.js';

const PNPM = ['-y', 'pnpm@10.34.8'];

async function pack(pkg: PublishedPackage, destination: string): Promise<PackedTarball> {
  const { stdout } = await runChecked(
    'npx',
    [...PNPM, 'pack', '--json', '--pack-destination', destination],
    { cwd: join(REPO_ROOT, 'packages', pkg) },
  );
  const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as {
    name: string;
    version: string;
    filename: string;
    files: { path: string }[];
  };
  return {
    name: report.name,
    version: report.version,
    file: report.filename,
    files: report.files.map((f) => f.path),
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // realpath: on some systems the temp folder is a symlink, and resolved module paths are real.
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'imdb-rnn-packaging-')));
  if (insideRepo(root)) {
    throw new Error(
      `temporary folder ${root} is inside the monorepo: its node_modules would leak into the installs (set TMPDIR elsewhere)`,
    );
  }
  const tarballDir = join(root, 'tarballs');
  const npmCache = join(root, 'npm-cache');
  mkdirSync(tarballDir);
  mkdirSync(npmCache);
  const started = performance.now();
  const packed = await Promise.all(PUBLISHED_PACKAGES.map((pkg) => pack(pkg, tarballDir)));
  const packMs = performance.now() - started;
  const tarballs = Object.fromEntries(PUBLISHED_PACKAGES.map((pkg, i) => [pkg, packed[i]!]));
  project.provide('packaging', {
    root,
    npmCache,
    tarballs: tarballs as Record<PublishedPackage, PackedTarball>,
    packMs,
  });
  console.log(`packed ${PUBLISHED_PACKAGES.length} packages in ${(packMs / 1000).toFixed(1)} s`);
  // About 1.5 GB of node_modules: removed asynchronously so vitest's workers can wind down meanwhile.
  return () => rm(root, { recursive: true, force: true });
}

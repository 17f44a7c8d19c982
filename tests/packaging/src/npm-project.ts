// A fresh npm project in the run's temporary folder (outside the monorepo) that installs
// @imdb-rnn packages from their tarballs with plain npm, as a user of the published packages would.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackagingContext } from './packaging-context.js';
import { runChecked } from './run-command.js';
import { PUBLISHED_PACKAGES, type PublishedPackage } from './workspace.js';

export interface NpmProjectOptions {
  /** Folder name under the run's temporary folder. */
  name: string;
  /** The @imdb-rnn packages the project depends on directly (installed from their tarballs). */
  packages: readonly PublishedPackage[];
  /** Registry dependencies, e.g. { vite: '8.4.0' }. */
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  /** A fixtures folder copied into the project before installing. */
  copyFrom?: string;
  /** Where copyFrom goes, relative to the project (default: the project folder itself). */
  copyInto?: string;
}

export interface NpmProject {
  dir: string;
  /** Wall-clock milliseconds `npm install` took. */
  installMs: number;
  /** The environment the project's commands run in (npm's and pnpm's own variables removed). */
  env: NodeJS.ProcessEnv;
}

/**
 * The environment for npm and for the project's programs: no `npm_*` variables from the
 * pnpm/turbo run that started the tests (they would configure npm as pnpm's child), a fresh
 * cache, and onnxruntime-node's install script told not to download CUDA files.
 */
export function projectEnv(context: PackagingContext): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('npm_') && !key.startsWith('PNPM_')) env[key] = value;
  }
  return {
    ...env,
    npm_config_cache: context.npmCache,
    npm_config_update_notifier: 'false',
    ONNXRUNTIME_NODE_INSTALL: 'skip',
    NO_COLOR: '1',
  };
}

/**
 * The @imdb-rnn packages are not on the registry, so every one of them that npm meets,
 * directly or as a dependency of another, must map to its tarball: direct dependencies by
 * `file:` path, the rest through `overrides` (which for a direct dependency must refer to it as `$name`).
 */
export function tarballDependencies(
  context: PackagingContext,
  direct: readonly PublishedPackage[],
): { dependencies: Record<string, string>; overrides: Record<string, string> } {
  const dependencies: Record<string, string> = {};
  const overrides: Record<string, string> = {};
  for (const pkg of PUBLISHED_PACKAGES) {
    const { name, file } = context.tarballs[pkg];
    if (direct.includes(pkg)) {
      dependencies[name] = `file:${file}`;
      overrides[name] = `$${name}`;
    } else {
      overrides[name] = `file:${file}`;
    }
  }
  return { dependencies, overrides };
}

/** Creates the project, writes its package.json and runs `npm install`. */
export async function createNpmProject(
  context: PackagingContext,
  options: NpmProjectOptions,
): Promise<NpmProject> {
  const dir = join(context.root, options.name);
  mkdirSync(dir);
  if (options.copyFrom) {
    cpSync(options.copyFrom, join(dir, options.copyInto ?? '.'), { recursive: true });
  }
  const { dependencies, overrides } = tarballDependencies(context, options.packages);
  const manifest = {
    name: `imdb-rnn-packaging-${options.name}`,
    version: '1.0.0',
    private: true,
    type: 'module',
    ...(options.scripts ? { scripts: options.scripts } : {}),
    dependencies,
    ...(options.devDependencies ? { devDependencies: options.devDependencies } : {}),
    overrides,
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const env = projectEnv(context);
  const { ms } = await runChecked('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, env });
  return { dir, installMs: ms, env };
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root (this file is tests/release/src/workspace.ts). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The package.json fields the release checks read. */
export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [field: string]: unknown;
}

/** One workspace package: its manifest and its directory relative to the root. */
export interface WorkspacePackage {
  /** Directory relative to the repository root, with forward slashes (`packages/core`). */
  dir: string;
  manifest: PackageManifest;
}

/** Thrown when pnpm-workspace.yaml or a package.json cannot be read as the checks expect. */
export class WorkspaceLayoutError extends Error {
  override name = 'WorkspaceLayoutError';
}

/**
 * The `dir/*` globs under `packages:` in pnpm-workspace.yaml. Only that form is
 * supported: it is the one this repository uses, and a YAML parser is not a
 * dependency the root provides.
 */
export function workspaceGlobs(root: string): string[] {
  const file = join(root, 'pnpm-workspace.yaml');
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((line) => /^packages:\s*$/.test(line));
  if (start < 0) throw new WorkspaceLayoutError(`${file}: no top-level "packages:" list`);
  const globs: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const entry = /^\s+-\s+["']?([^"'\s]+)["']?\s*$/.exec(line)?.[1];
    if (entry === undefined) continue;
    if (!/^[\w.-]+\/\*$/.test(entry)) {
      throw new WorkspaceLayoutError(`${file}: workspace glob "${entry}" is not of the form dir/*`);
    }
    globs.push(entry.slice(0, -2));
  }
  if (globs.length === 0) throw new WorkspaceLayoutError(`${file}: "packages:" lists no globs`);
  return globs;
}

/** Reads a package.json, naming the file when it lacks a name or version. */
export function readManifest(file: string): PackageManifest {
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Partial<PackageManifest>;
  if (typeof manifest.name !== 'string' || typeof manifest.version !== 'string') {
    throw new WorkspaceLayoutError(`${file}: "name" and "version" must both be strings`);
  }
  return manifest as PackageManifest;
}

/** Every workspace package under `root`, sorted by directory. */
export function workspacePackages(root: string): WorkspacePackage[] {
  const found: WorkspacePackage[] = [];
  for (const group of workspaceGlobs(root)) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir, { withFileTypes: true })) {
      const manifestPath = join(groupDir, entry.name, 'package.json');
      if (!entry.isDirectory() || !existsSync(manifestPath)) continue;
      found.push({ dir: `${group}/${entry.name}`, manifest: readManifest(manifestPath) });
    }
  }
  return found.sort((a, b) => a.dir.localeCompare(b.dir));
}

/** The names of the workspace packages that depend on `name` at run time (not devDependencies). */
export function runtimeDependents(packages: WorkspacePackage[], name: string): string[] {
  return packages
    .filter(({ manifest }) => manifest.dependencies?.[name] ?? manifest.peerDependencies?.[name])
    .map(({ manifest }) => manifest.name);
}

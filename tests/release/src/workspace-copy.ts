import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pendingChangesets } from './release-plan';
import { type PackageManifest, readManifest, workspacePackages } from './workspace';

/**
 * A throwaway git repository holding what changesets reads from the workspace:
 * the root manifest, pnpm-workspace.yaml, .changeset/ and each package's
 * package.json and CHANGELOG.md, committed on a branch named `main`.
 *
 * The release checks run here and never in the real checkout: `changeset
 * version` rewrites manifests, and `changeset status` diffs the working tree
 * against `main`, which in a developer's checkout (or a CI clone on another
 * branch) holds unrelated uncommitted or unmerged changes.
 */
export interface WorkspaceCopy {
  /** Absolute path of the copy. */
  dir: string;
  /** Runs git in the copy and returns its stdout. */
  git(...args: string[]): string;
  /** Reads a package.json of the copy, by directory relative to its root. */
  manifest(packageDir: string): PackageManifest;
  /** Reads a file of the copy, or undefined when it does not exist. */
  read(path: string): string | undefined;
  /** Writes a file of the copy, creating its directory. */
  write(path: string, text: string): void;
  /**
   * Links each package's `workspace:` dependencies into its node_modules, as
   * `pnpm install` does; `pnpm pack` reads the linked manifests to turn
   * `workspace:^` into a real range.
   */
  linkWorkspaceDependencies(): void;
  /** Commits the removal of every changeset pending on main, so a check starts from none. */
  dropPendingChangesets(): void;
  /** Deletes the copy (links are unlinked, never followed). */
  remove(): void;
}

const GIT_IDENTITY = [
  '-c',
  'user.name=release-tests',
  '-c',
  'user.email=release-tests@imdb-rnn.invalid',
  '-c',
  'commit.gpgsign=false',
  '-c',
  'core.hooksPath=/dev/null',
];

/** Copies the release-relevant files of `root` into a fresh temporary git repository on `main`. */
export function copyWorkspace(root: string): WorkspaceCopy {
  const dir = mkdtempSync(join(tmpdir(), 'imdb-rnn-release-'));
  const nodeModules = join(dir, 'node_modules');
  const copy: WorkspaceCopy = {
    dir,
    git: (...args) =>
      execFileSync('git', [...GIT_IDENTITY, ...args], {
        cwd: dir,
        encoding: 'utf8',
        stdio: 'pipe',
      }),
    manifest: (packageDir) => readManifest(join(dir, packageDir, 'package.json')),
    read: (path) => {
      const file = join(dir, path);
      return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    },
    write: (path, text) => {
      const file = join(dir, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    },
    linkWorkspaceDependencies: () => {
      const packages = workspacePackages(dir);
      const dirByName = new Map(packages.map((p) => [p.manifest.name, p.dir]));
      for (const { dir: packageDir, manifest } of packages) {
        const ranges = { ...manifest.dependencies, ...manifest.devDependencies };
        for (const [name, range] of Object.entries(ranges)) {
          const target = dirByName.get(name);
          if (!range.startsWith('workspace:') || target === undefined) continue;
          const link = join(dir, packageDir, 'node_modules', name);
          mkdirSync(dirname(link), { recursive: true });
          symlinkSync(relative(dirname(link), join(dir, target)), link, 'dir');
        }
      }
    },
    dropPendingChangesets: () => {
      const pending = pendingChangesets(dir);
      if (pending.length === 0) return;
      copy.git('rm', '--quiet', ...pending);
      copy.git('commit', '--quiet', '--message', 'drop pending changesets');
    },
    remove: () => {
      // Without `recursive`, rmSync unlinks the link itself; the root node_modules is never entered.
      rmSync(nodeModules, { force: true });
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    for (const file of ['package.json', 'pnpm-workspace.yaml']) {
      copyFileSync(join(root, file), join(dir, file));
    }
    cpSync(join(root, '.changeset'), join(dir, '.changeset'), { recursive: true });
    for (const { dir: packageDir } of workspacePackages(root)) {
      mkdirSync(join(dir, packageDir), { recursive: true });
      for (const file of ['package.json', 'CHANGELOG.md']) {
        const source = join(root, packageDir, file);
        if (existsSync(source)) copyFileSync(source, join(dir, packageDir, file));
      }
    }
    // changesets loads the changelog generator named in .changeset/config.json
    // from .changeset/ upwards, as it does in the real checkout.
    symlinkSync(join(root, 'node_modules'), nodeModules, 'dir');
    copy.write('.gitignore', 'node_modules\n');
    copy.git('init', '--quiet', '--initial-branch=main');
    copy.git('add', '--all');
    copy.git('commit', '--quiet', '--message', 'workspace copy');
  } catch (error) {
    copy.remove();
    throw error;
  }
  return copy;
}

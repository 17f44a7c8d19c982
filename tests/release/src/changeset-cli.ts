import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The changesets CLI the root package.json pins (the one `pnpm changeset` runs). */
const changesetBin = require.resolve('@changesets/cli/bin.js');

/** How a changesets CLI run ended: its exit status and its combined output. */
export interface ChangesetRun {
  status: number | null;
  output: string;
}

/** Runs `changeset <args>` in `cwd` with colours off, so the output can be matched. */
export function runChangeset(cwd: string, args: string[]): ChangesetRun {
  const run = spawnSync(process.execPath, [changesetBin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: 'true' },
    timeout: 50_000,
  });
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Formats a changeset file: front matter naming each package's bump, then the summary. */
export function changesetFile(bumps: Record<string, 'major' | 'minor' | 'patch'>, summary: string) {
  const lines = Object.entries(bumps).map(([name, bump]) => `'${name}': ${bump}`);
  return `---\n${lines.join('\n')}\n---\n\n${summary}\n`;
}

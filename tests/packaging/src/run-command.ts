// Runs a command to completion and collects its output; the packaging tests spawn npm,
// node, Deno and the installed CLIs this way, asynchronously so installs can overlap.
import { spawn } from 'node:child_process';

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Wall-clock milliseconds from spawn to exit. */
  ms: number;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the command after this many milliseconds (default 10 minutes). */
  timeoutMs?: number;
}

/** A command exited non-zero (or was killed) where success was required. */
export class CommandError extends Error {
  override readonly name = 'CommandError';
  constructor(
    readonly command: string,
    readonly result: CommandResult,
  ) {
    // The end of stderr is where npm, Deno and Node put the reason.
    super(`\`${command}\` exited with ${result.status}:\n${result.stderr.slice(-4000)}`);
  }
}

/** Runs `file args` and resolves with its exit status and output, whatever the status. */
export function runCommand(
  file: string,
  args: readonly string[],
  options: RunOptions,
): Promise<CommandResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 600_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({ status, stdout, stderr, ms: performance.now() - started }),
    );
  });
}

/** Like runCommand, but rejects with a CommandError unless the command exits 0. */
export async function runChecked(
  file: string,
  args: readonly string[],
  options: RunOptions,
): Promise<CommandResult> {
  const result = await runCommand(file, args, options);
  if (result.status !== 0) throw new CommandError([file, ...args].join(' '), result);
  return result;
}

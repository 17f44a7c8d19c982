import { afterEach, beforeEach, vi } from 'vitest';

/** What the CLI wrote in the current test; tests may reset either field. */
export interface CapturedOutput {
  stdout: string;
  stderr: string;
}

/**
 * Captures process.stdout and process.stderr writes for each test of the calling
 * file (fresh in each test, restored after), so CLI tests can assert on messages.
 */
export function captureOutput(): CapturedOutput {
  const output: CapturedOutput = { stdout: '', stderr: '' };
  beforeEach(() => {
    output.stdout = '';
    output.stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      output.stdout += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      output.stderr += String(chunk);
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  return output;
}

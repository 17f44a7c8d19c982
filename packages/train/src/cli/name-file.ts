/**
 * Runs `work` and, if it throws, prefixes the error's message with `path` (if
 * not already there), so every CLI error names the file it is about. The error
 * keeps its class and code.
 */
export async function namingFile<T>(path: string, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Error && !error.message.includes(path)) {
      error.message = `${path}: ${error.message}`;
    }
    throw error;
  }
}

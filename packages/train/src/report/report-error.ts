/**
 * Raised when a results file cannot be read or does not match the schema, or a
 * report cannot be written. `code` is stable for programmatic checks; the
 * message names the file and, for schema errors, the JSON path of the field.
 */
export class ReportError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ReportError';
    this.code = code;
  }
}

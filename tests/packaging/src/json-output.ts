// The fixture scripts print one JSON object on a line of their own; libraries may log around it
// (tfjs greets Node users on the console).

/** Parses the last stdout line that is a JSON object; throws naming the command if there is none. */
export function lastJsonLine<T>(stdout: string, command: string): T {
  const line = stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (line === undefined) throw new Error(`${command} printed no JSON report; stdout:\n${stdout}`);
  return JSON.parse(line) as T;
}

/**
 * What CLI commands share: how they print (people by default, --json for scripts), the options
 * every server-talking command takes, and option value parsers (a bad value is a usage error).
 */
import { InvalidArgumentError, Option } from 'commander';

export function printResult(json: boolean | undefined, body: unknown, lines: string[]): void {
  process.stdout.write(json ? `${JSON.stringify(body, null, 2)}\n` : `${lines.join('\n')}\n`);
}

/** --url: which server to talk to (else DIALTONE_URL, DATA_DIR/server.json, localhost:PORT). */
export function urlOption(): Option {
  return new Option('--url <url>',
    'dialtone server to use (default: DIALTONE_URL, else the URL in DATA_DIR/server.json, '
    + 'else http://localhost:PORT)');
}

export function jsonOption(): Option {
  return new Option('--json', 'print the API answer as JSON (for scripts)');
}

/** A parser for a whole-number option in [min, max]. */
export function wholeNumber(min: number, max: number): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!/^[0-9]+$/.test(text) || value < min || value > max) {
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    }
    return value;
  };
}

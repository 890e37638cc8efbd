/** What every CLI command shares: its shape and how it prints (people by default, --json for scripts). */
export interface Command {
  name: string;
  summary: string;
  run(argv: string[]): Promise<void>;
}

export function printResult(json: boolean | undefined, body: unknown, lines: string[]): void {
  process.stdout.write(json ? `${JSON.stringify(body, null, 2)}\n` : `${lines.join('\n')}\n`);
}

/**
 * `dialtone mail list`: the e-mails dialtone queued, newest first, read from the dev mailbox of
 * a running server (DIALTONE_DEV_MAILBOX, on by default with the embedded database). Each line
 * shows the widget link so a developer can open it without an SMTP server.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config';
import { apiClient, ApiError } from '../api-client';
import { printResult, type Command } from '../output';

interface MailboxMessage {
  id: string;
  kind: string;
  to: string;
  subject: string | null;
  text: string | null;
  status: string;
  created_at: string;
}

function firstLink(text: string | null): string {
  return /https?:\/\/\S+/.exec(text ?? '')?.[0] ?? '';
}

async function list(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      page: { type: 'string', default: '1' },
      size: { type: 'string', default: '20' },
      json: { type: 'boolean', default: false },
    },
  });
  const server = process.env.DIALTONE_URL ?? `http://localhost:${loadConfig().port}`;
  const baseUrl = server.replace(/\/+$/, '');
  const query = `page=${Number(values.page)}&size=${Number(values.size)}`;
  let result: { messages: MailboxMessage[]; total: number };
  try {
    const url = `/dev/mailbox/messages?${query}`;
    result = await apiClient(baseUrl, {}).request('GET', url) as typeof result;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      throw new Error(
        'the dev mailbox is off on this server (set DIALTONE_DEV_MAILBOX=true to turn it on)');
    }
    throw error;
  }
  printResult(values.json, result, [
    ...result.messages.map((message) => [
      message.created_at, message.status.padEnd(9), message.kind.padEnd(12), message.to,
      message.subject ?? '(not rendered yet)', firstLink(message.text),
    ].join('  ').trimEnd()),
    `${result.total} e-mail(s)`,
  ]);
}

export const mailCommand: Command = {
  name: 'mail',
  summary: 'mail list: e-mails in the dev mailbox of a running server (no SMTP needed)',
  async run(argv) {
    const [action, ...rest] = argv;
    if (action !== 'list') {
      throw new Error('usage: dialtone mail list [--page N] [--size N] [--json]');
    }
    await list(rest);
  },
};

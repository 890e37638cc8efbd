/**
 * `dialtone mail list`: the e-mails dialtone queued, newest first, read from the dev mailbox of
 * a running server (DIALTONE_DEV_MAILBOX, on by default with the embedded database). Each line
 * shows the widget link so a developer can open it without an SMTP server. The mailbox answers
 * loopback clients and the operator token, which the CLI sends.
 */
import { Command } from 'commander';
import { MAILBOX_PAGE_SIZE_MAX } from '../../limits';
import { apiClient, ApiError, findServer, operatorClient, type ApiClient } from '../api-client';
import { jsonOption, printResult, urlOption, wholeNumber } from '../output';

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

/** With the operator token when the CLI has one; on this machine the mailbox needs none. */
function mailboxClient(urlOption: string | undefined): ApiClient {
  try {
    return operatorClient(urlOption);
  } catch {
    return apiClient(findServer(urlOption).baseUrl, {}, { server: findServer(urlOption) });
  }
}

interface ListOptions { page: number; size: number; url?: string; json?: boolean }

async function list(options: ListOptions): Promise<void> {
  const query = `page=${options.page}&size=${options.size}`;
  let result: { messages: MailboxMessage[]; total: number };
  try {
    const url = `/dev/mailbox/messages?${query}`;
    result = await mailboxClient(options.url).request('GET', url) as typeof result;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      throw new Error(
        'the dev mailbox is off on this server (set DIALTONE_DEV_MAILBOX=true to turn it on)');
    }
    throw error;
  }
  printResult(options.json, result, [
    ...result.messages.map((message) => [
      message.created_at, message.status.padEnd(9), message.kind.padEnd(12), message.to,
      message.subject ?? '(not rendered yet)', firstLink(message.text),
    ].join('  ').trimEnd()),
    `${result.total} e-mail(s)`,
  ]);
}

export function mailCommand(): Command {
  const mail = new Command('mail')
    .description('e-mails dialtone queued, from the dev mailbox of a running server (no SMTP '
      + 'needed)');
  mail.command('list')
    .description('e-mails newest first, each with its first link (e.g. the KYC widget)')
    .option('--page <n>', 'page number', wholeNumber(1, 100_000), 1)
    .option('--size <n>', 'e-mails per page', wholeNumber(1, MAILBOX_PAGE_SIZE_MAX), 20)
    .addOption(urlOption()).addOption(jsonOption())
    .action(list);
  return mail;
}

/** `dialtone partners create|list|credit`: the operator's partner management. */
import { Command, InvalidArgumentError } from 'commander';
import { operatorClient } from '../api-client';
import { jsonOption, printResult, urlOption, wholeNumber } from '../output';

type Partner = { auth_id: string; name: string; email: string; balance: string; currency: string; is_active: boolean };

interface CreateOptions {
  name: string; email: string; company?: string; phone?: string; currency?: string;
  maxAccounts?: number; url?: string; json?: boolean;
}

async function create(options: CreateOptions): Promise<void> {
  const body = {
    name: options.name, email: options.email, company: options.company, phone: options.phone,
    currency: options.currency, max_accounts: options.maxAccounts,
  };
  const partner = await operatorClient(options.url)
    .request('POST', '/api/v1/admin/partners', body) as Partner & { auth_token: string };
  printResult(options.json, partner, [
    `partner ${partner.auth_id} created (${partner.name}, ${partner.currency})`,
    `auth_token: ${partner.auth_token}   (shown once: store it now)`,
  ]);
}

async function list(options: { page: number; url?: string; json?: boolean }): Promise<void> {
  const result = await operatorClient(options.url)
    .request('GET', `/api/v1/admin/partners?per_page=100&page=${options.page}`) as {
    partners: Partner[]; total: number;
  };
  printResult(options.json, result, [
    ...result.partners.map((p) => `${p.auth_id}  ${p.is_active ? 'active  ' : 'inactive'}  ${p.balance.padStart(16)} ${p.currency}  ${p.name} <${p.email}>`),
    `${result.total} partner(s)`,
  ]);
}

interface CreditOptions { amount: string; description?: string; reference?: string; url?: string; json?: boolean }

async function credit(authId: string, options: CreditOptions): Promise<void> {
  // The amount is sent as JSON text exactly as typed, so it is never rounded.
  const body = `{"amount": ${options.amount}${options.description ? `, "description": ${JSON.stringify(options.description)}` : ''}${options.reference ? `, "reference": ${JSON.stringify(options.reference)}` : ''}}`;
  const result = await operatorClient(options.url).request('POST', `/api/v1/admin/partners/${authId}/credit`, body) as {
    transaction_id: string; balance_after: number; currency: string;
  };
  printResult(options.json, result, [`credited ${authId}: ${result.transaction_id}, balance now ${result.balance_after} ${result.currency}`]);
}

function decimalAmount(text: string): string {
  if (!/^[0-9]+(\.[0-9]+)?$/.test(text)) throw new InvalidArgumentError('must be a decimal number such as 1000.00');
  return text;
}

export function partnersCommand(): Command {
  const partners = new Command('partners')
    .description('manage partners (needs a running server)');
  partners.command('create')
    .description('create a partner; prints its PA_ id and its auth token (shown once)')
    .requiredOption('--name <name>', 'partner name')
    .requiredOption('--email <email>', 'contact e-mail (unique)')
    .option('--company <company>', 'company name')
    .option('--phone <phone>', 'phone number, E.164')
    .option('--currency <code>', 'wallet currency (default INR)')
    .option('--max-accounts <n>', 'most customer accounts the partner may create',
      wholeNumber(0, 1_000_000))
    .addOption(urlOption()).addOption(jsonOption())
    .action(create);
  partners.command('list')
    .description('list partners, 100 per page')
    .option('--page <n>', 'page number', wholeNumber(1, 100_000), 1)
    .addOption(urlOption()).addOption(jsonOption())
    .action(list);
  partners.command('credit')
    .description("add money to a partner's master wallet (a ledger credit)")
    .argument('<auth_id>', 'the partner, PA_XXXXXXXX')
    .requiredOption('--amount <amount>', 'decimal amount, e.g. 50000.00', decimalAmount)
    .option('--description <text>', 'shown on the transaction')
    .option('--reference <text>', 'your reference (e.g. a payment id)')
    .addOption(urlOption()).addOption(jsonOption())
    .action(credit);
  return partners;
}

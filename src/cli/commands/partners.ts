/** `dialtone partners create|list|credit`: the operator's partner management. */
import { parseArgs } from 'node:util';
import { operatorClient } from '../api-client';
import { printResult, type Command } from '../output';

type Partner = { auth_id: string; name: string; email: string; balance: string; currency: string; is_active: boolean };

async function create(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      name: { type: 'string' }, email: { type: 'string' }, company: { type: 'string' },
      phone: { type: 'string' }, currency: { type: 'string' }, 'max-accounts': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.name || !values.email) throw new Error('usage: dialtone partners create --name NAME --email EMAIL');
  const body = {
    name: values.name, email: values.email, company: values.company, phone: values.phone,
    currency: values.currency,
    max_accounts: values['max-accounts'] === undefined ? undefined : Number(values['max-accounts']),
  };
  const partner = await operatorClient().request('POST', '/api/v1/admin/partners', body) as Partner & { auth_token: string };
  printResult(values.json, partner, [
    `partner ${partner.auth_id} created (${partner.name}, ${partner.currency})`,
    `auth_token: ${partner.auth_token}   (shown once: store it now)`,
  ]);
}

async function list(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { page: { type: 'string', default: '1' }, json: { type: 'boolean', default: false } },
  });
  const result = await operatorClient().request('GET', `/api/v1/admin/partners?per_page=100&page=${Number(values.page)}`) as {
    partners: Partner[]; total: number;
  };
  printResult(values.json, result, [
    ...result.partners.map((p) => `${p.auth_id}  ${p.is_active ? 'active  ' : 'inactive'}  ${p.balance.padStart(16)} ${p.currency}  ${p.name} <${p.email}>`),
    `${result.total} partner(s)`,
  ]);
}

async function credit(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      amount: { type: 'string' }, description: { type: 'string' }, reference: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const authId = positionals[0];
  if (!authId || !values.amount) throw new Error('usage: dialtone partners credit PA_XXXXXXXX --amount 1000.00');
  // The amount is sent as JSON text exactly as typed, so it is never rounded.
  if (!/^[0-9]+(\.[0-9]+)?$/.test(values.amount)) throw new Error('--amount must be a decimal number');
  const body = `{"amount": ${values.amount}${values.description ? `, "description": ${JSON.stringify(values.description)}` : ''}${values.reference ? `, "reference": ${JSON.stringify(values.reference)}` : ''}}`;
  const result = await operatorClient().request('POST', `/api/v1/admin/partners/${authId}/credit`, body) as {
    transaction_id: string; balance_after: number; currency: string;
  };
  printResult(values.json, result, [`credited ${authId}: ${result.transaction_id}, balance now ${result.balance_after} ${result.currency}`]);
}

export const partnersCommand: Command = {
  name: 'partners',
  summary: 'partners create|list|credit: manage partners (needs a running server)',
  async run(argv) {
    const [action, ...rest] = argv;
    const actions: Record<string, (args: string[]) => Promise<void>> = { create, list, credit };
    const handler = action ? actions[action] : undefined;
    if (!handler) throw new Error('usage: dialtone partners create|list|credit [options] [--json]');
    await handler(rest);
  },
};

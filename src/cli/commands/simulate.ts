/**
 * `dialtone simulate --account MA_... --calls N --days D [--seed S] [--json]`: realistic calls
 * for one customer through the running server's CDR ingestion (POST /api/v1/admin/simulate), so
 * a fresh install shows CDRs, costs and a dashboard within a minute. Large runs are sent in
 * requests of at most CALLS_PER_REQUEST calls (each its own seed), so no request nears the
 * CLI's HTTP timeout.
 */
import { parseArgs } from 'node:util';
import { operatorClient } from '../api-client';
import { printResult, type Command } from '../output';

const CALLS_PER_REQUEST = 10_000;
const CALLS_MAX = 1_000_000;
const USAGE =
  'usage: dialtone simulate --account MA_XXXXXXXX --calls N [--days 30] [--seed S] [--json]';

interface SimulationAnswer {
  account_id: string;
  seed: number;
  accepted: number;
  duplicates: number;
  total_charged: string;
  total_shortfall: string;
  currency: string;
}

function wholeNumber(
  text: string | undefined,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || value < min || value > max) {
    throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'simulate --account MA_... --calls N --days D: generate calls through CDR ingestion',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        account: { type: 'string' }, calls: { type: 'string' },
        days: { type: 'string', default: '30' },
        seed: { type: 'string' }, json: { type: 'boolean', default: false },
      },
    });
    const calls = wholeNumber(values.calls, 'calls', 1, CALLS_MAX);
    if (!values.account || calls === undefined) throw new Error(USAGE);
    const days = wholeNumber(values.days, 'days', 1, 366)!;
    const firstSeed = wholeNumber(values.seed, 'seed', 0, 2 ** 31 - 1);
    const client = operatorClient();
    const answers: SimulationAnswer[] = [];
    for (let sent = 0, request = 0; sent < calls; sent += CALLS_PER_REQUEST, request += 1) {
      const body = {
        account_id: values.account, calls: Math.min(CALLS_PER_REQUEST, calls - sent), days,
        ...(firstSeed === undefined ? {} : { seed: (firstSeed + request) % 2 ** 31 }),
      };
      const answer = await client.request('POST', '/api/v1/admin/simulate', body);
      answers.push(answer as SimulationAnswer);
    }
    const sum = (pick: (answer: SimulationAnswer) => number) =>
      answers.reduce((total, answer) => total + pick(answer), 0);
    const currency = answers[0]!.currency;
    printResult(values.json, answers.length === 1 ? answers[0] : answers, [
      `${values.account}: ${sum((a) => a.accepted)} calls stored, `
        + `${sum((a) => a.duplicates)} already there`,
      ...answers.map((a) => `  seed ${a.seed}: charged ${a.total_charged} ${currency}, `
        + `unpaid ${a.total_shortfall} ${currency}`),
    ]);
  },
};

/**
 * `dialtone simulate --account MA_... --calls N --days D [--seed S] [--json]`: realistic calls
 * for one customer through the running server's CDR ingestion (POST /api/v1/admin/simulate), so
 * a fresh install shows CDRs, costs and a dashboard within a minute. Large runs are sent in
 * requests of at most CALLS_PER_REQUEST calls (each its own seed), so no request nears the
 * CLI's HTTP timeout.
 */
import { Command } from 'commander';
import { operatorClient } from '../api-client';
import { jsonOption, printResult, urlOption, wholeNumber } from '../output';

const CALLS_PER_REQUEST = 10_000;
const CALLS_MAX = 1_000_000;

interface SimulationAnswer {
  account_id: string;
  seed: number;
  accepted: number;
  duplicates: number;
  total_charged: string;
  total_shortfall: string;
  currency: string;
}

interface SimulateOptions {
  account: string; calls: number; days: number; seed?: number; url?: string; json?: boolean;
}

async function simulate(options: SimulateOptions): Promise<void> {
  const client = operatorClient(options.url);
  const answers: SimulationAnswer[] = [];
  for (let sent = 0, request = 0; sent < options.calls; sent += CALLS_PER_REQUEST, request += 1) {
    const body = {
      account_id: options.account, calls: Math.min(CALLS_PER_REQUEST, options.calls - sent),
      days: options.days,
      ...(options.seed === undefined ? {} : { seed: (options.seed + request) % 2 ** 31 }),
    };
    const answer = await client.request('POST', '/api/v1/admin/simulate', body);
    answers.push(answer as SimulationAnswer);
  }
  const sum = (pick: (answer: SimulationAnswer) => number) =>
    answers.reduce((total, answer) => total + pick(answer), 0);
  const currency = answers[0]!.currency;
  printResult(options.json, answers.length === 1 ? answers[0] : answers, [
    `${options.account}: ${sum((a) => a.accepted)} calls stored, `
      + `${sum((a) => a.duplicates)} already there`,
    ...answers.map((a) => `  seed ${a.seed}: charged ${a.total_charged} ${currency}, `
      + `unpaid ${a.total_shortfall} ${currency}`),
  ]);
}

export function simulateCommand(): Command {
  return new Command('simulate')
    .description("generate realistic calls for one customer through the running server's CDR "
      + 'ingestion')
    .requiredOption('--account <auth_id>', 'the customer account, MA_XXXXXXXX')
    .requiredOption('--calls <n>', 'how many calls', wholeNumber(1, CALLS_MAX))
    .option('--days <n>', 'spread over this many past days', wholeNumber(1, 366), 30)
    .option('--seed <n>', 'make the run repeatable (the same seed stores nothing new)',
      wholeNumber(0, 2 ** 31 - 1))
    .addOption(urlOption()).addOption(jsonOption())
    .action(simulate);
}

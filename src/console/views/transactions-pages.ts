/** Ledger entries across the partner's wallets and its customers', newest first. */
import { html } from '../../html/html';
import type { TransactionRow } from '../../domain/ledger/transactions';
import { field } from './fields';
import { consolePage, type PageFrame } from './layout';
import { pager, type PageState } from './pagination';
import { transactionsTable } from './transactions-tables';

export function transactionsPage(
  frame: PageFrame,
  input: PageState & { rows: TransactionRow[]; account: string; path: string; showFilter: boolean },
): string {
  return consolePage(frame, {
    title: 'Transactions',
    body: html`${input.showFilter && html`<form method="get" action="${input.path}" class="row">
${field({ name: 'account', label: 'Customer auth id', value: input.account,
  extra: { maxlength: '20' } })}
<div class="field"><button type="submit" class="secondary">Filter</button></div></form>`}
${transactionsTable(input.rows)}${pager(input.path, input, { account: input.account })}`,
  });
}

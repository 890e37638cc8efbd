/** The customer's home: balance and its transactions. */
import { html } from '../../html/html';
import type { TransactionRow } from '../../domain/ledger/transactions';
import { consolePage, type PageFrame } from './layout';
import { pager, type PageState } from './pagination';
import { transactionsTable } from './transactions-tables';

export function accountHomePage(
  frame: PageFrame,
  input: PageState & { balance: string; currency: string; rows: TransactionRow[] },
): string {
  return consolePage(frame, {
    title: 'Balance',
    body: html`<ul class="figures" aria-label="Balance"><li><span>Balance</span>
<strong id="account-balance">${input.balance} ${input.currency}</strong></li></ul>
<h2>Transactions</h2>${transactionsTable(input.rows)}${pager('/console/account', input)}`,
  });
}

/** Ledger entries as a table: amounts and balances exactly as stored, with the currency. */
import { html } from '../../html/html';
import type { TransactionRow } from '../../domain/ledger/transactions';

export function transactionsTable(rows: TransactionRow[]) {
  const body = rows.map((row) => html`<tr><td>${row.created_at.toISOString()}</td>
<td>${row.transaction_id}</td>
<td>${row.transaction_type}</td><td>${row.owner_auth_id}</td><td>${row.description}</td>
<td class="money">${row.amount} ${row.currency}</td>
<td class="money">${row.balance_after} ${row.currency}</td></tr>`);
  return html`<div class="table-box"><table><thead><tr><th scope="col">When</th>
<th scope="col">Transaction</th>
<th scope="col">Type</th><th scope="col">Wallet of</th><th scope="col">Description</th>
<th scope="col" class="money">Amount</th><th scope="col" class="money">Balance after</th></tr>
</thead>
<tbody>${body}</tbody></table></div>${rows.length === 0 && html`<p>No transactions.</p>`}`;
}

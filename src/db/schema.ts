/**
 * Row types of dialtone's tables, named as the columns are (no camel-case mapping, so one grep
 * finds both). Glossary, in Vobiz's words:
 * - partner: a reseller (PA_ id) with a master wallet and a pool of customers.
 * - account: a partner's customer (MA_ id), with its own credentials and wallet.
 * - wallet: one balance in one currency, owned by a partner, an account or the system.
 * - ledger transaction: one money movement (txn_ id); its ledger entries sum to zero.
 * - ledger entry: the signed change of one wallet, with the balance after it.
 * - recharge: operator money into a partner wallet; transfer: partner wallet to account wallet.
 */
import type { ColumnType, Generated } from 'kysely';

/** numeric and int8 arrive from pg as strings and stay strings (exact). */
type Numeric = string;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface PartnersTable {
  id: Generated<string>;
  account_id: ColumnType<string, never, never>;
  auth_id: string;
  name: string;
  slug: string;
  company: string | null;
  email: string;
  phone: string | null;
  currency: string;
  billing_model: Generated<string>;
  max_accounts: Generated<number>;
  can_create_accounts: Generated<boolean>;
  can_transfer_balance: Generated<boolean>;
  can_view_cdrs: Generated<boolean>;
  can_create_pricing_tiers: Generated<boolean>;
  is_active: Generated<boolean>;
  is_verified: Generated<boolean>;
  auth_token_digest: Buffer;
  auth_token_sealed: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AccountsTable {
  id: ColumnType<string, never, never>;
  api_id: Generated<string>;
  auth_id: string;
  partner_id: string;
  name: string;
  email: string;
  phone: string;
  country: string;
  currency: string;
  company: string | null;
  description: string | null;
  address: string | null;
  city: string | null;
  state: string | null;
  zip_code: string | null;
  timezone: string | null;
  gstin: string | null;
  gst_status: string | null;
  business_type: string | null;
  account_type: Generated<string>;
  password_hash: string;
  auth_token_digest: Buffer;
  auth_token_sealed: string;
  status: Generated<'active' | 'suspended'>;
  kyc_status: Generated<'pending' | 'completed'>;
  base_cps_limit: Generated<number>;
  base_concurrent_calls_limit: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_login: Timestamp | null;
}

export interface WalletsTable {
  id: ColumnType<string, never, never>;
  balance_id: Generated<string>;
  kind: 'partner' | 'account' | 'system';
  partner_id: string | null;
  account_id: string | null;
  system_code: string | null;
  currency: string;
  balance: Generated<Numeric>;
  updated_at: Timestamp;
}

export type LedgerTransactionType = 'recharge' | 'transfer' | 'debit' | 'refund';

export interface LedgerTransactionsTable {
  id: Generated<string>;
  transaction_id: string;
  type: LedgerTransactionType;
  reference_type: string;
  reference: string | null;
  partner_id: string;
  created_at: Timestamp;
}

export interface LedgerEntriesTable {
  id: ColumnType<string, never, never>;
  entry_id: Generated<string>;
  ledger_transaction_id: string;
  wallet_id: string;
  amount: Numeric;
  balance_after: Numeric | null;
  description: string | null;
  reference: string | null;
  created_at: Timestamp;
}

export interface IdempotencyKeysTable {
  principal_id: string;
  key: string;
  request_hash: string;
  response_status: number | null;
  response_body: string | null;
  created_at: Timestamp;
  completed_at: Timestamp | null;
}

export interface DB {
  partners: PartnersTable;
  accounts: AccountsTable;
  wallets: WalletsTable;
  ledger_transactions: LedgerTransactionsTable;
  ledger_entries: LedgerEntriesTable;
  idempotency_keys: IdempotencyKeysTable;
}

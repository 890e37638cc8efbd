/**
 * POST /api/v1/internal/cdrs: credentials, formats and limits; idempotent re-ingestion; partial
 * batches; charging through the ledger (shortfall, invariants); concurrent resends.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/domain/clock';
import { findLedgerViolations, isLedgerSound } from '../../../src/domain/ledger/invariants';
import { ADMIN_TOKEN, useTestApp } from '../../support/app';
import { CDR_TEST_NOW, cdrRow, fundCustomer, ingest, ingestOk } from '../../support/cdrs';
import { authHeaders, createCustomer, createPartner, type Credentials } from '../../support/factories';
import { expectDocumented, openApiDocument } from '../../support/openapi';
import { digestToken } from '../../../src/domain/secrets';

const INGEST_TOKEN = 'test-ingest-token';
const t = useTestApp({ clock: manualClock(CDR_TEST_NOW), ingestTokenDigest: digestToken(INGEST_TOKEN) });
let partner: Credentials;

beforeAll(async () => {
  partner = await createPartner(t.current.app);
});

async function newCustomer(balance?: string) {
  const customer = await createCustomer(t.current.app, partner);
  if (balance) await fundCustomer(t.current.app, partner, customer, balance);
  return customer;
}

async function balanceOf(customer: Credentials): Promise<string> {
  const response = await t.current.app.inject({
    url: `/api/v1/partner/accounts/${customer.authId}/balance`, headers: authHeaders(partner),
  });
  return response.json().cash_credits;
}

async function callDebits(customer: Credentials) {
  const response = await t.current.app.inject({
    url: `/api/v1/partner/accounts/${customer.authId}/transactions?transaction_type=debit`,
    headers: authHeaders(partner),
  });
  return response.json().transactions as { amount: number; reference_type: string; balance_after: string }[];
}

async function ledgerIsSound() {
  expect(isLedgerSound(await findLedgerViolations(t.current.database.handle.db))).toBe(true);
}

describe('credentials', () => {
  it('takes the operator token or the ingest token, nothing else', async () => {
    const customer = await newCustomer();
    const rows = () => [cdrRow({ account: customer })];
    for (const headers of [{}, { authorization: 'Bearer wrong' }, authHeaders(partner), authHeaders(customer)]) {
      const response = await ingest(t.current.app, rows(), headers);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ error: 'HTTPError', status_code: 401 });
    }
    for (const token of [ADMIN_TOKEN, INGEST_TOKEN]) {
      const response = await ingest(t.current.app, rows(), { authorization: `Bearer ${token}` });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().accepted).toBe(1);
    }
  });

  it('the ingest token opens nothing but ingestion', async () => {
    const response = await t.current.app.inject({
      url: '/api/v1/admin/partners', headers: { authorization: `Bearer ${INGEST_TOKEN}` },
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('formats and limits', () => {
  it('accepts NDJSON, reporting a line that is not JSON by its index', async () => {
    const customer = await newCustomer();
    const good = [cdrRow({ account: customer }), cdrRow({ account: customer })];
    const payload = `${JSON.stringify(good[0])}\r\n\n{"uuid": oops}\n${JSON.stringify(good[1])}\n`;
    const response = await t.current.app.inject({
      method: 'POST', url: '/api/v1/internal/cdrs', payload,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/x-ndjson' },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ received: 3, accepted: 2, rejected: 1 });
    expect(response.json().errors).toEqual([
      { index: 1, uuid: null, field: 'row', message: expect.stringMatching(/^is not valid JSON/) },
    ]);
  });

  it('refuses a body that is not an array, unreadable JSON and unknown content types', async () => {
    const headers = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const object = await ingest(t.current.app, { uuid: randomUUID() } as unknown as unknown[]);
    expect(object.statusCode).toBe(422);
    expect(object.json()).toMatchObject({ error: 'ValidationError', details: [{ loc: ['body'] }] });
    const broken = await t.current.app.inject({
      method: 'POST', url: '/api/v1/internal/cdrs', payload: '[{', headers: { ...headers, 'content-type': 'application/json' },
    });
    expect(broken.statusCode).toBe(422);
    const csv = await t.current.app.inject({
      method: 'POST', url: '/api/v1/internal/cdrs', payload: 'a,b', headers: { ...headers, 'content-type': 'text/csv' },
    });
    expect(csv.statusCode).toBe(415);
  });

  it('takes 10,000 rows and refuses 10,001 (JSON and NDJSON)', async () => {
    const customer = await newCustomer();
    const rows = Array.from({ length: 10_000 }, () => cdrRow({ account: customer, talk: null }));
    const full = await ingest(t.current.app, rows);
    expect(full.statusCode, full.body.slice(0, 300)).toBe(200);
    expect(full.json().accepted).toBe(10_000);
    const over = await ingest(t.current.app, [...rows, cdrRow({ account: customer })]);
    expect(over.statusCode).toBe(422);
    expect(over.json().details[0]).toMatchObject({ loc: ['body'], type: 'maxItems' });
    const ndjson = await t.current.app.inject({
      method: 'POST', url: '/api/v1/internal/cdrs',
      payload: [...rows, cdrRow({ account: customer })].map((row) => JSON.stringify(row)).join('\n'),
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/x-ndjson' },
    });
    expect(ndjson.statusCode).toBe(422);
  });

  it('refuses a body over 16 MiB with 413 and does not read it', async () => {
    const response = await t.current.app.inject({
      method: 'POST', url: '/api/v1/internal/cdrs', payload: `[${'"x",'.repeat(4_200_000)}"x"]`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(413);
  });

  it('keeps the exact-JSON parser and the 1 MiB limit everywhere else', async () => {
    const response = await t.current.app.inject({
      method: 'POST', url: '/api/v1/admin/partners', payload: `{"name": "${'x'.repeat(1_100_000)}"}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(413);
  });
});

describe('idempotency and partial batches', () => {
  it('a resent batch changes nothing: no new CDR, no second charge', async () => {
    const customer = await newCustomer('10.00');
    const rows = [cdrRow({ account: customer, talk: 61 }), cdrRow({ account: customer, talk: 10 })];
    const first = await ingestOk(t.current.app, rows);
    expect(first).toMatchObject({ received: 2, accepted: 2, duplicates: 0, rejected: 0, errors: [] });
    expect(first.charges).toEqual([{
      account_id: customer.authId, transaction_id: expect.stringMatching(/^txn_[0-9a-f]{12}$/),
      amount: '1.50000', shortfall: '0.00000', currency: 'INR', calls: 2,
    }]);
    expect(await balanceOf(customer)).toBe('8.50000');
    const again = await ingestOk(t.current.app, rows);
    expect(again).toMatchObject({ received: 2, accepted: 0, duplicates: 2, charges: [] });
    const mixed = await ingestOk(t.current.app, [rows[0], cdrRow({ account: customer, talk: 5 })]);
    expect(mixed).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(await balanceOf(customer)).toBe('8.00000');
    expect((await callDebits(customer)).map((debit) => debit.amount)).toEqual([0.5, 1.5]);
    await ledgerIsSound();
  });

  it('a uuid repeated inside one batch is stored once', async () => {
    const customer = await newCustomer('5.00');
    const row = cdrRow({ account: customer });
    const body = await ingestOk(t.current.app, [row, { ...row, billsec: 1 }]);
    expect(body).toMatchObject({ accepted: 1, duplicates: 1, rejected: 0 });
    expect(await balanceOf(customer)).toBe('4.50000');
  });

  it('a uuid resent with another start time is still a duplicate (the key is global)', async () => {
    const customer = await newCustomer();
    const row = cdrRow({ account: customer, talk: null });
    await ingestOk(t.current.app, [row]);
    const moved = cdrRow({ account: customer, talk: null, uuid: row.uuid as string, start: '2026-03-02T08:00:00Z' });
    expect(await ingestOk(t.current.app, [moved])).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it('keeps the good rows of a batch and reports each bad one by index', async () => {
    const customer = await newCustomer('5.00');
    const stranger = 'MA_ZZZZZZZZ';
    const badUuid = randomUUID();
    const rows = [
      cdrRow({ account: customer }),
      { ...cdrRow({ account: customer, uuid: badUuid }), billsec: 99 },
      'not an object',
      cdrRow({ account: customer, talk: null }),
      { ...cdrRow(), account_id: stranger },
      { ...cdrRow({ account: customer }), trunk_id: randomUUID() },
    ];
    const body = await ingestOk(t.current.app, rows);
    expect(body).toMatchObject({ received: 6, accepted: 2, duplicates: 0, rejected: 4 });
    expect(body.errors).toEqual([
      { index: 1, uuid: badUuid, field: 'billsec', message: 'must not exceed duration' },
      { index: 2, uuid: null, field: 'row', message: 'must be a JSON object' },
      { index: 4, uuid: (rows[4] as { uuid: string }).uuid, field: 'account_id', message: 'no such account' },
      { index: 5, uuid: (rows[5] as { uuid: string }).uuid, field: 'trunk_id', message: 'no such trunk' },
    ]);
    expect(await balanceOf(customer)).toBe('4.50000');
  });

  it('an all-bad batch stores nothing and answers 200 with the errors', async () => {
    const body = await ingestOk(t.current.app, [{}, { uuid: 'x' }]);
    expect(body).toMatchObject({ received: 2, accepted: 0, rejected: 2, charges: [] });
    expect(body.errors.length).toBeGreaterThan(2);
  });

  it('concurrent resends of one batch store and charge it once', async () => {
    const customer = await newCustomer('100.00');
    const rows = Array.from({ length: 50 }, (_, i) => cdrRow({ account: customer, talk: 60, start: `2026-07-1${i % 10}T10:00:00Z` }));
    const answers = await Promise.all(Array.from({ length: 6 }, () => ingestOk(t.current.app, rows)));
    expect(answers.reduce((sum, answer) => sum + answer.accepted, 0)).toBe(50);
    expect(answers.reduce((sum, answer) => sum + answer.duplicates, 0)).toBe(250);
    expect(await balanceOf(customer)).toBe('75.00000');
    await ledgerIsSound();
  });

  it('concurrent batches sharing some calls store and charge each call once', async () => {
    const customer = await newCustomer('100.00');
    const calls = Array.from({ length: 60 }, (_, i) => cdrRow({ account: customer, talk: 60, start: `2026-07-1${i % 10}T1${i % 6}:00:00Z` }));
    // Six batches of 20, each sharing half its calls with the next (the last with the first).
    const batches = Array.from({ length: 6 }, (_, b) => Array.from({ length: 20 }, (_, k) => calls[(b * 10 + k) % 60]));
    const answers = await Promise.all(batches.map((rows) => ingestOk(t.current.app, rows)));
    expect(answers.reduce((sum, answer) => sum + answer.accepted, 0)).toBe(60);
    expect(answers.reduce((sum, answer) => sum + answer.duplicates, 0)).toBe(60);
    expect(await balanceOf(customer)).toBe('70.00000');
    const { rows } = await sql<{ stored: string }>`
      select count(*) as stored from cdrs c join accounts a on a.id = c.account_id
      where a.auth_id = ${customer.authId}`.execute(t.current.database.handle.db);
    expect(Number(rows[0]!.stored)).toBe(60);
    await ledgerIsSound();
  });
});

describe('naming the customer by trunk', () => {
  it('finds the account of a trunk, and refuses a trunk of another account', async () => {
    const customer = await newCustomer('3.00');
    const other = await newCustomer();
    const trunk = await t.current.app.inject({
      method: 'POST', url: `/api/v1/Account/${customer.authId}/trunks`,
      headers: authHeaders(customer), payload: { name: 'Main trunk' },
    });
    expect(trunk.statusCode, trunk.body).toBe(201);
    const trunkId = trunk.json().trunk_id as string;
    const { account_id: _none, ...byTrunk }: Record<string, unknown> = { ...cdrRow({ account: customer }), trunk_id: trunkId };
    const mismatch = { ...cdrRow({ account: other }), trunk_id: trunkId };
    const body = await ingestOk(t.current.app, [byTrunk, mismatch]);
    expect(body).toMatchObject({ accepted: 1, rejected: 1 });
    expect(body.errors[0]).toMatchObject({ index: 1, field: 'trunk_id', message: 'the trunk belongs to another account' });
    const list = await t.current.app.inject({
      url: `/api/v1/Account/${customer.authId}/cdr?trunk_id=${trunkId}`, headers: authHeaders(customer),
    });
    expect(list.json().data.map((row: { uuid: string }) => row.uuid)).toEqual([byTrunk.uuid]);
    expect(await balanceOf(customer)).toBe('2.50000');
  });
});

describe('charging', () => {
  it('debits a wallet to zero and records the shortfall on the CDRs, in call order', async () => {
    const customer = await newCustomer('1.20');
    const rows = [
      cdrRow({ account: customer, talk: 60, start: '2026-07-15T10:02:00Z' }),
      cdrRow({ account: customer, talk: 60, start: '2026-07-15T10:00:00Z' }),
      cdrRow({ account: customer, talk: 60, start: '2026-07-15T10:01:00Z' }),
    ];
    const body = await ingestOk(t.current.app, rows);
    expect(body.charges).toEqual([expect.objectContaining({ amount: '1.20000', shortfall: '0.30000', calls: 3 })]);
    expect(await balanceOf(customer)).toBe('0.00000');
    const list = await t.current.app.inject({
      url: `/api/v1/partner/accounts/${customer.authId}/cdrs`, headers: authHeaders(partner),
    });
    const byStart = Object.fromEntries(list.json().data.map((row: { start_time: string; shortfall: number }) =>
      [row.start_time, row.shortfall]));
    expect(byStart).toEqual({ '2026-07-15T10:00:00Z': 0, '2026-07-15T10:01:00Z': 0, '2026-07-15T10:02:00Z': 0.3 });
    expect(list.json().summary).toMatchObject({ total_cost: 1.5, total_shortfall: 0.3 });
    const [debit] = await callDebits(customer);
    expect(debit).toMatchObject({ amount: 1.2, reference_type: 'call', balance_after: '0.00000' });
    // An empty wallet pays nothing more: all shortfall, no ledger transaction.
    const empty = await ingestOk(t.current.app, [cdrRow({ account: customer, talk: 1 })]);
    expect(empty.charges).toEqual([expect.objectContaining({ transaction_id: null, amount: '0.00000', shortfall: '0.50000' })]);
    expect(await callDebits(customer)).toHaveLength(1);
    await ledgerIsSound();
  });

  it('pays in start order down to zero: a partial call keeps its debit, an unpaid one has none', async () => {
    const customer = await newCustomer('1.20');
    const rows = [0, 1, 2, 3].map((minute) =>
      cdrRow({ account: customer, talk: 60, start: `2026-07-15T10:0${minute}:00Z` }));
    const unanswered = cdrRow({ account: customer, talk: null, start: '2026-07-15T09:59:00Z' });
    const body = await ingestOk(t.current.app, [...rows, unanswered]);
    expect(body.charges).toEqual([expect.objectContaining({ amount: '1.20000', shortfall: '0.80000', calls: 5 })]);
    const { rows: stored } = await sql<{ start_time: Date; cost: string; shortfall: string; transaction_id: string | null }>`
      select start_time, cost::text, shortfall::text, transaction_id from cdrs c
      join accounts a on a.id = c.account_id where a.auth_id = ${customer.authId}
      order by start_time`.execute(t.current.database.handle.db);
    const debit = body.charges[0].transaction_id;
    expect(stored.map(({ cost, shortfall, transaction_id }) => [cost, shortfall, transaction_id])).toEqual([
      ['0.00000', '0.00000', null],
      ['0.50000', '0.00000', debit], ['0.50000', '0.00000', debit],
      ['0.50000', '0.30000', debit], ['0.50000', '0.50000', null],
    ]);
    expect(await balanceOf(customer)).toBe('0.00000');
    await ledgerIsSound();
  });

  it('a wallet holding exactly the cost ends at zero with no shortfall', async () => {
    const customer = await newCustomer('0.50');
    const body = await ingestOk(t.current.app, [cdrRow({ account: customer, talk: 30 })]);
    expect(body.charges).toEqual([expect.objectContaining({ amount: '0.50000', shortfall: '0.00000' })]);
    expect(await balanceOf(customer)).toBe('0.00000');
  });

  it('concurrent batches of one customer never overdraw: charged + shortfall = cost', async () => {
    const customer = await newCustomer('7.00');
    const batches = Array.from({ length: 6 }, (_, b) => Array.from({ length: 5 }, (_, i) =>
      cdrRow({ account: customer, talk: 60, start: `2026-07-1${b}T10:0${i}:00Z` })));
    const answers = await Promise.all(batches.map((rows) => ingestOk(t.current.app, rows)));
    const sum = (key: 'amount' | 'shortfall') => answers
      .flatMap((answer) => answer.charges).reduce((total, charge) => total + Number(charge[key]), 0);
    expect(sum('amount')).toBeCloseTo(7, 5);
    expect(sum('shortfall')).toBeCloseTo(30 * 0.5 - 7, 5);
    expect(await balanceOf(customer)).toBe('0.00000');
    await ledgerIsSound();
  });

  it('charges many accounts in one batch, each with its own call debit', async () => {
    const customers = await Promise.all([newCustomer('10.00'), newCustomer('10.00'), newCustomer('10.00')]);
    const rows = customers.flatMap((customer, i) =>
      Array.from({ length: i + 1 }, () => cdrRow({ account: customer, talk: 120 })));
    const body = await ingestOk(t.current.app, rows);
    expect(body.charges.map((charge: { amount: string }) => charge.amount).sort()).toEqual(['1.00000', '2.00000', '3.00000']);
    expect(await Promise.all(customers.map(balanceOf))).toEqual(['9.00000', '8.00000', '7.00000']);
    await ledgerIsSound();
  });

  it("creates a new currency's revenue wallet once under concurrent first charges", async () => {
    const dollars = await createPartner(t.current.app, { currency: 'USD' });
    const customers = await Promise.all(Array.from({ length: 4 }, async () => {
      const customer = await createCustomer(t.current.app, dollars, { country: 'US', phone: '+14155550123' });
      await fundCustomer(t.current.app, dollars, customer, '10.00', 'USD');
      return customer;
    }));
    const answers = await Promise.all(customers.map((customer) => ingest(t.current.app, [cdrRow({ account: customer, talk: 60 })])));
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200]);
    expect(answers.map((answer) => answer.json().charges[0].currency)).toEqual(['USD', 'USD', 'USD', 'USD']);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from wallets
      where system_code = 'platform_revenue' and currency = 'USD'`.execute(t.current.database.handle.db);
    expect(rows[0]!.n).toBe(1);
    await ledgerIsSound();
  });

  it('records the debit in the ledger metrics', async () => {
    const customer = await newCustomer('10.00');
    await ingestOk(t.current.app, [cdrRow({ account: customer, talk: 600 })]);
    const metrics = await t.current.deps.metrics.registry.getSingleMetricAsString('dialtone_ledger_transactions_total');
    expect(metrics).toMatch(/type="debit"} [1-9]/);
  });

  it('stores every field as sent: backslashes, quotes and non-ASCII text, offsets, optional fields', async () => {
    const customer = await newCustomer('5.00');
    const row = cdrRow({
      account: customer, start: '2026-07-15T10:00:00Z',
      caller_id_name: 'Priya \\N "PN" \\t Nāir ☎', sip_user_agent: 'FreeSWITCH\\1.10 (\\\\mod)',
      failure_reason: 'back\\slash, comma', campaign_id: 'c-1', customer_endpoint: 'sip:a@b.test',
      terminated_to: '+919845012345', bridge_uuid: 'b-1', network_addr: '203.0.113.7',
      carrier_ip: '198.51.100.9', progress_time: '2026-07-15T15:30:02+05:30', mos: 4.25,
    });
    expect(await ingestOk(t.current.app, [row])).toMatchObject({ accepted: 1 });
    const { rows: [stored] } = await sql<Record<string, unknown>>`
      select caller_id_name, sip_user_agent, failure_reason, campaign_id, customer_endpoint,
             terminated_to, bridge_uuid, network_addr, carrier_ip, progress_time, mos, trunk_id,
             origination_region, failure_code, cost::text, transaction_id
      from cdrs where uuid = ${row.uuid}`.execute(t.current.database.handle.db);
    expect(stored).toEqual({
      caller_id_name: row.caller_id_name, sip_user_agent: row.sip_user_agent,
      failure_reason: row.failure_reason, campaign_id: 'c-1', customer_endpoint: 'sip:a@b.test',
      terminated_to: '+919845012345', bridge_uuid: 'b-1', network_addr: '203.0.113.7',
      carrier_ip: '198.51.100.9', progress_time: new Date('2026-07-15T10:00:02Z'), mos: 4.25,
      trunk_id: null, origination_region: null, failure_code: null, cost: '0.50000',
      transaction_id: expect.stringMatching(/^txn_/),
    });
  });

  it('ingests into a month without a partition yet (a backfill)', async () => {
    const customer = await newCustomer();
    const body = await ingestOk(t.current.app, [cdrRow({ account: customer, talk: null, start: '2025-07-01T00:00:00Z' })]);
    expect(body.accepted).toBe(1);
  });
});

describe('OpenAPI', () => {
  it('documents what ingestion answers', async () => {
    const document = await openApiDocument(t.current.app);
    const customer = await newCustomer();
    expectDocumented(document, 'POST', '/api/v1/internal/cdrs', await ingest(t.current.app, [cdrRow({ account: customer }), {}]));
    expectDocumented(document, 'POST', '/api/v1/internal/cdrs', await ingest(t.current.app, [], {}));
    expectDocumented(document, 'POST', '/api/v1/internal/cdrs', await ingest(t.current.app, {} as unknown as unknown[]));
  });
});

/**
 * The invariants the code keeps, held a second time by the database against any other writer:
 * one default tier per partner, no other partner's tier on an account, sane CDR rows, one row
 * per uuid, consistent roll-ups.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { authHeaders, createCustomer, createPartner, type Credentials } from '../support/factories';

const t = useTestApp();
let partner: Credentials;
let customer: Credentials;
let ids: { partnerId: string; accountId: string };

beforeAll(async () => {
  partner = await createPartner(t.current.app);
  customer = await createCustomer(t.current.app, partner);
  const { rows } = await sql<{ partner_id: string; id: string }>`
    select partner_id, id from accounts where auth_id = ${customer.authId}`.execute(t.current.database.handle.db);
  ids = { partnerId: rows[0]!.partner_id, accountId: rows[0]!.id };
});

const db = () => t.current.database.handle.db;
const sqlState = async (query: Promise<unknown>) => query.then(() => 'ok', (error: { code?: string; constraint?: string }) =>
  `${error.code}${error.constraint ? ` ${error.constraint}` : ''}`);

function insertCdr(change: Record<string, string> = {}) {
  const values = {
    uuid: `'${randomUUID()}'`, account_id: ids.accountId, partner_id: `'${ids.partnerId}'`,
    call_direction: `'outbound'`, caller_id_number: `'+918041101234'`, destination_number: `'+919845012345'`,
    context: `'sip-trunking'`, duration: '35', billsec: '30', billable_seconds: '60', ring_time: '5',
    answer_time: `'2026-07-15T10:00:05Z'`, start_time: `'2026-07-15T10:00:00Z'`, end_time: `'2026-07-15T10:00:35Z'`,
    cost: '0.5', shortfall: '0', currency: `'INR'`, hangup_cause: `'NORMAL_CLEARING'`, hangup_cause_code: '4000',
    hangup_cause_name: `'Normal Hangup'`, ...change,
  };
  return sql.raw(`select cdrs_ensure_partition('2026-07-01');
    insert into cdrs (${Object.keys(values).join(', ')}) values (${Object.values(values).join(', ')})`).execute(db());
}

describe('cdrs', () => {
  it('accepts a sane row', async () => {
    expect(await sqlState(insertCdr())).toBe('ok');
  });

  it.each([
    [{ billsec: '36' }, 'cdrs_durations_ordered'],
    [{ answer_time: 'null' }, 'cdrs_unanswered_no_billsec'],
    [{ answer_time: `'2026-07-15T11:00:00Z'` }, 'cdrs_answer_within_call'],
    [{ end_time: `'2026-07-15T09:00:00Z'`, answer_time: 'null', billsec: '0' }, 'cdrs_times_ordered'],
    [{ shortfall: '0.6' }, 'cdrs_shortfall_within_cost'],
    [{ cost: '-1', shortfall: '-1' }, 'cdrs_cost_nonnegative'],
    [{ call_direction: `'sideways'` }, 'cdrs_call_direction_known'],
  ])('refuses %j (%s)', async (change, constraint) => {
    expect(await sqlState(insertCdr(change))).toBe(`23514 ${constraint}`);
  });

  it('refuses a row in a month without a partition', async () => {
    const state = await sqlState(sql.raw(`insert into cdrs (uuid, account_id, partner_id, call_direction,
      caller_id_number, destination_number, context, duration, billsec, billable_seconds, ring_time,
      start_time, end_time, cost, currency, hangup_cause, hangup_cause_code, hangup_cause_name)
      values ('${randomUUID()}', 1, '${ids.partnerId}', 'inbound', 'a', 'b', 'voice-api', 0, 0, 0, 0,
      '2001-01-01', '2001-01-01', 0, 'INR', 'X', 0, 'Unknown')`).execute(db()));
    expect(state).toBe('23514');
  });

  it('cdrs_ensure_partition takes only the first of a month', async () => {
    expect(await sqlState(sql`select cdrs_ensure_partition('2026-07-02')`.execute(db()))).toBe('22023');
  });

  it('cdr_keys holds each uuid once', async () => {
    const uuid = randomUUID();
    const insert = () => sql`insert into cdr_keys values (${uuid}, 1, now())`.execute(db());
    expect(await sqlState(insert())).toBe('ok');
    expect(await sqlState(insert())).toBe('23505 cdr_keys_pkey');
  });
});

describe('pricing tiers and roll-ups', () => {
  it('keep one default per partner', async () => {
    const insert = (name: string) => sql`insert into pricing_tiers (partner_id, name, currency, rate_per_minute, is_default)
      values (${ids.partnerId}, ${name}, 'INR', 1, true)`.execute(db());
    expect(await sqlState(insert('d1'))).toBe('ok');
    expect(await sqlState(insert('d2'))).toBe('23505 pricing_tiers_one_default');
  });

  it("refuse another partner's tier on an account", async () => {
    const other = await createPartner(t.current.app);
    const tier = await t.current.app.inject({
      method: 'POST', url: '/api/v1/partner/pricing-tiers', headers: authHeaders(other),
      payload: { name: 'Theirs', rate_per_minute: 1 },
    });
    const state = await sqlState(sql`update accounts set pricing_tier_id = ${tier.json().id}
      where id = ${ids.accountId}`.execute(db()));
    expect(state).toBe('23503 accounts_pricing_tier_same_partner');
  });

  it('refuse roll-ups with more answered calls than calls', async () => {
    const state = await sqlState(sql`insert into cdr_daily_rollups values (${ids.accountId}, '2026-07-01',
      'inbound', 'voice-api', ${ids.partnerId}, 1, 2, 0, 0, 0, 0, 0, now())`.execute(db()));
    expect(state).toBe('23514 cdr_daily_rollups_counts_ordered');
  });
});

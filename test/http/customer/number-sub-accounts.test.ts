/**
 * POST/DELETE /account/{auth_id}/numbers/{e164}/assign-subaccount and the operator's forced
 * unassign: a DID moves between the parent's pool and a sub-account; taking it back is refused
 * (409 did_cool_off_in_effect, remaining seconds from the test clock) while it had a call within
 * DID_COOL_OFF_DAYS; force is the operator's only and audited; tenancy and races hold.
 */
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/domain/clock';
import { DID_COOL_OFF_DAYS } from '../../../src/limits';
import { useTestApp } from '../../support/app';
import { CDR_TEST_NOW, cdrRow, ingestOk } from '../../support/cdrs';
import { authHeaders, type Credentials, operatorHeaders } from '../../support/factories';
import { fundedCustomer, numberPath, purchase, stockNumber } from '../../support/numbers';
import { createSubAccount, subAccountsUrl } from '../../support/sub-accounts';

const clock = manualClock(CDR_TEST_NOW);
const t = useTestApp({ clock });
const DAY_S = 86_400;

function assignUrl(owner: Credentials, e164: string, query = '') {
  return `/api/v1/account/${owner.authId}/numbers/${numberPath(e164)}/assign-subaccount${query}`;
}

function assign(caller: Credentials, owner: Credentials, e164: string, subAccountId: string) {
  return t.current.app.inject({
    method: 'POST', url: assignUrl(owner, e164), headers: authHeaders(caller),
    payload: { sub_account_id: subAccountId },
  });
}

function unassign(caller: Credentials, e164: string, query = '') {
  return t.current.app.inject({
    method: 'DELETE', url: assignUrl(caller, e164, query), headers: authHeaders(caller),
  });
}

function operatorUnassign(owner: Credentials, e164: string, query = '') {
  return t.current.app.inject({
    method: 'DELETE',
    url: `/api/v1/admin/accounts/${owner.authId}/numbers/${numberPath(e164)}` +
      `/assign-subaccount${query}`,
    headers: operatorHeaders,
  });
}

/** A customer owning one number and one sub-account. */
async function ownerWithNumber() {
  clock.set(CDR_TEST_NOW);
  const { app } = t.current;
  const owner = await fundedCustomer(app, '2000.00');
  const e164 = await stockNumber(app, { setup_fee: '0', monthly_fee: '0' });
  expect((await purchase(app, owner, e164)).statusCode).toBe(200);
  const sub = await createSubAccount(app, owner);
  return { owner, e164, sub };
}

async function holder(e164: string): Promise<string | null> {
  const row = await t.current.deps.db.selectFrom('phone_numbers as n')
    .leftJoin('sub_accounts as sa', 'sa.id', 'n.sub_account_id')
    .select('sa.auth_id').where('n.e164', '=', e164).executeTakeFirstOrThrow();
  return row.auth_id;
}

describe('DID assignment to a sub-account', () => {
  it('assigns, and a never-called DID comes back at once', async () => {
    const { owner, e164, sub } = await ownerWithNumber();
    const assigned = await assign(owner, owner, e164, sub.authId);
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json().number).toMatchObject({ e164, sub_account_id: sub.authId });
    expect(await holder(e164)).toBe(sub.authId);
    const listed = await t.current.app.inject({
      url: `/api/v1/Account/${sub.authId}/numbers`, headers: authHeaders(sub),
    });
    expect(listed.json().items.map((n: { e164: string }) => n.e164)).toEqual([e164]);

    const back = await unassign(owner, e164);
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().number.sub_account_id).toBeNull();
    expect(await holder(e164)).toBeNull();
  });

  it('refuses a DID called within the cool-off back, with the exact time left', async () => {
    const { owner, e164, sub } = await ownerWithNumber();
    expect((await assign(owner, owner, e164, sub.authId)).statusCode).toBe(200);
    const lastCall = '2026-07-19T12:00:00Z';
    await ingestOk(t.current.app, [
      cdrRow({ account: owner, direction: 'inbound', to: e164, start: '2026-07-10T09:00:00Z' }),
      cdrRow({ account: owner, direction: 'outbound', from: e164, start: lastCall }),
    ]);
    const refused = await unassign(owner, e164);
    expect(refused.statusCode, refused.body).toBe(409);
    const until = new Date(Date.parse(lastCall) + DID_COOL_OFF_DAYS * DAY_S * 1000);
    expect(refused.json()).toMatchObject({
      error: 'did_cool_off_in_effect',
      cool_off_until: until.toISOString(),
      cool_off_remaining_seconds: (DID_COOL_OFF_DAYS - 1) * DAY_S,
    });
    expect(await holder(e164)).toBe(sub.authId);

    clock.advance(((DID_COOL_OFF_DAYS - 1) * DAY_S - 1) * 1000);
    expect((await unassign(owner, e164)).json().cool_off_remaining_seconds).toBe(1);
    clock.advance(1000);
    expect((await unassign(owner, e164)).statusCode).toBe(200);
    expect(await holder(e164)).toBeNull();
  });

  it('lets the operator force it (audited) and refuses force from the customer', async () => {
    const { owner, e164, sub } = await ownerWithNumber();
    expect((await assign(owner, owner, e164, sub.authId)).statusCode).toBe(200);
    await ingestOk(t.current.app, [
      cdrRow({ account: owner, direction: 'inbound', to: e164, start: '2026-07-20T11:00:00Z' }),
    ]);
    expect((await unassign(owner, e164, '?force=true')).statusCode).toBe(403);
    expect((await operatorUnassign(owner, e164)).statusCode).toBe(409);
    expect(await holder(e164)).toBe(sub.authId);

    const forced = await operatorUnassign(owner, e164, '?force=true');
    expect(forced.statusCode, forced.body).toBe(200);
    expect(await holder(e164)).toBeNull();
    const audit = await t.current.deps.db.selectFrom('did_assignment_audit')
      .select(['action', 'last_call_at']).execute();
    expect(audit).toEqual([
      { action: 'forced_unassign', last_call_at: new Date('2026-07-20T11:00:00Z') },
    ]);
  });

  it("is 404 for another tenant's number or sub-account, or a deleted one", async () => {
    const { owner, e164, sub } = await ownerWithNumber();
    const other = await ownerWithNumber();
    expect((await assign(owner, owner, e164, other.sub.authId)).statusCode).toBe(404);
    expect((await assign(owner, owner, other.e164, sub.authId)).statusCode).toBe(404);
    expect((await assign(other.owner, owner, e164, other.sub.authId)).statusCode).toBe(404);
    expect((await unassign(owner, other.e164)).statusCode).toBe(404);
    expect((await assign(sub, sub, e164, sub.authId)).statusCode).toBe(403);

    const deleted = await t.current.app.inject({
      method: 'DELETE', url: subAccountsUrl(owner, `/${sub.authId}`), headers: authHeaders(owner),
    });
    expect(deleted.statusCode, deleted.body).toBeLessThan(300);
    const gone = await assign(owner, owner, e164, sub.authId);
    expect(gone.statusCode, gone.body).toBe(404);
    expect(await holder(e164)).toBeNull();
  });

  it('settles concurrent assigns to two sub-accounts on one of them', async () => {
    const { owner, e164, sub } = await ownerWithNumber();
    const second = await createSubAccount(t.current.app, owner, { name: 'Sales' });
    const answers = await Promise.all([
      assign(owner, owner, e164, sub.authId), assign(owner, owner, e164, second.authId),
      assign(owner, owner, e164, sub.authId), assign(owner, owner, e164, second.authId),
    ]);
    const winner = await holder(e164);
    expect([sub.authId, second.authId]).toContain(winner);
    for (const answer of answers) {
      const body = answer.json();
      if (answer.statusCode === 200) expect(body.number.sub_account_id).toBe(winner);
      else expect(answer.statusCode).toBe(409);
    }
  });
});

/**
 * CSV export slots: per customer, per partner and in all, counted in the database so every API
 * process sees the same exports (a lease row written here stands for another process's export);
 * an expired lease no longer counts; a client that stops reading is cut and frees its slot.
 */
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/domain/clock';
import {
  CDR_EXPORT_IDLE_TIMEOUT_MS,
  CDR_EXPORTS_IN_FLIGHT_MAX,
  CDR_EXPORTS_PER_PARTNER_MAX,
} from '../../../src/limits';
import { useTestApp } from '../../support/app';
import { CDR_TEST_NOW, cdrRow, ingestOk } from '../../support/cdrs';
import {
  authHeaders, createCustomer, createPartner, type Credentials,
} from '../../support/factories';

const t = useTestApp({ clock: manualClock(CDR_TEST_NOW) });

async function idsOf(customer: Credentials) {
  return t.current.database.handle.db.selectFrom('accounts')
    .select(['id', 'partner_id']).where('auth_id', '=', customer.authId).executeTakeFirstOrThrow();
}

/** A lease as another process's running export leaves it. */
async function leaseElsewhere(customer: Credentials, expiresInSeconds = 30) {
  const ids = await idsOf(customer);
  await t.current.database.handle.db.insertInto('cdr_export_leases').values({
    account_id: ids.id, partner_id: ids.partner_id,
    created_at: new Date(Date.now() - 3_600_000),
    expires_at: sql<Date>`now() + make_interval(secs => ${expiresInSeconds})`,
  }).execute();
}

async function clearLeases() {
  await t.current.database.handle.db.deleteFrom('cdr_export_leases').execute();
}

async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function exportOf(customer: Credentials) {
  return t.current.app.inject({
    url: `/api/v1/Account/${customer.authId}/cdr/export`, headers: authHeaders(customer),
  });
}

describe('export slots', () => {
  let partner: Credentials;
  let customers: Credentials[];
  let stranger: Credentials;

  beforeAll(async () => {
    partner = await createPartner(t.current.app);
    customers = [];
    for (let i = 0; i < 3; i += 1) customers.push(await createCustomer(t.current.app, partner));
    stranger = await createCustomer(t.current.app, await createPartner(t.current.app));
  });

  it('one running export per customer; the others of its partner still export', async () => {
    await clearLeases();
    await leaseElsewhere(customers[0]!);
    const refused = await exportOf(customers[0]!);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().message).toMatch(/already running for this account/);
    expect((await exportOf(customers[1]!)).statusCode).toBe(200);
  });

  it('a partner holds at most its share; other partners are not starved', async () => {
    await clearLeases();
    for (let i = 0; i < CDR_EXPORTS_PER_PARTNER_MAX; i += 1) await leaseElsewhere(customers[i]!);
    const refused = await exportOf(customers[2]!);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().message).toMatch(/for this account's partner/);
    expect((await exportOf(stranger)).statusCode).toBe(200);
  });

  it('the whole platform holds CDR_EXPORTS_IN_FLIGHT_MAX', async () => {
    await clearLeases();
    const others = [];
    for (let i = 0; i < CDR_EXPORTS_IN_FLIGHT_MAX; i += 1) {
      others.push(await createCustomer(t.current.app, await createPartner(t.current.app)));
    }
    for (const other of others) await leaseElsewhere(other);
    const refused = await exportOf(stranger);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().message).toMatch(/on this platform/);
  });

  it('an expired lease (its process died) no longer counts', async () => {
    await clearLeases();
    await leaseElsewhere(customers[0]!, -1);
    expect((await exportOf(customers[0]!)).statusCode).toBe(200);
  });

  it('a finished export frees its slot at once', async () => {
    await clearLeases();
    for (let i = 0; i < 3; i += 1) expect((await exportOf(customers[0]!)).statusCode).toBe(200);
    const left = await t.current.database.handle.db.selectFrom('cdr_export_leases')
      .selectAll().execute();
    expect(left).toEqual([]);
  });
});

describe('a client that stops reading', () => {
  it('is cut after the idle timeout and its slot is freed', async () => {
    const partner = await createPartner(t.current.app);
    const customer = await createCustomer(t.current.app, partner);
    // Enough rows (~20 MB of CSV) that the export cannot fit in the sockets' buffers.
    for (let batch = 0; batch < 5; batch += 1) {
      const start = Date.parse('2026-07-01T00:00:00Z') + batch * 86_400_000;
      const rows = Array.from({ length: 10_000 }, (_, i) => cdrRow({
        account: customer, start: new Date(start + i * 1000).toISOString().replace('.000Z', 'Z'),
      }));
      await ingestOk(t.current.app, rows);
    }
    await t.current.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.current.app.server.address() as AddressInfo;
    const socket = connect({ host: '127.0.0.1', port });
    const startedAt = Date.now();
    socket.once('data', () => socket.pause()); // read the first bytes, then stall
    socket.on('error', () => undefined); // the server resets the connection
    socket.write(`GET /api/v1/Account/${customer.authId}/cdr/export HTTP/1.1\r\n` +
      `Host: 127.0.0.1\r\nX-Auth-ID: ${customer.authId}\r\n` +
      `X-Auth-Token: ${customer.token}\r\n\r\n`);
    const { id } = await idsOf(customer);
    const leases = () => t.current.database.handle.db.selectFrom('cdr_export_leases')
      .select('id').where('account_id', '=', id).execute();
    await waitUntil(async () => (await leases()).length === 1, 30_000);
    await waitUntil(async () => (await leases()).length === 0, CDR_EXPORT_IDLE_TIMEOUT_MS * 4);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(CDR_EXPORT_IDLE_TIMEOUT_MS - 1_000);
    socket.destroy();
    expect((await exportOf(customer)).statusCode).toBe(200);
  }, 180_000);
});

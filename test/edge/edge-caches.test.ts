/**
 * The edge's in-memory caches, on an edge whose dialtone policy is unreachable: whatever it
 * answers other than 503 it decided alone, from the views it cached (trunks, credentials,
 * ACLs). Changes made through the API reach those caches through the database's announcement
 * alone (nothing asks for a reload) and decide the next INVITE a second later.
 */
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  edgeDatabaseUrl,
  edgeRolePassword,
} from '../../src/domain/edge/edge-role';
import { digestToken } from '../../src/domain/secrets';
import { probeInvite } from '../sip/sipp';
import { ADMIN_TOKEN, useTestApp } from '../support/app';
import { type TestEdge, describeWithSip, startTestEdge } from '../support/edge';
import { type SipCustomer, send, sipCustomer } from '../support/edge-customers';
import { authHeaders } from '../support/factories';

const t = useTestApp({ sipDomain: 'sip.dialtone.test' });
const PBX_IP = '127.0.0.9';
let edge: TestEdge;

/** A loopback TCP port nothing listens on: the edge's policy requests fail at once. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** What a change made through the API may take to reach the edge (the bound). */
const propagation = () => new Promise((resolve) => setTimeout(resolve, 1_000));

describeWithSip('the edge caches', () => {
  beforeAll(async () => {
    edge = await startTestEdge({
      db: t.current.deps.db, databaseUrl: t.current.database.url,
      apiBaseUrl: `http://127.0.0.1:${await closedPort()}`,
    });
  });
  afterAll(async () => {
    await edge?.stop();
  });

  const answer = async (domain: string, from = '127.0.0.1') => {
    const reply = await probeInvite(edge, domain, from);
    return reply && [reply.code, reply.reason];
  };

  /** A customer whose trunk admits PBX_IP by its ACL and anyone else by digest. */
  async function aclCustomer(): Promise<SipCustomer & { aclId: string }> {
    const customer = await sipCustomer(t.current.app, t.current.deps.db, '100.00');
    const acl = await send(t.current.app, customer, 'POST', '/ip-acl', { ip_address: PBX_IP });
    await send(t.current.app, customer, 'PUT', `/trunks/${customer.trunkId}`,
      { ipacl_uuid: acl.id });
    await edge.edge.reloadCaches();
    return { ...customer, aclId: acl.id };
  }

  it('answers unknown trunks, challenges and sources outside the ACL without dialtone', async () => {
    const customer = await aclCustomer();
    expect(await answer('nope.sip.dialtone.test')).toEqual([404, 'Unknown trunk']);
    const challenge = await probeInvite(edge, customer.trunkDomain);
    expect(challenge?.code).toBe(407);
    expect(challenge?.text).toMatch(/Proxy-Authenticate: Digest realm="sip\.dialtone\.test"/);
    // Admitted by the ACL: only dialtone's policy (unreachable here) is left to ask.
    expect(await answer(customer.trunkDomain, PBX_IP)).toEqual([503, 'Policy Unavailable']);
  });

  it('applies a deleted credential and ACL entry to the next INVITE a second later', async () => {
    const customer = await aclCustomer();
    const credential = await t.current.deps.db.selectFrom('trunks').select('credential_id')
      .where('id', '=', customer.trunkId).executeTakeFirstOrThrow();
    await send(t.current.app, customer, 'DELETE', `/credentials/${credential.credential_id}`);
    await propagation();
    expect(await answer(customer.trunkDomain)).toEqual([403, 'Source not allowed']);
    expect(await answer(customer.trunkDomain, PBX_IP)).toEqual([503, 'Policy Unavailable']);
    await send(t.current.app, customer, 'DELETE', `/ip-acl/${customer.aclId}`);
    await propagation();
    expect(await answer(customer.trunkDomain, PBX_IP)).toEqual([403, 'Source not allowed']);
  });

  it('applies a disabled trunk and a suspended account a second later, and their undoing',
    async () => {
      const customer = await aclCustomer();
      const trunkStatus = (trunk_status: string) => send(t.current.app, customer, 'PUT',
        `/trunks/${customer.trunkId}`, { trunk_status });
      const account = async (action: 'suspend' | 'activate') => {
        const response = await t.current.app.inject({
          method: 'POST', url: `/api/v1/partner/accounts/${customer.authId}/${action}`,
          headers: authHeaders(customer.partner),
        });
        expect(response.statusCode, response.body).toBe(200);
      };
      const steps: [() => Promise<unknown>, [number, string]][] = [
        [() => trunkStatus('disabled'), [403, 'Trunk disabled']],
        [() => trunkStatus('enabled'), [503, 'Policy Unavailable']],
        [() => account('suspend'), [403, 'Account suspended']],
        [() => account('activate'), [503, 'Policy Unavailable']],
      ];
      for (const [change, expected] of steps) {
        await change();
        await propagation();
        expect(await answer(customer.trunkDomain, PBX_IP)).toEqual(expected);
      }
      // The edge's own refusals are attempts of the customer, recorded like dialtone's.
      const rows = await t.current.deps.db.selectFrom('edge_calls')
        .select(['final_code', 'final_reason', 'source_address', 'trunk_id'])
        .where('account_id', '=', customer.accountId).orderBy('started_at').execute();
      expect(rows).toEqual([
        { final_code: 403, final_reason: 'Trunk disabled', source_address: PBX_IP,
          trunk_id: customer.trunkId },
        { final_code: 403, final_reason: 'Account suspended', source_address: PBX_IP,
          trunk_id: customer.trunkId },
      ]);
    });

  it('lets the edge role read its views and nothing else', async () => {
    const customer = await aclCustomer();
    const client = new pg.Client({ connectionString: edgeDatabaseUrl(t.current.database.url,
      edgeRolePassword(digestToken(ADMIN_TOKEN))) });
    await client.connect();
    try {
      const { rows } = await client.query<{ key_value: string }>(
        'select key_value from trunk_cache where key_name = $1', [customer.trunkDomain]);
      expect(rows[0]?.key_value).toMatch(new RegExp(`^${customer.trunkId};;`));
      const { rows: dids } = await client.query('select key_name from did_cache');
      expect(dids.map((row) => row.key_name)).toContain(customer.callerNumber);
      for (const relation of ['trunks', 'sip_credentials', 'ip_acls', 'accounts', 'wallets',
        'phone_numbers', 'edge_calls', 'edge.trunk_policies']) {
        await expect(client.query(`select * from ${relation} limit 1`), relation)
          .rejects.toMatchObject({ code: '42501' });
      }
      await expect(client.query('update edge_calls set final_code = 200'))
        .rejects.toMatchObject({ code: '42501' });
    } finally {
      await client.end();
    }
  });
});

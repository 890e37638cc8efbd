/**
 * A job locked by a process killed with -9 runs again soon after a restart, not 4 hours later
 * (graphile-worker's own lock timeout): the KYC invite that was being sent at the crash goes
 * out once the new process sees the dead worker's heartbeat expire.
 */
import net from 'node:net';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { waitFor } from '../support/wait';
import { startSmtpSink, type SmtpSink } from '../support/receivers';
import {
  killHard, newDataDir, setUpTransfers, startServer, type ServerProcess,
} from '../support/server-process';

let database: TestDatabase | undefined;
let sink: SmtpSink | undefined;
const servers: ServerProcess[] = [];
const hanging = net.createServer(() => {}); // accepts, never greets: the send hangs
afterAll(async () => {
  for (const server of servers) server.child.kill('SIGKILL');
  hanging.close();
  await sink?.close();
  await database?.handle.close();
});

it('sends an e-mail whose job a kill -9 interrupted within 2 minutes of the restart', async () => {
  database = await createTestDatabase();
  const db = database.handle.db;
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  const hangingUrl = `smtp://127.0.0.1:${(hanging.address() as net.AddressInfo).port}`;
  const dataDir = newDataDir();
  const first = await startServer({ databaseUrl: database.url, dataDir, env: { SMTP_URL: hangingUrl } });
  servers.push(first);

  const target = await setUpTransfers(first.baseUrl);
  const created = await fetch(`${first.baseUrl}/api/v1/partner/kyc-sessions`, {
    method: 'POST', headers: target.partnerHeaders,
    body: JSON.stringify({ account_auth_id: target.authId, customer_email: 'kyc@customer.test' }),
  });
  expect(created.status, await created.clone().text()).toBe(201);
  await waitFor('the invite job to be locked', async () => {
    const { rows } = await sql<{ locked_by: string }>`
      select locked_by from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'mail_send' and j.locked_by is not null`.execute(db);
    return rows[0];
  }, 20_000);
  await killHard(first);

  sink = await startSmtpSink();
  const restartedAt = Date.now();
  servers.push(await startServer({ databaseUrl: database.url, dataDir, env: { SMTP_URL: sink.url } }));
  await waitFor('the invite to arrive', async () => sink!.messages[0], 120_000);
  expect(Date.now() - restartedAt).toBeLessThan(120_000);
  expect(sink.messages.map((message) => message.to)).toEqual([['kyc@customer.test']]);
  const email = await db.selectFrom('outbound_emails').select(['status']).executeTakeFirstOrThrow();
  expect(email.status).toBe('sent');
}, 180_000);

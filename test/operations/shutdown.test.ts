/**
 * Graceful shutdown of the real process: SIGTERM while a request is half-sent; the request
 * still completes, requests arriving after the signal get 503 with `Connection: close` until
 * the listener closes, and the process exits 0, even with a CDR export that a client stopped
 * reading (it is cut at the deadline).
 */
import net from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import {
  OPERATOR_TOKEN, newDataDir, operatorPost, startServer, type ServerProcess,
} from '../support/server-process';

let database: TestDatabase | undefined;
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const server of servers) server.child.kill('SIGKILL');
  await database?.handle.close();
});

async function start(): Promise<ServerProcess> {
  database ??= await createTestDatabase();
  const server = await startServer({ databaseUrl: database.url, dataDir: newDataDir() });
  servers.push(server);
  return server;
}

/** Opens a raw connection and sends `head`; resolves with everything the server wrote. */
async function rawRequest(port: number, head: string) {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const answer = new Promise<string>((resolve) => {
    let text = '';
    socket.on('data', (chunk) => { text += chunk.toString(); });
    socket.on('close', () => resolve(text));
  });
  socket.write(head);
  return { socket, answer };
}

it('finishes an in-flight request on SIGTERM, answers newcomers 503, then exits 0', async () => {
  const server = await start();
  const created = await operatorPost(server.baseUrl, '/api/v1/admin/partners', {
    name: 'Shutdown', email: 'shutdown@test.dev',
  }).then((r) => r.json() as Promise<{ auth_id: string }>);

  const body = '{"amount": 42.00, "description": "in flight"}';
  const inFlight = await rawRequest(server.port,
    `POST /api/v1/admin/partners/${created.auth_id}/credit HTTP/1.1\r\nHost: x\r\n` +
    `Authorization: Bearer ${OPERATOR_TOKEN}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`);
  await new Promise((resolve) => setTimeout(resolve, 200));

  server.child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 500));
  const newcomer = await fetch(`${server.baseUrl}/api/v1/admin/partners`, {
    headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
  });
  inFlight.socket.write(body.slice(10));

  expect(newcomer.status).toBe(503);
  expect(newcomer.headers.get('connection')).toBe('close');
  expect(newcomer.headers.get('retry-after')).toBe('5');
  expect(((await newcomer.json()) as { message: string }).message).toMatch(/shutting down/);
  const raw = await inFlight.answer;
  expect(raw).toMatch(/^HTTP\/1\.1 200/);
  expect(raw).toContain('"balance_after":42');
  expect(await server.exited).toBe(0);
  const refused = await fetch(`${server.baseUrl}/health`).then(() => false, () => true);
  expect(refused).toBe(true);
}, 60_000);

it('cuts a CDR export nobody reads at the deadline and still exits 0', async () => {
  const server = await start();
  const partner = await operatorPost(server.baseUrl, '/api/v1/admin/partners', {
    name: 'Exporter', email: 'exporter@test.dev',
  }).then((r) => r.json() as Promise<{ auth_id: string; auth_token: string }>);
  const customer = await fetch(`${server.baseUrl}/api/v1/partner/accounts`, {
    method: 'POST',
    headers: { 'x-auth-id': partner.auth_id, 'x-auth-token': partner.auth_token, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Caller', email: 'caller@test.dev', phone: '+919876543210',
      password: 'SecurePass123!', country: 'IN' }),
  }).then((r) => r.json() as Promise<{ auth_id: string; auth_token: string }>);
  const simulated = await operatorPost(server.baseUrl, '/api/v1/admin/simulate', {
    account_id: customer.auth_id, calls: 20_000, days: 5, seed: 7,
  });
  expect(simulated.status).toBe(200);

  // Far more CSV than the socket buffers hold, and a client that never reads it.
  const exporting = await rawRequest(server.port,
    `GET /api/v1/Account/${customer.auth_id}/cdr/export HTTP/1.1\r\nHost: x\r\n` +
    `X-Auth-ID: ${customer.auth_id}\r\nX-Auth-Token: ${customer.auth_token}\r\n\r\n`);
  exporting.socket.pause();
  await new Promise((resolve) => setTimeout(resolve, 1_000));

  const signalledAt = Date.now();
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  // Drain (2 s) + cut (10 s) + stopping the worker and the pool, well inside the 20 s grace.
  expect(Date.now() - signalledAt).toBeLessThan(20_000);
  expect(server.output()).toContain('requests still running at the shutdown deadline are cut');
  exporting.socket.destroy();
}, 90_000);

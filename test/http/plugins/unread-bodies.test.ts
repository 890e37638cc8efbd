/**
 * A request refused before its body is read is answered at once and its connection closed:
 * the server never reads a 50 MB upload it has already refused.
 */
import net from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../support/app';
import { authHeaders, createPartner } from '../../support/factories';

const t = useTestApp();
const FIFTY_MB = 50 * 1024 * 1024;
let port: number;
let partnerHeaders: Record<string, string>;

beforeAll(async () => {
  await t.current.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.current.app.server.address() as net.AddressInfo).port;
  partnerHeaders = authHeaders(await createPartner(t.current.app));
});

/**
 * Announces a 50 MB body, sends 1 MB of it and waits: resolves with the answer once the server
 * closes the connection, and how much of the body was sent by then.
 */
async function refusedUpload(head: Record<string, string>) {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let answer = '';
  socket.on('data', (chunk) => { answer += chunk.toString(); });
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const lines = Object.entries({ ...head, host: 'x', 'content-length': String(FIFTY_MB) })
    .map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.write(`POST /api/v1/partner/accounts HTTP/1.1\r\n${lines}\r\n`);
  socket.write(Buffer.alloc(1024 * 1024, 'a'));
  const outcome = await Promise.race([
    closed.then(() => 'closed'),
    new Promise((resolve) => setTimeout(() => resolve('still open'), 10_000)),
  ]);
  socket.destroy();
  return { outcome, answer };
}

describe('requests refused before their body is read', () => {
  it('answers 401 to a 50 MB upload without credentials and closes the connection', async () => {
    const { outcome, answer } = await refusedUpload({ 'content-type': 'application/json' });
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(outcome).toBe('closed');
  });

  it('answers 413 to an authenticated 50 MB upload and closes the connection', async () => {
    const { outcome, answer } = await refusedUpload({ ...partnerHeaders, 'content-type': 'application/json' });
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(outcome).toBe('closed');
  });

  it('answers 415 to a 50 MB upload of a type the route does not take and closes', async () => {
    const { outcome, answer } = await refusedUpload({ ...partnerHeaders, 'content-type': 'text/plain' });
    expect(answer).toMatch(/^HTTP\/1\.1 41[35]/);
    expect(outcome).toBe('closed');
  });

  it('keeps the connection of a refused request whose small body arrived whole', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/partner/accounts`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('connection')).not.toBe('close');
  });
});

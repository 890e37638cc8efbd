/**
 * The partner's webhook endpoint in the demo: a local HTTP server that checks both signatures
 * (Standard Webhooks and X-Vobiz-Signature) of each delivery, as a real receiver should.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyStandardWebhook, verifyVobizSignature } from '../../domain/webhooks/signatures';

export interface ReceivedWebhook {
  id: string;
  event: string;
  body: Record<string, unknown>;
  signaturesValid: boolean;
}

export interface WebhookReceiver {
  url: string;
  /** Resolves with the first delivery of `event`, or rejects after `timeoutMs`. */
  waitFor(event: string, timeoutMs: number): Promise<ReceivedWebhook>;
  setSecret(secret: string): void;
  close(): Promise<void>;
}

const RECEIVER_BODY_BYTES_MAX = 1024 * 1024;

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  let secret = '';
  const received: ReceivedWebhook[] = [];
  const waiters: (() => void)[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= RECEIVER_BODY_BYTES_MAX) chunks.push(chunk);
    });
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const headers = request.headers as Record<string, string>;
      const standard = verifyStandardWebhook({ secret, headers, body: raw, nowSeconds: Math.floor(Date.now() / 1000) });
      const vobiz = verifyVobizSignature({ secret, signature: headers['x-vobiz-signature'] ?? '', body: raw });
      const body = JSON.parse(raw) as Record<string, unknown>;
      received.push({ id: headers['webhook-id'] ?? '', event: String(body.event), body, signaturesValid: standard.ok && vobiz.ok });
      response.writeHead(204).end();
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/kyc-webhook`,
    setSecret(value) { secret = value; },
    async waitFor(event, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find((delivery) => delivery.event === event);
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no ${event} webhook within ${timeoutMs / 1000} s`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => { clearTimeout(timer); resolve(); });
        });
      }
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A partner's webhook endpoint on this machine: a local HTTP server that checks both
 * signatures (Standard Webhooks and X-Vobiz-Signature) of each delivery, as a real receiver
 * should. `dialtone demo` waits on it for kyc.completed; `dialtone webhooks listen` prints
 * every delivery it gets.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyStandardWebhook, verifyVobizSignature } from '../domain/webhooks/signatures';

export interface ReceivedWebhook {
  id: string;
  event: string;
  body: Record<string, unknown>;
  /** Each signature: verified with the secret, or not (undefined when no secret is set). */
  standard: boolean | undefined;
  vobiz: boolean | undefined;
  signaturesValid: boolean;
}

export interface WebhookReceiver {
  url: string;
  /** Resolves with the first delivery of `event`, or rejects after `timeoutMs`. */
  waitFor(event: string, timeoutMs: number): Promise<ReceivedWebhook>;
  setSecret(secret: string): void;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  port?: number;
  path?: string;
  onDelivery?: (delivery: ReceivedWebhook) => void;
}

const RECEIVER_BODY_BYTES_MAX = 1024 * 1024;

export async function startWebhookReceiver(options: ReceiverOptions = {}): Promise<WebhookReceiver> {
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
      const delivery = verify(secret, request.headers as Record<string, string>,
        Buffer.concat(chunks).toString('utf8'));
      received.push(delivery);
      options.onDelivery?.(delivery);
      response.writeHead(204).end();
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${options.path ?? '/kyc-webhook'}`,
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

function verify(secret: string, headers: Record<string, string>, raw: string): ReceivedWebhook {
  const standard = secret ? verifyStandardWebhook({
    secret, headers, body: raw, nowSeconds: Math.floor(Date.now() / 1000),
  }).ok : undefined;
  const vobiz = secret
    ? verifyVobizSignature({ secret, signature: headers['x-vobiz-signature'] ?? '', body: raw }).ok
    : undefined;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    body = { unparsable_body: raw.slice(0, 200) };
  }
  return {
    id: headers['webhook-id'] ?? '', event: String(body.event), body, standard, vobiz,
    signaturesValid: standard === true && vobiz === true,
  };
}

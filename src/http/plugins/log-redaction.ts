/**
 * What a log line may say about a request. Headers with credentials are redacted by pino's
 * `redact` paths; a credential can also sit in the URL (the widget's `?token=kst_…` link), and
 * pino logs the URL of every request, so tokens are cut out of it here.
 */
import type { FastifyRequest } from 'fastify';

/** Widget tokens wherever they appear, and the value of any `token` query parameter. */
const SECRET_IN_URL = /kst_[0-9A-Za-z]+|(?<=[?&]token=)[^&#]+/g;

export function redactUrl(url: string): string {
  return url.replace(SECRET_IN_URL, '[redacted]');
}

/** pino's `req` serializer: Fastify's default fields, with the URL redacted. */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/**
 * Security headers for every surface, set once for the whole app (one onSend hook at the root,
 * so every plugin registered later inherits it: widget, docs, dev mailbox, the console):
 * - every response: `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer`
 *   (widget links carry their token in the URL; no page may leak it to another origin);
 * - every HTML response: a Content-Security-Policy (HTML_CSP_DEFAULT unless the surface sets a
 *   stricter one of its own), always with `frame-ancestors 'none'`, and `X-Frame-Options: DENY`
 *   for browsers that predate frame-ancestors.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * For an HTML page that sets no policy: scripts, styles, fonts and images only from our own
 * origin, never inline script. Inline style attributes are allowed (Swagger UI sets them; they
 * cannot run code). A surface with no scripts at all should set `default-src 'none'` itself.
 */
export const HTML_CSP_DEFAULT = [
  "default-src 'self'", "script-src 'self'", "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "object-src 'none'",
  "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

function isHtml(reply: FastifyReply): boolean {
  return String(reply.getHeader('content-type') ?? '').startsWith('text/html');
}

function setIfAbsent(reply: FastifyReply, name: string, value: string): void {
  if (!reply.hasHeader(name)) reply.header(name, value);
}

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    setIfAbsent(reply, 'x-content-type-options', 'nosniff');
    setIfAbsent(reply, 'referrer-policy', 'no-referrer');
    if (!isHtml(reply)) return payload;
    const policy = reply.getHeader('content-security-policy');
    if (policy === undefined) {
      reply.header('content-security-policy', HTML_CSP_DEFAULT);
    } else if (!String(policy).includes('frame-ancestors')) {
      reply.header('content-security-policy', `${String(policy)}; frame-ancestors 'none'`);
    }
    setIfAbsent(reply, 'x-frame-options', 'DENY');
    return payload;
  });
}

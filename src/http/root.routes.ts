/**
 * GET /: where to go from here. A browser gets a small page; a client asking for JSON gets the
 * same links as JSON. Not part of the API (hidden from the OpenAPI document).
 */
import type { FastifyPluginAsync } from 'fastify';

const LINKS = {
  docs: '/docs',
  openapi: '/openapi.json',
  console: '/console',
  health: '/health',
} as const;

const DESCRIPTION = 'Vobiz-compatible partner and SIP-trunking API';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dialtone</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1b1f24}
a{color:#0b57d0}li{margin:.4rem 0}code{background:#f1f3f4;padding:0 .3rem;border-radius:3px}</style>
</head><body>
<h1>dialtone</h1>
<p>${DESCRIPTION}. Point a Vobiz integration at this base URL.</p>
<ul>
<li><a href="${LINKS.docs}">API reference</a></li>
<li><a href="${LINKS.openapi}">OpenAPI document</a> (<code>${LINKS.openapi}</code>)</li>
<li><a href="${LINKS.console}">Console</a></li>
<li><a href="${LINKS.health}">Health</a></li>
</ul>
</body></html>
`;

/** JSON only when the client prefers it to HTML (an Accept of * / * gets the page). */
function wantsJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.toLowerCase();
  return types.includes('application/json') && !types.includes('text/html');
}

export const rootRoutes: FastifyPluginAsync = async (app) => {
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    if (wantsJson(request.headers.accept)) {
      return reply.type('application/json').send({ name: 'dialtone', description: DESCRIPTION, links: LINKS });
    }
    return reply.type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(PAGE);
  });
};

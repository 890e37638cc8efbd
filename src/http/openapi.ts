/**
 * What the OpenAPI document says about the API as a whole: the product description, the servers,
 * the credentials and which tag takes which. Per-route facts (security, operationId) are added by
 * the onRoute hook in app.ts from the route's method and path, so no route file repeats them.
 */
import type { SwaggerOptions } from '@fastify/swagger';
import type { FastifySchema } from 'fastify';

const DESCRIPTION = `
dialtone is a self-hostable, Vobiz-compatible partner (reseller) and SIP-trunking platform: the
Partner API lets a reseller manage customer accounts, balances, pricing tiers, KYC and phone
numbers; the Customer API (\`/api/v1/Account/{auth_id}/...\`) lets each customer manage its own
numbers, SIP trunks and call records, wire-compatible with Vobiz.

## Authentication
- **Partners and customers** send \`X-Auth-ID\` and \`X-Auth-Token\` headers (both required).
  A partner's credentials never reach another partner's data: another tenant's id answers 404.
- **The operator** (whoever runs this server) sends \`Authorization: Bearer <token>\` for
  \`/api/v1/admin\` and \`/api/v1/internal\`. As Vobiz's admins may, the operator token also
  acts for the account its path names on the routes whose security lists it (an account's
  concurrency and channel subscriptions, a sub-account's KYC); other tenant routes refuse it (403).
- **Sub-accounts** send their own \`SA_…\` auth id and token, on their own path, to the
  routes that scope by sub-account; elsewhere 403.
- **The switch** may send the narrower ingest token as a bearer token to \`/api/v1/internal\`
  (CDR ingestion only).

## Money
Amounts are exact decimals. The ledger is double-entry and never rounds through floating point:
send amounts as JSON numbers or decimal strings and parse the answers with a decimal-aware JSON
reader if you need more than 15 significant digits.

## Idempotency
Every POST that moves money or creates a resource accepts an \`Idempotency-Key\` header. A retry
with the same key and body replays the first answer; the same key with another body answers 422;
a retry while the first call is still running answers 409.

## Errors
Errors use Vobiz's shapes: \`{ "error", "message", "status_code" }\`, and for bad input a 422
\`ValidationError\` whose \`details\` name each wrong field. The status says what was wrong
(400 bad request, 401 bad credentials, 404 unknown or another tenant's resource, 409 conflict,
422 refused or invalid, 429 rate limited with \`Retry-After\`). A 5xx is a bug of this server.

## Pagination
Lists are paged the way Vobiz pages them: \`page\`/\`per_page\` or \`limit\`/\`offset\`, each
answer carrying the total; call records also offer a keyset \`next_cursor\` for deep walks.
`.trim();

const TAGS = ([
  ['partner', 'Partner (reseller) API. Credentials: the partner\'s X-Auth-ID and X-Auth-Token.'],
  ['customer', 'Customer API (Vobiz-compatible). Credentials: X-Auth-ID and X-Auth-Token.'],
  ['sub-accounts', 'A customer\'s sub-accounts. Credentials: X-Auth-ID and X-Auth-Token.'],
  ['sub-account KYC', 'KYC of sub-accounts. Credentials: X-Auth-ID and X-Auth-Token.'],
  ['admin', 'Operator API. Credentials: the operator bearer token.'],
  ['internal', 'Switch-facing API (CDR ingestion). Credentials: operator or ingest bearer token.'],
  ['operations', 'Health and readiness probes. No credentials.'],
  ['dev', 'Development-only helpers (the dev mailbox). No credentials; off in production.'],
] as [string, string][]).map(([name, description]) => ({ name, description }));

const SECURITY_SCHEMES = {
  authId: {
    type: 'apiKey', in: 'header', name: 'X-Auth-ID',
    description: 'A partner\'s or customer\'s auth id (PA_... or MA_...); goes with X-Auth-Token.',
  },
  authToken: {
    type: 'apiKey', in: 'header', name: 'X-Auth-Token',
    description: 'The secret auth token issued with the auth id; goes with X-Auth-ID.',
  },
  operatorToken: {
    type: 'http', scheme: 'bearer',
    description: 'The operator token (DIALTONE_ADMIN_TOKEN): admin and internal routes, and the '
      + 'tenant routes an admin may call for an account.',
  },
  ingestToken: {
    type: 'http', scheme: 'bearer',
    description: 'The ingest token (DIALTONE_INGEST_TOKEN): CDR ingestion only (/api/v1/internal).',
  },
} as const;

export function openApiOptions(publicBaseUrl: string): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'dialtone', version: '0.1.0', description: DESCRIPTION },
      servers: [{ url: publicBaseUrl, description: 'This dialtone server' }],
      tags: TAGS,
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    transform: ({ schema, url }) => ({ schema: withOptionalDefaultedQuery(schema), url }),
  };
}

interface ObjectSchema { required?: string[]; properties?: Record<string, { default?: unknown }> }

/**
 * A query parameter with a default (page, per_page...) is filled in by validation when absent,
 * so the document shows it optional: generated clients would otherwise force every caller to
 * send it. Validation itself is unchanged (the default is applied before `required` is checked).
 */
function withOptionalDefaultedQuery(schema: FastifySchema): FastifySchema {
  const query = schema?.querystring as ObjectSchema | undefined;
  if (!query?.required || !query.properties) return schema;
  const properties = query.properties;
  const required = query.required.filter((name) => properties[name]?.default === undefined);
  return { ...schema, querystring: { ...query, required } };
}

/**
 * A stable, unique operationId from method and path only (`GET /api/v1/Account/:auth_id/Number/`
 * -> `get_api_v1_account_auth_id_number`): renaming a handler or a summary never breaks clients.
 */
export function operationIdOf(method: string, url: string): string {
  const words = url.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return [method.toLowerCase(), ...words].join('_');
}

const WORDMARK = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="32"
 viewBox="0 0 160 32">
<text x="0" y="24" font-family="system-ui, sans-serif" font-size="24" font-weight="700"
 fill="#ffffff">dialtone</text></svg>`;

/**
 * The reference at /docs: Swagger UI from the package's own files (no CDN), branded dialtone.
 * Scalar's Fastify plugin was the preferred reference, but its versions that still declare
 * Node 20 depend on @scalar/client-side-rendering, which requires Node 22.
 */
export const DOCS_OPTIONS = {
  routePrefix: '/docs',
  logo: { type: 'image/svg+xml', content: Buffer.from(WORDMARK), href: '/docs' },
  theme: { title: 'dialtone API reference' },
};

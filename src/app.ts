/**
 * buildApp(deps): the whole HTTP surface as a Fastify plugin tree, without listening. main.ts
 * listens; tests inject requests or listen on an ephemeral port.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Database } from './db/database';
import type { Clock } from './domain/clock';
import type { Metrics } from './metrics';
import { LOG_REDACT } from './logger';
import { metricsRoutes, registerRequestTiming } from './http/metrics.routes';
import type { Sealer } from './domain/secrets';
import { adminApi } from './http/admin/index';
import { customerApi } from './http/customer/index';
import { healthRoutes } from './http/health.routes';
import { partnerApi } from './http/partner/index';
import { internalApi } from './http/internal/index';
import { accountsApi } from './http/customer/accounts-scope';
import { accountProfileRoutes } from './http/customer/account-profile.routes';
import { registerErrorHandling } from './http/plugins/errors';
import { registerIdempotency } from './http/plugins/idempotency';
import { registerRateLimit } from './http/plugins/rate-limit';
import { registerExactJsonParser } from './http/plugins/json-body';
import { registerExactNumberSerializer } from './http/plugins/exact-numbers';
import { registerPathNumberDecoding } from './http/plugins/path-numbers';
import { registerRouteMethods } from './http/plugins/method-not-allowed';
import { rootRoutes } from './http/root.routes';
import { registerValidation } from './http/plugins/validation';
import { serializeRequest } from './http/plugins/log-redaction';
import { registerSecurityHeaders } from './http/plugins/security-headers';
import { BODY_BYTES_MAX, HTTP_REQUEST_TIMEOUT_MS } from './limits';
import { errorResponses } from './http/schemas/common';
import type { IdentityProvider } from './domain/kyc/identity-providers';
import { mailboxRoutes } from './http/dev/mailbox.routes';
import { kycWidget } from './widget/widget.plugin';
import { registerShutdownGate } from './http/shutdown';
import { registerUnreadBodyClose } from './http/plugins/unread-bodies';
import { registerCredentialInvalidation } from './http/plugins/credential-invalidation';
import { subAccountKycApi, subAccountsApi } from './http/sub-accounts/index';
import { webConsole } from './console/console.plugin';
import { DOCS_OPTIONS, openApiOptions, operationIdOf } from './http/openapi';

export interface AppDeps {
  db: Database;
  sealer: Sealer;
  /** SHA-256 of the operator token. */
  adminTokenDigest: Buffer;
  publicBaseUrl: string;
  sipDomain: string;
  clock: Clock;
  metrics: Metrics;
  /** Serve /metrics without the operator token (DIALTONE_METRICS_PUBLIC). */
  metricsPublic: boolean;
  /** Requests per minute per credential; 0 = off. */
  rateLimitPerMinute: number;
  isWorkerRunning: () => boolean;
  /** SHA-256 of DIALTONE_INGEST_TOKEN, when set: CDR ingestion's own credential. */
  ingestTokenDigest?: Buffer | undefined;
  /** Verifies what the KYC widget collects (KYC_PROVIDER; `sandbox` by default). */
  identityProvider: IdentityProvider;
  /** Webhook and redirect URLs may resolve to private addresses (DIALTONE_ALLOW_PRIVATE_URLS). */
  allowPrivateUrls: boolean;
  /** Serve the e-mail mailbox at /dev/mailbox (DIALTONE_DEV_MAILBOX). */
  devMailbox: boolean;
  /** Outbound caller ID rule of the SIP edge (DIALTONE_SIP_CALLER_ID_POLICY). Default owned. */
  sipCallerIdPolicy?: 'owned' | 'any' | undefined;
}

export interface AppOptions {
  /** pino level; 'silent' in tests. */
  logLevel?: string;
  /** Where log lines go; default stdout. Tests read them to prove what is never logged. */
  logStream?: { write: (line: string) => void };
  /** The process's logger (src/logger.ts); without it the app makes its own at logLevel. */
  logger?: FastifyBaseLogger;
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
}

const SECURITY_BY_PREFIX: [string, Record<string, string[]>[]][] = [
  ['/api/v1/admin', [{ operatorToken: [] }]],
  ['/api/v1/internal', [{ operatorToken: [] }, { ingestToken: [] }]],
  ['/api/v1/partner', [{ authId: [], authToken: [] }]],
  ['/api/v1/account', [{ authId: [], authToken: [] }]],
  ['/api/v1/sub-accounts', [{ authId: [], authToken: [] }]],
  ['/api/v1/auth', [{ authId: [], authToken: [] }]],
];

/**
 * Each route's OpenAPI entry names the credentials its scope's auth hook demands. An API route
 * without a response schema is a bug (its answers would be unvalidated and undocumented), so the
 * app refuses to start with one.
 */
function documentSecurity(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const hidden = (route.schema as { hide?: boolean } | undefined)?.hide;
    if (route.url.startsWith('/api/') && !hidden && !route.schema?.response) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no response schema`);
    }
    const match = SECURITY_BY_PREFIX.find(([prefix]) => route.url.toLowerCase().startsWith(prefix));
    if (match && route.schema) (route.schema as { security?: unknown }).security = match[1];
    // Tenant routes the operator may call for the account in their path (config.operator).
    if (match && route.schema && route.config?.operator) {
      (route.schema as { security?: unknown }).security = [...match[1], { operatorToken: [] }];
    }
    const schema = route.schema as { operationId?: string } | undefined;
    if (schema && typeof route.method === 'string') {
      schema.operationId ??= operationIdOf(route.method, route.url);
    }
    if (route.config?.idempotent) documentIdempotencyErrors(route.schema?.response);
  });
}

/** The Idempotency-Key plugin can answer any idempotent route: 400 (bad key), 409, 422. */
function documentIdempotencyErrors(response: unknown): void {
  const byStatus = response as Record<string, unknown> | undefined;
  if (!byStatus) return;
  for (const [status, body] of Object.entries(errorResponses(400, 409, 422))) byStatus[status] ??= body;
}

export async function buildApp(deps: AppDeps, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: {
      level: options.logLevel ?? 'info',
      redact: LOG_REDACT,
      serializers: { req: serializeRequest },
      ...(options.logStream ? { stream: options.logStream } : {}),
    } }),
    genReqId: requestIdOf,
    requestIdHeader: false,
    bodyLimit: BODY_BYTES_MAX,
    requestTimeout: HTTP_REQUEST_TIMEOUT_MS,
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerRequestTiming(app, deps);
  registerShutdownGate(app);
  registerUnreadBodyClose(app);
  registerExactJsonParser(app);
  registerExactNumberSerializer(app);
  registerPathNumberDecoding(app);
  registerValidation(app);
  registerErrorHandling(app, registerRouteMethods(app));
  registerSecurityHeaders(app);
  // Before idempotency: a request over the limit must not claim its key.
  await registerRateLimit(app, deps.rateLimitPerMinute, deps.db);
  registerIdempotency(app, deps.db, deps.sealer);
  await registerCredentialInvalidation(app, deps.db);
  documentSecurity(app);
  await app.register(swagger, openApiOptions(deps.publicBaseUrl));

  await app.register(healthRoutes, deps);
  await app.register(rootRoutes);
  await app.register(metricsRoutes, deps);
  // Each API scope is its own encapsulated context: its auth hook covers only its routes.
  const scopes = [
    ['/api/v1/admin', adminApi],
    ['/api/v1/partner', partnerApi],
    ['/api/v1/Account/:auth_id', customerApi],
    ['/api/v1/internal', internalApi],
    ['/api/v1/accounts/:auth_id', subAccountsApi],
    ['/api/v1/sub-accounts', subAccountKycApi],
    ['/api/v1/accounts/:auth_id', accountsApi],
    ['/api/v1/auth', accountProfileRoutes],
  ] as const;
  for (const [prefix, scope] of scopes) {
    await app.register(async (api) => scope(api, deps), { prefix });
  }
  // The hosted KYC widget: its own encapsulated plugin (form bodies, CSP, HTML error pages).
  await app.register(kycWidget, deps);
  // The web console: its own plugin too (sessions, CSRF, CSP, HTML pages) over the same domain.
  await app.register(webConsole, deps);
  if (deps.devMailbox) await app.register(mailboxRoutes, deps);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // The interactive reference is served from the package's own files: no CDN.
  await app.register(swaggerUi, DOCS_OPTIONS);
  return app;
}

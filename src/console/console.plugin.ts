/**
 * The web console (/console): its own encapsulated plugin, a sibling of the KYC widget, with
 * its own form-body parser, session cookie, CSRF check, security headers and HTML error pages,
 * over the same domain functions the API routes call. Three areas (partner, account, operator)
 * are scopes whose hook admits only their kind of session.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance } from 'fastify';
import { DomainError } from '../domain/errors';
import { findConsoleSession } from '../domain/console/console-sessions';
import { CONSOLE_BODY_BYTES_MAX } from '../limits';
import type { ConsoleDeps } from './console-deps';
import { readSessionCookie, sendHtml } from './console-http';
import { frameOf, requireArea } from './console-scopes';
import { isUpload, refuseWithoutCsrf } from './console-uploads';
import { loginRoutes } from './login.routes';
import { accountRoutes } from './account/account.routes';
import { operatorRoutes } from './operator/operator.routes';
import { partnerRoutes } from './partner/partner.routes';
import { CHART_JS_PATH, CHART_SETUP_JS, CHART_SETUP_PATH } from './views/chart-setup';
import { problemPage } from './views/problem-pages';
import { CONSOLE_CSS, CONSOLE_CSS_PATH } from './views/styles';

const ASSETS_PREFIX = '/console/assets/';

/** Chart.js's browser build, read once from node_modules: served by us, no CDN. */
function readChartJs(): string {
  const main = createRequire(import.meta.url).resolve('chart.js');
  return readFileSync(path.join(path.dirname(main), 'chart.umd.min.js'), 'utf8');
}

function statusOf(error: FastifyError): number {
  if (error instanceof DomainError) {
    return { not_found: 404, forbidden: 403, rate_limited: 429 }[error.code as string] ?? 400;
  }
  if (error.validation) return 400;
  const status = error.statusCode ?? 500;
  return status >= 400 && status < 500 ? status : 500;
}

export async function webConsole(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  // Pages, not API operations: kept out of the OpenAPI document. Forms are small; a route that
  // takes more (the inventory import) says so itself.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true } as typeof route.schema;
    route.bodyLimit ??= CONSOLE_BODY_BYTES_MAX;
  });
  await app.register(formbody);
  const chartJs = readChartJs();

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = statusOf(error);
    if (status >= 500) request.log.error({ err: error }, 'console request failed');
    return sendHtml(reply, status, problemPage(frameOf(request), status));
  });

  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith(ASSETS_PREFIX)) return;
    const token = readSessionCookie(request);
    if (!token) return;
    request.consoleToken = token;
    const session = await findConsoleSession(deps.db, token);
    if (session) request.consoleSession = session;
  });
  // Every state-changing form proves it came from a console page this browser loaded (before
  // validation, which drops the token as a field no route declares). A multipart body is read
  // later, in the one scope that parses uploads, and checked there (console-uploads.ts).
  app.addHook('preValidation', async (request, reply) => {
    if (request.method !== 'POST' || isUpload(request)) return;
    return refuseWithoutCsrf(request, reply);
  });

  const assets: [string, string, string][] = [
    [CONSOLE_CSS_PATH, 'text/css; charset=utf-8', CONSOLE_CSS],
    [CHART_JS_PATH, 'text/javascript; charset=utf-8', chartJs],
    [CHART_SETUP_PATH, 'text/javascript; charset=utf-8', CHART_SETUP_JS],
  ];
  for (const [url, type, body] of assets) {
    app.get(url, { schema: { hide: true } }, async (_request, reply) => reply
      .header('cache-control', 'public, max-age=3600')
      .header('x-content-type-options', 'nosniff')
      .type(type).send(body));
  }

  await loginRoutes(app, deps);
  const areas = [
    ['/console/partner', 'partner', partnerRoutes],
    ['/console/account', 'account', accountRoutes],
    ['/console/operator', 'operator', operatorRoutes],
  ] as const;
  for (const [prefix, area, routes] of areas) {
    await app.register(async (scope) => {
      scope.addHook('onRequest', requireArea(area));
      await routes(scope, deps);
    }, { prefix });
  }
}

/**
 * The hosted KYC widget (/kyc/verify?token=kst_…): its own encapsulated plugin with its own
 * form-body parser, security headers and HTML error pages, over domain/kyc. The token in the
 * link (and in each form's hidden field) is the only credential; every route is a thin call into
 * widget-sessions.ts / widget-steps.ts and an HTML answer.
 */
import assert from 'node:assert/strict';
import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Database } from '../db/database';
import type { Clock } from '../domain/clock';
import type { IdentityProvider } from '../domain/kyc/identity-providers';
import { KYC_WIDGET_ENTRY_PATH } from '../domain/kyc/kyc-links';
import { findWidgetBranding } from '../domain/kyc/widget-branding';
import { openWidget, type WidgetContext } from '../domain/kyc/widget-sessions';
import {
  startDigiLocker,
  submitCompanyDetails,
  submitIndividualDetails,
  submitOtp,
  submitPan,
} from '../domain/kyc/widget-steps';
import type { Sealer } from '../domain/secrets';
import { KYC_WIDGET_BODY_BYTES_MAX } from '../limits';
import type { PageFrame } from './views/layout';
import { WIDGET_PATHS } from './views/paths';
import { problemPage, type ProblemKind } from './views/problem-pages';
import { accentCss, WIDGET_ACCENT_CSS_PATH, WIDGET_CSS, WIDGET_CSS_PATH } from './views/styles';
import { sendWidgetResult, setSecurityHeaders } from './widget-responses';

// The domain mints links to the entry page; the routes below must serve that very path.
assert.equal(WIDGET_PATHS.entry, KYC_WIDGET_ENTRY_PATH);

export interface WidgetDeps {
  db: Database;
  sealer: Sealer;
  clock: Clock;
  identityProvider: IdentityProvider;
}

/** Form fields are short; the bounds only stop abuse (the steps check the real rules). */
const Token = Type.Optional(Type.String({ maxLength: 200 }));
const Field = Type.Optional(Type.String({ maxLength: 300 }));
const forms = {
  entry: Type.Object({ token: Token }),
  pan: Type.Object({ token: Token, pan: Field }),
  individual: Type.Object({ token: Token, name: Field, date_of_birth: Field }),
  consent: Type.Object({ token: Token, consent: Field }),
  otp: Type.Object({ token: Token, otp: Field }),
  company: Type.Object({ token: Token, legal_name: Field, gstin: Field }),
};

function problemOf(error: FastifyError): { status: number; kind: ProblemKind } {
  if (error.validation) return { status: 400, kind: 'bad_request' };
  const status = error.statusCode ?? 500;
  if (status === 429) return { status, kind: 'too_many_requests' };
  if (status >= 400 && status < 500) return { status, kind: 'bad_request' };
  return { status: 500, kind: 'unavailable' };
}

export async function kycWidget(app: FastifyInstance, deps: WidgetDeps): Promise<void> {
  await app.register(formbody, { bodyLimit: KYC_WIDGET_BODY_BYTES_MAX });
  const context: WidgetContext = {
    db: deps.db, sealer: deps.sealer, clock: deps.clock, provider: deps.identityProvider,
  };
  const sandbox = deps.identityProvider.name === 'sandbox';
  const frameOf = async (token: string): Promise<PageFrame> =>
    ({ sandbox, branding: await findWidgetBranding(deps.db, token) });

  // Never a stack trace or a JSON error: a page that says what to do; the log keeps the rest.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, kind } = problemOf(error);
    if (status >= 500) request.log.error({ err: error }, 'KYC widget request failed');
    setSecurityHeaders(reply);
    return reply.code(status).type('text/html; charset=utf-8').send(problemPage({ kind }));
  });

  app.get(WIDGET_CSS_PATH, { schema: { hide: true } }, async (_request, reply) => reply
    .header('cache-control', 'public, max-age=3600')
    .header('x-content-type-options', 'nosniff')
    .type('text/css; charset=utf-8')
    .send(WIDGET_CSS));

  const AccentParams = Type.Object({ color: Type.String({ pattern: '^[0-9a-f]{6}$' }) });
  app.get<{ Params: Static<typeof AccentParams> }>(`${WIDGET_ACCENT_CSS_PATH}:color`, {
    schema: { hide: true, params: AccentParams },
  }, async (request, reply) => reply
    .header('cache-control', 'public, max-age=86400')
    .header('x-content-type-options', 'nosniff')
    .type('text/css; charset=utf-8')
    .send(accentCss(request.params.color)));

  // No automatic HEAD route: opening the page records first_opened_at, which a link checker's
  // HEAD request must not do.
  app.get<{ Querystring: Static<typeof forms.entry> }>(WIDGET_PATHS.entry,
    { exposeHeadRoute: false, schema: { hide: true, querystring: forms.entry } },
    async (request, reply) => {
      const token = request.query.token ?? '';
      const result = await openWidget(context, token);
      return sendWidgetResult(reply, result, token, await frameOf(token));
    });

  app.post<{ Body: Static<typeof forms.pan> }>(WIDGET_PATHS.pan,
    { schema: { hide: true, body: forms.pan } },
    async (request, reply) => {
      const token = request.body.token ?? '';
      const result = await submitPan(context, token, request.body.pan ?? '');
      return sendWidgetResult(reply, result, token, await frameOf(token));
    });

  app.post<{ Body: Static<typeof forms.individual> }>(WIDGET_PATHS.individual,
    { schema: { hide: true, body: forms.individual } },
    async (request, reply) => {
      const { token = '', name = '', date_of_birth: dateOfBirth = '' } = request.body;
      const result = await submitIndividualDetails(context, token, { name, dateOfBirth });
      return sendWidgetResult(reply, result, token, await frameOf(token));
    });

  app.post<{ Body: Static<typeof forms.consent> }>(WIDGET_PATHS.digiLockerStart,
    { schema: { hide: true, body: forms.consent } },
    async (request, reply) => {
      const token = request.body.token ?? '';
      const result = await startDigiLocker(context, token, request.body.consent ?? '');
      return sendWidgetResult(reply, result, token, await frameOf(token));
    });

  app.post<{ Body: Static<typeof forms.otp> }>(WIDGET_PATHS.digiLockerOtp,
    { schema: { hide: true, body: forms.otp } },
    async (request, reply) => {
      const token = request.body.token ?? '';
      const result = await submitOtp(context, token, request.body.otp ?? '');
      return sendWidgetResult(reply, result, token, await frameOf(token));
    });

  app.post<{ Body: Static<typeof forms.company> }>(WIDGET_PATHS.company,
    { schema: { hide: true, body: forms.company } },
    async (request, reply) => {
      const { token = '', legal_name: legalName = '', gstin = '' } = request.body;
      const result = await submitCompanyDetails(context, token, { legalName, gstin });
      return sendWidgetResult(reply, result, token, await frameOf(token));
    });
}

/**
 * The operator area (/console/operator): partners (create, credit once per form, deactivate),
 * the inventory import and system health, over the use cases the admin API calls.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { isEmailAddress } from '../../domain/accounts/account-rules';
import { DomainError, type FieldProblem } from '../../domain/errors';
import { rechargePartner } from '../../domain/ledger/postings';
import { getSystemHealth } from '../../domain/operations/system-health';
import { createPartner, listPartnerProfiles, updatePartner } from '../../domain/partners/partners';
import { forgetCredentials } from '../../domain/auth/credential-cache';
import { CONSOLE_PAGE_SIZE, IDEMPOTENCY_KEY_LENGTH_MAX } from '../../limits';
import type { ConsoleDeps } from '../console-deps';
import { attempt, seeOther, sendHtml } from '../console-http';
import { frameOf } from '../console-scopes';
import { runOnce } from '../idempotent-forms';
import { healthPage, type PartnersPageInput, partnersPage } from '../views/operator-pages';
import { inventoryRoutes } from './inventory.routes';

const PageQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  notice: Type.Optional(Type.String({ maxLength: 30 })),
});
const PartnerParams = Type.Object({ authId: Type.String({ maxLength: 20 }) });
const PartnerBody = Type.Object({
  name: Type.String({ maxLength: 200 }),
  email: Type.String({ maxLength: 254 }),
});
const CreditBody = Type.Object({
  idempotency_key: Type.String({ minLength: 1, maxLength: IDEMPOTENCY_KEY_LENGTH_MAX }),
  amount: Type.String({ maxLength: 20 }),
});

const NOTICES: Record<string, string> = {
  credited: 'The partner was credited.',
  credit_pending: 'This credit was already submitted and is being processed.',
  deactivated: 'The partner is deactivated: its API calls and console sessions end now.',
};

function assertPartnerFields(body: Static<typeof PartnerBody>): void {
  const problems: FieldProblem[] = [];
  if (body.name.trim() === '') {
    problems.push({ loc: ['body', 'name'], msg: 'This field is required.' });
  }
  if (!isEmailAddress(body.email)) {
    problems.push({ loc: ['body', 'email'], msg: 'value is not a valid email address' });
  }
  if (problems.length > 0) {
    throw new DomainError('validation_failed', 'Request validation failed', {}, problems);
  }
}

export async function operatorRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const renderPartners = async (
    request: FastifyRequest, page: number, extra: Partial<PartnersPageInput> = {},
  ) => {
    const { rows, total } = await listPartnerProfiles(deps.db, page, CONSOLE_PAGE_SIZE);
    return partnersPage(frameOf(request), {
      rows, total, page, size: CONSOLE_PAGE_SIZE, idempotencyKey: randomUUID(), ...extra,
    });
  };

  app.get<{ Querystring: Static<typeof PageQuery> }>('/', { schema: { querystring: PageQuery } },
    async (request, reply) => {
      const { notice } = request.query;
      const page = await renderPartners(request, request.query.page,
        { notice: notice === undefined ? undefined : NOTICES[notice] });
      return sendHtml(reply, 200, page);
    });

  app.post<{ Body: Static<typeof PartnerBody> }>('/partners', { schema: { body: PartnerBody } },
    async (request, reply) => {
      const outcome = await attempt(async () => {
        assertPartnerFields(request.body);
        return createPartner(deps.db, deps.sealer, request.body);
      });
      if (outcome.ok) {
        const { profile, authToken } = outcome.value;
        const created = { authId: profile.auth_id, token: authToken };
        return sendHtml(reply, 201, await renderPartners(request, 1, { created }));
      }
      return sendHtml(reply, 422, await renderPartners(request, 1, {
        form: {
          values: request.body, errors: outcome.failure.fields, message: outcome.failure.message,
        },
      }));
    });

  app.post<{ Params: Static<typeof PartnerParams>; Body: Static<typeof CreditBody> }>(
    '/partners/:authId/credit',
    { schema: { params: PartnerParams, body: CreditBody } },
    async (request, reply) => {
      const { authId } = request.params;
      const { idempotency_key: key, amount } = request.body;
      const run = await runOnce(deps.db, deps.sealer, {
        principalId: 'operator', key, fingerprint: JSON.stringify(['credit', authId, amount]),
      }, (db) => rechargePartner(db, authId,
        { amount, description: 'Credit from the console' }));
      if (run.kind === 'done') return seeOther(reply, '/console/operator?notice=credited');
      if (run.kind === 'in_flight') {
        return seeOther(reply, '/console/operator?notice=credit_pending');
      }
      const message = run.kind === 'failed'
        ? run.failure.message
        : 'This form was already used for another credit.';
      return sendHtml(reply, 422, await renderPartners(request, 1, { notice: message }));
    });

  app.post<{ Params: Static<typeof PartnerParams> }>('/partners/:authId/deactivate',
    { schema: { params: PartnerParams } },
    async (request, reply) => {
      await updatePartner(deps.db, request.params.authId, { is_active: false });
      forgetCredentials(request.params.authId);
      return seeOther(reply, '/console/operator?notice=deactivated');
    });

  app.get('/health', async (request, reply) =>
    sendHtml(reply, 200, healthPage(frameOf(request), await getSystemHealth(deps.db))));
  await inventoryRoutes(app, deps);
}

/**
 * The customer's trunks, credentials, IP ACL entries and origination URIs on one page, and
 * their deletes; creating and editing each is a form of its own (trunk-forms.routes.ts), over
 * the use cases the Customer API calls.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { deleteCredential } from '../../domain/trunks/credentials';
import { deleteIpAcl } from '../../domain/trunks/ip-acls';
import { deleteOriginationUri } from '../../domain/trunks/origination-uris';
import { deleteTrunk, listTrunks } from '../../domain/trunks/trunks';
import { UUID_PATTERN } from '../../domain/ids';
import { TRUNKS_PER_ACCOUNT_MAX } from '../../limits';
import type { ConsoleDeps } from '../console-deps';
import { attempt, seeOther, sendHtml } from '../console-http';
import { accountOf, frameOf } from '../console-scopes';
import { trunksPage } from '../views/trunks-pages';
import { trunkFormRoutes } from './trunk-forms.routes';
import { trunkLinkChoices } from './trunk-resources';

const Text = (maxLength: number) => Type.String({ maxLength });
const DeleteParams = Type.Object({ id: Type.String({ pattern: UUID_PATTERN }) });
const NoticeQuery = Type.Object({ notice: Type.Optional(Text(30)) });

const NOTICES: Record<string, string> = {
  created: 'Created.', updated: 'Saved.', deleted: 'Deleted.',
};

/** Everything on the page: all of each kind fits (the per-account maxima bound them). */
async function renderTrunks(
  deps: ConsoleDeps, request: FastifyRequest, reply: FastifyReply, status: number,
  notice: string | undefined,
) {
  const account = accountOf(request);
  const [trunks, choices] = await Promise.all([
    listTrunks(deps.db, account, { limit: TRUNKS_PER_ACCOUNT_MAX, offset: 0 }),
    trunkLinkChoices(deps.db, account),
  ]);
  return sendHtml(reply, status, trunksPage(frameOf(request), {
    trunks: trunks.rows, ...choices, notice,
  }));
}

export async function trunksRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  app.get<{ Querystring: Static<typeof NoticeQuery> }>('/trunks',
    { schema: { querystring: NoticeQuery } },
    async (request, reply) => {
      const { notice } = request.query;
      return renderTrunks(deps, request, reply, 200,
        notice === undefined ? undefined : NOTICES[notice]);
    });

  const deletes = [
    ['trunk', deleteTrunk], ['credential', deleteCredential], ['ip-acl', deleteIpAcl],
    ['uri', deleteOriginationUri],
  ] as const;
  for (const [kind, remove] of deletes) {
    app.post<{ Params: Static<typeof DeleteParams> }>(`/trunks/${kind}/:id/delete`,
      { schema: { params: DeleteParams } },
      async (request, reply) => {
        const outcome = await attempt(() => remove(deps.db, accountOf(request), request.params.id));
        if (outcome.ok) return seeOther(reply, '/console/account/trunks?notice=deleted');
        return renderTrunks(deps, request, reply, 409, outcome.failure.message);
      });
  }
  await trunkFormRoutes(app, deps);
}

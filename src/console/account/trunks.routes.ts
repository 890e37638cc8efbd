/**
 * The customer's trunks, credentials, IP ACL entries and origination URIs: create and delete
 * here, edit in trunk-edits.routes.ts, over the use cases the Customer API calls, with their
 * validation messages on the page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { createCredential, deleteCredential } from '../../domain/trunks/credentials';
import { createIpAcl, deleteIpAcl } from '../../domain/trunks/ip-acls';
import {
  createOriginationUri, deleteOriginationUri,
} from '../../domain/trunks/origination-uris';
import { createTrunk, deleteTrunk, listTrunks } from '../../domain/trunks/trunks';
import { UUID_PATTERN } from '../../domain/ids';
import { TRUNKS_PER_ACCOUNT_MAX } from '../../limits';
import type { ConsoleDeps } from '../console-deps';
import { attempt, type FormFailure, seeOther, sendHtml } from '../console-http';
import { accountOf, frameOf } from '../console-scopes';
import { assertFilled } from '../form-input';
import { type TrunkForm, trunksPage } from '../views/trunks-pages';
import { trunkEditRoutes } from './trunk-edits.routes';
import { peerScopeOf, trunkLinkChoices } from './trunk-resources';

const Text = (maxLength: number) => Type.String({ maxLength });
const Link = Type.String({ pattern: `^$|${UUID_PATTERN}`, maxLength: 36 });
const Bodies = {
  trunk: Type.Object({
    trunk_name: Text(100), credential_uuid: Link, ipacl_uuid: Link, primary_uri_uuid: Link,
  }),
  credential: Type.Object({ username: Text(64), password: Text(128) }),
  ipAcl: Type.Object({ acl_name: Text(100), ip_address: Text(64) }),
  uri: Type.Object({ uri_name: Text(100), sip_uri: Text(255) }),
};
const DeleteParams = Type.Object({ id: Type.String({ pattern: UUID_PATTERN }) });
const NoticeQuery = Type.Object({ notice: Type.Optional(Text(30)) });

const NOTICES: Record<string, string> = {
  created: 'Created.', updated: 'Saved.', deleted: 'Deleted.',
};

type FailedForm = Parameters<typeof trunksPage>[1]['failed'];

/** Everything on the page: all of each kind fits (the per-account maxima bound them). */
async function renderTrunks(
  deps: ConsoleDeps, request: FastifyRequest, reply: FastifyReply, status: number,
  extra: { notice?: string | undefined; failed?: FailedForm } = {},
) {
  const account = accountOf(request);
  const [trunks, choices] = await Promise.all([
    listTrunks(deps.db, account, { limit: TRUNKS_PER_ACCOUNT_MAX, offset: 0 }),
    trunkLinkChoices(deps.db, account),
  ]);
  return sendHtml(reply, status, trunksPage(frameOf(request), {
    trunks: trunks.rows, ...choices, ...extra,
  }));
}

/** The domain names a field `name`; this page's forms name it per form (trunk_name…). */
function renamed(failure: FormFailure, nameField: string | undefined): FormFailure {
  if (!nameField || failure.fields.name === undefined) return failure;
  const { name, ...fields } = failure.fields;
  return { ...failure, fields: { ...fields, [nameField]: name } };
}

type Creator<B> = (account: ReturnType<typeof accountOf>, body: B) => Promise<unknown>;

export async function trunksRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  app.get<{ Querystring: Static<typeof NoticeQuery> }>('/trunks',
    { schema: { querystring: NoticeQuery } },
    async (request, reply) => {
      const { notice } = request.query;
      return renderTrunks(deps, request, reply, 200,
        { notice: notice === undefined ? undefined : NOTICES[notice] });
    });

  function creates<B extends Record<string, string>>(
    path: string, form: TrunkForm, body: object, nameField: string | undefined,
    create: Creator<B>,
  ) {
    app.post(`/trunks/${path}`, { schema: { body } }, async (request, reply) => {
      const values = request.body as B;
      const outcome = await attempt(() => create(accountOf(request), values));
      if (outcome.ok) return seeOther(reply, '/console/account/trunks?notice=created');
      const failure = renamed(outcome.failure, nameField);
      return renderTrunks(deps, request, reply, 422, {
        failed: { form, values, errors: failure.fields, message: failure.message },
      });
    });
  }
  const orNull = (text: string) => text || null;
  const peerScope = peerScopeOf(deps);
  type Body<K extends keyof typeof Bodies> = Static<(typeof Bodies)[K]>;
  creates<Body<'trunk'>>('trunk', 'trunk', Bodies.trunk, 'trunk_name', (account, body) => {
    assertFilled({ name: body.trunk_name }, ['name']);
    return createTrunk(deps.db, account, {
      name: body.trunk_name, credential_uuid: orNull(body.credential_uuid),
      ipacl_uuid: orNull(body.ipacl_uuid), primary_uri_uuid: orNull(body.primary_uri_uuid),
    }, deps.sipDomain, deps);
  });
  creates<Body<'credential'>>('credential', 'credential', Bodies.credential, undefined,
    (account, body) => createCredential(deps.db, account, body, deps.sipDomain));
  creates<Body<'ipAcl'>>('ip-acl', 'ip_acl', Bodies.ipAcl, 'acl_name', (account, body) =>
    createIpAcl(deps.db, account,
      { name: orNull(body.acl_name), ip_address: body.ip_address }, peerScope));
  creates<Body<'uri'>>('uri', 'uri', Bodies.uri, 'uri_name', (account, body) => {
    assertFilled({ name: body.uri_name }, ['name']);
    return createOriginationUri(deps.db, account,
      { name: body.uri_name, sip_uri: body.sip_uri }, peerScope);
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
        return renderTrunks(deps, request, reply, 409, { notice: outcome.failure.message });
      });
  }
  await trunkEditRoutes(app, deps);
}

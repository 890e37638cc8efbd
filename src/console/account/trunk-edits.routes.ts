/**
 * Editing the customer's trunks, credentials, IP ACL entries and origination URIs: a page per
 * resource (GET …/trunks/<kind>/<id>) and its form (POST to the same path), over the update use
 * cases the Customer API's PUT routes call. Another account's id is the 404 page.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import { UUID_PATTERN } from '../../domain/ids';
import type { AccountPrincipal } from '../../domain/principals';
import { getCredential, updateCredential } from '../../domain/trunks/credentials';
import { getIpAcl, updateIpAcl } from '../../domain/trunks/ip-acls';
import { getOriginationUri, updateOriginationUri } from '../../domain/trunks/origination-uris';
import { SIP_PASSWORD_LENGTH_MAX, SIP_URI_LENGTH_MAX } from '../../domain/trunks/sip-uris';
import { getTrunk, updateTrunk } from '../../domain/trunks/trunks';
import { DESCRIPTION_LENGTH_MAX, NAME_LENGTH_MAX } from '../../limits';
import type { ConsoleDeps } from '../console-deps';
import { attempt, seeOther, sendHtml } from '../console-http';
import { accountOf, frameOf } from '../console-scopes';
import { assertFilled } from '../form-input';
import { peerScopeOf, trunkLinkChoices } from './trunk-resources';
import {
  credentialEditPage, credentialValues, type EditState, ipAclEditPage, ipAclValues,
  type TrunkResourceKind, trunkEditPage, trunkValues, uriEditPage, uriValues,
} from '../views/trunk-edit-pages';

const Text = (maxLength: number) => Type.String({ maxLength });
const OneOf = (...values: string[]) => Type.Union(values.map((value) => Type.Literal(value)));
/** A select of links: empty for none, else a resource id. */
const Link = Type.String({ pattern: `^$|${UUID_PATTERN}`, maxLength: 36 });
const Enabled = OneOf('true', 'false');

const Bodies = {
  trunk: Type.Object({
    name: Text(NAME_LENGTH_MAX), trunk_status: OneOf('enabled', 'disabled'),
    trunk_direction: OneOf('inbound', 'outbound'), credential_uuid: Link, ipacl_uuid: Link,
    primary_uri_uuid: Link, fallback_uri_uuid: Link, description: Text(DESCRIPTION_LENGTH_MAX),
  }),
  credential: Type.Object({ password: Text(SIP_PASSWORD_LENGTH_MAX), enabled: Enabled }),
  ipAcl: Type.Object({ name: Text(NAME_LENGTH_MAX), ip_address: Text(64), enabled: Enabled }),
  uri: Type.Object({
    name: Text(NAME_LENGTH_MAX), sip_uri: Text(SIP_URI_LENGTH_MAX), enabled: Enabled,
  }),
};
const EditParams = Type.Object({ id: Type.String({ pattern: UUID_PATTERN, maxLength: 36 }) });

/** One editable kind: how to read it, show it, and change it through its use case. */
interface Editable<Row, Body> {
  kind: TrunkResourceKind;
  body: TSchema;
  find(account: AccountPrincipal, id: string): Promise<Row>;
  values(row: Row): Record<string, string>;
  page(request: FastifyRequest, row: Row, state: EditState): Promise<string>;
  /** Fields the form must not send empty: the API requires them whenever they are present. */
  required: (keyof Body & string)[];
  update(account: AccountPrincipal, id: string, body: Body, now: Date): Promise<unknown>;
}

const orNull = (text: string) => text || null;

function editables(deps: ConsoleDeps) {
  const { db } = deps;
  const peerScope = peerScopeOf(deps);
  const trunk: Editable<Awaited<ReturnType<typeof getTrunk>>, Static<typeof Bodies.trunk>> = {
    kind: 'trunk', body: Bodies.trunk, required: ['name'],
    find: (account, id) => getTrunk(db, account, id),
    values: trunkValues,
    page: async (request, row, state) => trunkEditPage(frameOf(request), row,
      await trunkLinkChoices(db, accountOf(request)), state),
    update: (account, id, body, now) => updateTrunk(db, account, id, {
      ...body, description: orNull(body.description),
      credential_uuid: orNull(body.credential_uuid), ipacl_uuid: orNull(body.ipacl_uuid),
      primary_uri_uuid: orNull(body.primary_uri_uuid),
      fallback_uri_uuid: orNull(body.fallback_uri_uuid),
    }, now, deps),
  };
  const credential: Editable<Awaited<ReturnType<typeof getCredential>>,
    Static<typeof Bodies.credential>> = {
    kind: 'credential', body: Bodies.credential, required: [],
    find: (account, id) => getCredential(db, account, id),
    values: credentialValues,
    page: async (request, row, state) => credentialEditPage(frameOf(request), row, state),
    // An empty password field keeps the password: it is never shown, so it cannot be prefilled.
    update: (account, id, body, now) => updateCredential(db, account, id,
      { password: body.password || undefined, enabled: body.enabled === 'true' }, now),
  };
  const ipAcl: Editable<Awaited<ReturnType<typeof getIpAcl>>, Static<typeof Bodies.ipAcl>> = {
    kind: 'ip-acl', body: Bodies.ipAcl, required: [],
    find: (account, id) => getIpAcl(db, account, id),
    values: ipAclValues,
    page: async (request, row, state) => ipAclEditPage(frameOf(request), row, state),
    update: (account, id, body, now) => updateIpAcl(db, account, id, {
      name: orNull(body.name), ip_address: body.ip_address, enabled: body.enabled === 'true',
    }, now, peerScope),
  };
  const uri: Editable<Awaited<ReturnType<typeof getOriginationUri>>, Static<typeof Bodies.uri>> = {
    kind: 'uri', body: Bodies.uri, required: ['name'],
    find: (account, id) => getOriginationUri(db, account, id),
    values: uriValues,
    page: async (request, row, state) => uriEditPage(frameOf(request), row, state),
    update: (account, id, body, now) => updateOriginationUri(db, account, id, {
      name: body.name, sip_uri: body.sip_uri, enabled: body.enabled === 'true',
    }, now, peerScope),
  };
  return [trunk, credential, ipAcl, uri] as Editable<unknown, Record<string, string>>[];
}

export async function trunkEditRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  for (const editable of editables(deps)) {
    const path = `/trunks/${editable.kind}/:id`;
    app.get<{ Params: Static<typeof EditParams> }>(path, { schema: { params: EditParams } },
      async (request, reply) => {
        const row = await editable.find(accountOf(request), request.params.id);
        const page = await editable.page(request, row, { values: editable.values(row) });
        return sendHtml(reply, 200, page);
      });

    app.post<{ Params: Static<typeof EditParams>; Body: Record<string, string> }>(path,
      { schema: { params: EditParams, body: editable.body } },
      async (request, reply) => {
        const account = accountOf(request);
        const { id } = request.params;
        // Read first: another account's id is the 404 page, whatever the form holds.
        const row = await editable.find(account, id);
        const outcome = await attempt(async () => {
          assertFilled(request.body, editable.required);
          return editable.update(account, id, request.body, deps.clock());
        });
        if (outcome.ok) return seeOther(reply, '/console/account/trunks?notice=updated');
        const { fields: errors, message } = outcome.failure;
        const page = await editable.page(request, row, { values: request.body, errors, message });
        return sendHtml(reply, 422, page);
      });
  }
}

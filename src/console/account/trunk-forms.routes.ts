/**
 * The forms of the customer's trunks, credentials, IP ACL entries and origination URIs: a page
 * to create each kind (GET …/trunks/<kind>/new, POST …/trunks/<kind>) and to edit one
 * (GET and POST …/trunks/<kind>/<id>), with every field of the Customer API's bodies, through the
 * create and update use cases its routes call. Their validation messages stand next to the
 * fields; another account's id is the 404 page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import { UUID_PATTERN } from '../../domain/ids';
import type { AccountPrincipal } from '../../domain/principals';
import {
  createCredential, getCredential, updateCredential,
} from '../../domain/trunks/credentials';
import { IP_ACL_ADDRESS_LENGTH_MAX } from '../../domain/trunks/ip-acl-rules';
import { createIpAcl, getIpAcl, updateIpAcl } from '../../domain/trunks/ip-acls';
import {
  createOriginationUri, getOriginationUri, isTransportImplied, updateOriginationUri,
} from '../../domain/trunks/origination-uris';
import {
  SIP_PASSWORD_LENGTH_MAX, SIP_URI_LENGTH_MAX, SIP_USERNAME_LENGTH_MAX,
} from '../../domain/trunks/sip-uris';
import type { TrunkInput } from '../../domain/trunks/trunk-rules';
import { createTrunk, getTrunk, updateTrunk } from '../../domain/trunks/trunks';
import { DESCRIPTION_LENGTH_MAX, NAME_LENGTH_MAX } from '../../limits';
import type { ConsoleDeps } from '../console-deps';
import { attempt, seeOther, sendHtml } from '../console-http';
import { accountOf, frameOf } from '../console-scopes';
import { assertFilled, parseWholeNumbers } from '../form-input';
import { peerScopeOf, trunkLinkChoices } from './trunk-resources';
import {
  credentialFormPage, credentialValues, type EditState, ipAclFormPage, ipAclValues,
  newCredentialValues, newIpAclValues, newTrunkValues, newUriValues, type TrunkResourceKind,
  trunkFormPage, trunkValues, uriFormPage, uriValues,
} from '../views/trunk-form-pages';

const Text = (maxLength: number) => Type.String({ maxLength });
const OneOf = (...values: string[]) => Type.Union(values.map((value) => Type.Literal(value)));
/** A select of links: empty for none, else a resource id. */
const Link = Type.String({ pattern: `^$|${UUID_PATTERN}`, maxLength: 36 });
const YesNo = OneOf('true', 'false');
const Transport = OneOf('udp', 'tcp', 'tls');
/** A whole number as typed: parseWholeNumbers reads it, the use case checks its range. */
const Whole = Text(10);

const Bodies = {
  trunk: Type.Object({
    name: Text(NAME_LENGTH_MAX), trunk_status: OneOf('enabled', 'disabled'),
    trunk_direction: OneOf('inbound', 'outbound'), transport: Transport, secure: YesNo,
    concurrent_calls_limit: Whole, cps_limit: Whole,
    inbound_destination: Text(NAME_LENGTH_MAX), description: Text(DESCRIPTION_LENGTH_MAX),
    credential_uuid: Link, ipacl_uuid: Link, primary_uri_uuid: Link, fallback_uri_uuid: Link,
    recording: YesNo, enable_transcription: YesNo, pii_redaction: YesNo,
    pii_entity_types: Text(2048), webhook_url: Text(2048), webhook_method: OneOf('POST', 'GET'),
    recording_webhook_enabled: YesNo,
  }),
  credential: Type.Object({
    // The username is set once: only the new-credential form sends it.
    username: Type.Optional(Text(SIP_USERNAME_LENGTH_MAX)),
    password: Text(SIP_PASSWORD_LENGTH_MAX), enabled: YesNo,
  }),
  ipAcl: Type.Object({
    name: Text(NAME_LENGTH_MAX), ip_address: Text(IP_ACL_ADDRESS_LENGTH_MAX),
    description: Text(DESCRIPTION_LENGTH_MAX), enabled: YesNo,
  }),
  uri: Type.Object({
    name: Text(NAME_LENGTH_MAX), sip_uri: Text(SIP_URI_LENGTH_MAX), priority: Whole,
    weight: Whole, transport: Type.Union([Type.Literal(''), Transport]),
    description: Text(DESCRIPTION_LENGTH_MAX), enabled: YesNo,
  }),
};
type Body<K extends keyof typeof Bodies> = Static<(typeof Bodies)[K]>;
const EditParams = Type.Object({ id: Type.String({ pattern: UUID_PATTERN, maxLength: 36 }) });

const orNull = (text: string) => text || null;
const yes = (text: string) => text === 'true';

/** The trunk form as the API's body: every field (an update names them all). */
function trunkInputOf(body: Body<'trunk'>): TrunkInput & { name: string } {
  return {
    ...parseWholeNumbers(body, ['concurrent_calls_limit', 'cps_limit']),
    name: body.name, trunk_status: body.trunk_status, trunk_direction: body.trunk_direction,
    transport: body.transport, secure: yes(body.secure),
    inbound_destination: orNull(body.inbound_destination), description: orNull(body.description),
    credential_uuid: orNull(body.credential_uuid), ipacl_uuid: orNull(body.ipacl_uuid),
    primary_uri_uuid: orNull(body.primary_uri_uuid),
    fallback_uri_uuid: orNull(body.fallback_uri_uuid),
    recording: yes(body.recording), enable_transcription: yes(body.enable_transcription),
    pii_redaction: yes(body.pii_redaction), pii_entity_types: body.pii_entity_types,
    webhook_url: orNull(body.webhook_url), webhook_method: body.webhook_method,
    recording_webhook_enabled: yes(body.recording_webhook_enabled),
  };
}

function uriInputOf(body: Body<'uri'>) {
  return {
    name: body.name, sip_uri: body.sip_uri, ...parseWholeNumbers(body, ['priority', 'weight']),
    transport: body.transport || undefined, description: orNull(body.description),
    enabled: yes(body.enabled),
  };
}

function ipAclInputOf(body: Body<'ipAcl'>) {
  return {
    name: orNull(body.name), ip_address: body.ip_address,
    description: orNull(body.description), enabled: yes(body.enabled),
  };
}

/** One kind of resource: how its form reads, shows, creates and changes it. */
interface FormKind<Row, B> {
  kind: TrunkResourceKind;
  body: TSchema;
  find(account: AccountPrincipal, id: string): Promise<Row>;
  /** The new form's values, and a stored row's. */
  fresh(): Record<string, string>;
  values(row: Row): Record<string, string>;
  page(request: FastifyRequest, row: Row | undefined, state: EditState): Promise<string>;
  /** Fields the form must not send empty: the API requires them, or a number is expected. */
  required: (keyof B & string)[];
  create(account: AccountPrincipal, body: B): Promise<unknown>;
  update(account: AccountPrincipal, id: string, body: B, now: Date): Promise<unknown>;
}

function formKinds(deps: ConsoleDeps) {
  const { db } = deps;
  const peerScope = peerScopeOf(deps);
  const trunk: FormKind<Awaited<ReturnType<typeof getTrunk>>, Body<'trunk'>> = {
    kind: 'trunk', body: Bodies.trunk,
    required: ['name', 'concurrent_calls_limit', 'cps_limit'],
    find: (account, id) => getTrunk(db, account, id),
    fresh: newTrunkValues, values: trunkValues,
    page: async (request, row, state) => trunkFormPage(frameOf(request),
      { kind: 'trunk', id: row?.id, label: row?.name },
      await trunkLinkChoices(db, accountOf(request)), state),
    create: (account, body) =>
      createTrunk(db, account, trunkInputOf(body), deps.sipDomain, deps),
    update: (account, id, body, now) =>
      updateTrunk(db, account, id, trunkInputOf(body), now, deps),
  };
  const credential: FormKind<Awaited<ReturnType<typeof getCredential>>, Body<'credential'>> = {
    kind: 'credential', body: Bodies.credential, required: [],
    find: (account, id) => getCredential(db, account, id),
    fresh: newCredentialValues, values: credentialValues,
    page: async (request, row, state) => credentialFormPage(frameOf(request), row, state),
    create: (account, body) => createCredential(db, account, {
      username: body.username ?? '', password: body.password, enabled: yes(body.enabled),
    }, deps.sipDomain),
    // An empty password field keeps the password: it is never shown, so it cannot be prefilled.
    update: (account, id, body, now) => updateCredential(db, account, id,
      { password: body.password || undefined, enabled: yes(body.enabled) }, now),
  };
  const ipAcl: FormKind<Awaited<ReturnType<typeof getIpAcl>>, Body<'ipAcl'>> = {
    kind: 'ip-acl', body: Bodies.ipAcl, required: [],
    find: (account, id) => getIpAcl(db, account, id),
    fresh: newIpAclValues, values: ipAclValues,
    page: async (request, row, state) => ipAclFormPage(frameOf(request),
      { kind: 'ip-acl', id: row?.id, label: row?.ip_address }, state),
    create: (account, body) => createIpAcl(db, account, ipAclInputOf(body), peerScope),
    update: (account, id, body, now) =>
      updateIpAcl(db, account, id, ipAclInputOf(body), now, peerScope),
  };
  const uri: FormKind<Awaited<ReturnType<typeof getOriginationUri>>, Body<'uri'>> = {
    kind: 'uri', body: Bodies.uri, required: ['name', 'priority', 'weight'],
    find: (account, id) => getOriginationUri(db, account, id),
    fresh: newUriValues,
    values: (row) => uriValues(row, isTransportImplied(row, peerScope)),
    page: async (request, row, state) => uriFormPage(frameOf(request),
      { kind: 'uri', id: row?.id, label: row?.name }, state),
    create: (account, body) => createOriginationUri(db, account, uriInputOf(body), peerScope),
    update: (account, id, body, now) =>
      updateOriginationUri(db, account, id, uriInputOf(body), now, peerScope),
  };
  return [trunk, credential, ipAcl, uri] as FormKind<unknown, Record<string, string>>[];
}

type IdRequest = FastifyRequest<{ Params: Static<typeof EditParams> }>;

/** Runs the form's use case: to the trunks page when done, else the form again with why. */
async function submit(
  request: FastifyRequest, reply: FastifyReply, form: FormKind<unknown, Record<string, string>>,
  row: unknown, work: () => Promise<unknown>,
) {
  const body = request.body as Record<string, string>;
  const outcome = await attempt(async () => {
    assertFilled(body, form.required);
    return work();
  });
  const notice = row === undefined ? 'created' : 'updated';
  if (outcome.ok) return seeOther(reply, `/console/account/trunks?notice=${notice}`);
  const { fields: errors, message } = outcome.failure;
  return sendHtml(reply, 422, await form.page(request, row, { values: body, errors, message }));
}

export async function trunkFormRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  for (const form of formKinds(deps)) {
    const base = `/trunks/${form.kind}`;
    const schema = { body: form.body };
    app.get(`${base}/new`, async (request, reply) =>
      sendHtml(reply, 200, await form.page(request, undefined, { values: form.fresh() })));
    app.post(base, { schema }, async (request, reply) => submit(request, reply, form, undefined,
      () => form.create(accountOf(request), request.body as Record<string, string>)));

    const byId = { schema: { params: EditParams } };
    app.get(`${base}/:id`, byId, async (request: IdRequest, reply) => {
      const row = await form.find(accountOf(request), request.params.id);
      return sendHtml(reply, 200, await form.page(request, row, { values: form.values(row) }));
    });
    app.post(`${base}/:id`, { schema: { ...schema, ...byId.schema } },
      async (request: IdRequest, reply) => {
        const account = accountOf(request);
        const { id } = request.params;
        // Read first: another account's id is the 404 page, whatever the form holds.
        const row = await form.find(account, id);
        return submit(request, reply, form, row, () => form.update(account, id,
          request.body as Record<string, string>, deps.clock()));
      });
  }
}

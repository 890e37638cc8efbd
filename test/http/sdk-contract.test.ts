/**
 * The Vobiz client contract, method by method: each method of vobiz-sdk-surface.md (outside the
 * voice/media resources) is driven through the real routes the way the official Node SDK sends it (all three
 * credentials, Accept: * / *, path values encoded once more by the client), and its answer must
 * have the declared type: required keys present, number vs string vs boolean, nullability. The
 * OpenAPI document must declare the same types.
 */
import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { createCustomer, createPartner, creditPartner, type Credentials } from '../support/factories';
import { cdrRow, fundCustomer, ingestOk } from '../support/cdrs';
import { openApiDocument } from '../support/openapi';
import { stockNumber } from '../support/numbers';
import { createSubAccount } from '../support/sub-accounts';
import {
  CONTRACT_METHODS,
  NULLABLE,
  shapeProblems,
  type ContractMethod,
  type FieldType,
  type Shape,
} from '../support/sdk-contract';

const t = useTestApp();

/** The headers the Node SDK sends on every request. */
function sdkHeaders(credentials: Credentials): Record<string, string> {
  return {
    'x-auth-id': credentials.authId,
    'x-auth-token': credentials.token,
    authorization: 'Bearer sdk-access-token',
    accept: '*/*',
    'x-fern-language': 'JavaScript',
  };
}

/** The path with its parameters filled the way the SDK does: encodeURIComponent(value). */
function fill(path: string, values: Record<string, string>): string {
  // A value an earlier (failed) call should have produced is reported by that call.
  return path.replace(/\{([a-z0-9_]+)\}/g, (_match, name: string) =>
    encodeURIComponent(values[name] ?? `missing-${name}`));
}

interface World {
  partner: Credentials;
  customer: Credentials;
  values: Record<string, string>;
}

async function buildWorld(): Promise<World> {
  const { app } = t.current;
  const partner = await createPartner(app);
  const customer = await createCustomer(app, partner);
  await fundCustomer(app, partner, customer, '5000.50');
  await creditPartner(app, partner, '100.00');
  const bought = await stockNumber(app, { setup_fee: '10.50', monthly_fee: '20.25' });
  await stockNumber(app);
  const start = new Date(Date.now() - 3_600_000).toISOString();
  const call = cdrRow({ account: customer, start, to: bought });
  await ingestOk(app, [call]);
  const subAccount = await createSubAccount(app, customer);
  return {
    partner,
    customer,
    values: {
      // The SDK's documented way: the caller passes "%2B91…", which the client encodes again.
      e164: encodeURIComponent(bought),
      phone_number: encodeURIComponent(bought),
      auth_id: customer.authId,
      account_id: customer.authId,
      customer_auth_id: customer.authId,
      currency: 'INR',
      call_id: call.uuid as string,
      sub_account_id: subAccount.authId,
    },
  };
}

/**
 * How each method is called: query, body, and the values a previous call produced. The order
 * is the seed lifecycle: create before read, delete last.
 */
const CALLS: Record<string, { query?: string; body?: object; keep?: (body: any, w: World) => void }> = {
  createSubaccount: {
    body: {
      name: 'Acme Technologies', email: 'kyc@sub.test', kyc_mode: 'customer_use',
      business_type: 'private_limited',
    },
    keep: (body, w) => { w.values.sub_auth_id = body.sub_account.auth_id; },
  },
  listSubaccounts: {},
  retrieveSubaccount: {},
  updateSubaccount: { body: { name: 'Acme Technologies', enabled: true } },
  getSubaccountKycStatus: {},
  verifySubaccountPan: { body: { pan: 'AAACZ0000S' } },
  verifySubaccountGst: { body: { gstin: '27AAACZ0000S1Z8' } },
  searchSubaccountCin: { body: { company_name: 'Acme Technologies' } },
  confirmSubaccountCin: {
    body: { company_name: 'Acme Technologies', selected_cin: 'U72900KA2024PTC123456' },
  },
  subaccountDigilockerInitiate: {
    body: { redirect_url: 'http://127.0.0.1:9/return', oauth_state: 'csrf-1' },
    keep: (body, w) => { w.values.access_request_id = body.access_request_id; },
  },
  subaccountDigilockerVerify: {},
  createSubaccountKycSession: { body: { flow_type: 'email', customer_email: 'kyc@sub.test' } },
  mockVerifySubaccountPan: { body: { pan: 'TESTPENDING001' } },
  mockVerifySubaccountGst: { body: { gstin: 'TESTSUCCESS0001GST' } },
  mockSearchSubaccountCin: { body: { company_name: 'Acme Technologies' } },
  mockConfirmSubaccountCin: {
    body: { company_name: 'Acme Technologies', selected_cin: 'U72900KA2024PTC123456' },
  },
  mockSubaccountDigilockerInitiate: { body: { redirect_url: 'http://127.0.0.1:9/return' } },
  mockSubaccountDigilockerVerify: { body: { access_request_id: 'MOCK_AR_SUCCESS' } },
  mockFinalizePendingKyc: { body: { verification_type: 'pan', outcome: 'verified' } },
  retrieveAccount: {},
  getConcurrency: {},
  previewChannelPricing: { query: '?resource_type=cps&quantity=2' },
  createChannelSubscription: { body: { resource_type: 'concurrent_calls', quantity: 2 } },
  purchaseFromInventory: {},
  listNumbers: {},
  listInventoryNumbers: {},
  getNumberHealth: { query: '?granularity=daily&days=7' },
  getBalance: {},
  listTransactions: { query: '?limit=10&offset=0' },
  createCredential: {
    body: { username: 'pbx-user', password: 'S3cret-pass!' },
    keep: (body, w) => { w.values.credential_id = body.id; },
  },
  createIpAcl: {
    body: { name: 'office', ip_address: '10.20.30.40' },
    keep: (body, w) => { w.values.ip_acl_id = body.id; },
  },
  createOriginationUri: {
    body: { name: 'pbx', sip_uri: 'sip:pbx.customer.test', priority: 1 },
    keep: (body, w) => { w.values.uri_id = body.id; },
  },
  // The seed guide's own trunk example: limits above the account's are stored as given.
  createTrunk: {
    body: { name: 'Seed trunk', cps_limit: 5, concurrent_calls_limit: 10 },
    keep: (body, w) => { w.values.trunk_id = body.trunk_id; },
  },
  listTrunks: {},
  retrieveTrunk: {},
  updateTrunk: { body: { description: 'updated by the SDK' } },
  listCredentials: {},
  listIpAcls: {},
  listOriginationUris: {},
  updateCredential: { body: { password: 'An0ther-pass!' } },
  updateIpAcl: { body: { name: 'office', ip_address: '10.20.30.41' } },
  updateOriginationUri: { body: { name: 'pbx', priority: 2 } },
  assignNumberToTrunk: {},
  unassignNumberFromTrunk: {},
  // The world's one call is outbound to the number, not on it: no cool-off holds it.
  assignDidToSubaccount: {},
  unassignDidFromSubaccount: {},
  listCdrs: {},
  searchCdrs: { query: '?call_direction=outbound' },
  listRecentCdrs: { query: '?limit=20' },
  exportCdrs: {},
  getCdr: {},
  getPartnerProfile: {},
  getPartnerDashboard: {},
  listCustomerAccounts: { query: '?page=1&per_page=10' },
  createCustomerAccount: {
    body: {
      name: 'SDK Customer', email: 'sdk-customer@partner.test', phone: '+919876543210',
      password: 'SecurePass123!', country: 'IN',
    },
  },
  partnerTransferBalance: { body: { amount: 10.5, currency: 'INR', description: 'top-up' } },
  listCustomerTransactions: {},
  listCustomerCdrs: { query: '?per_page=10' },
  listCustomerNumbers: {},
  createKycSession: {
    body: { flow_type: 'email', customer_email: 'kyc@customer.test' },
    keep: (body, w) => { w.values.session_id = body.session_id; },
  },
  listKycSessions: { query: '?page=1&size=10' },
  getKycSession: {},
  resendKycSession: {},
  revokeKycSession: { body: {} },
  unrentNumber: {},
  cancelNumberRelease: {},
  deleteTrunk: {},
  deleteCredential: {},
  deleteIpAcl: {},
  deleteOriginationUri: {},
  deleteSubaccount: {},
};

const byName = new Map(CONTRACT_METHODS.map((method) => [method.name, method]));

function requestOf(method: ContractMethod, world: World): InjectOptions {
  const call = CALLS[method.name]!;
  const isPartner = method.path.startsWith('/api/v1/partner');
  const values = { ...world.values };
  let body = call.body;
  if (method.name === 'purchaseFromInventory') body = { e164: decodeURIComponent(values.e164!) };
  if (method.name === 'assignNumberToTrunk') body = { trunk_group_id: values.trunk_id };
  if (method.name === 'assignDidToSubaccount') body = { sub_account_id: values.sub_account_id };
  if (method.name === 'createKycSession') body = { ...body, account_auth_id: world.customer.authId };
  if (method.name === 'createSubaccountKycSession') body = { ...body, account_auth_id: values.sub_auth_id };
  if (method.name === 'subaccountDigilockerVerify') {
    body = { access_request_id: values.access_request_id };
  }
  return {
    method: method.http,
    url: fill(method.path, values) + (call.query ?? ''),
    headers: {
      ...sdkHeaders(isPartner ? world.partner : world.customer),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { payload: JSON.stringify(body) } : {}),
  };
}

/** Statuses the SDK treats as success (§1.3), plus the 429 a declared cooldown may answer. */
function isSuccess(method: ContractMethod, status: number): boolean {
  if (method.name === 'resendKycSession' && status === 429) return true;
  return status >= 200 && status < 400;
}

type SchemaNode = {
  type?: string | string[]; properties?: Record<string, SchemaNode>; required?: string[];
  items?: SchemaNode; anyOf?: SchemaNode[];
};

function typesOf(schema: SchemaNode): Set<string> {
  const own = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const all = [...own, ...(schema.anyOf ?? []).flatMap((branch) => [...typesOf(branch)])];
  return new Set(all.map((type) => (type === 'integer' ? 'number' : type)));
}

function objectBranch(schema: SchemaNode): SchemaNode {
  return schema.properties ? schema : schema.anyOf?.find((branch) => branch.properties) ?? schema;
}

/** Where the OpenAPI schema disagrees with the contract's declared type. */
function schemaProblems(schema: SchemaNode, type: FieldType, where: string): string[] {
  if (typeof type === 'object' && !Array.isArray(type) && NULLABLE in type) {
    return schemaProblems(schema, type[NULLABLE]!, where);
  }
  if (Array.isArray(type)) {
    const items = (schema.items ?? schema.anyOf?.find((branch) => branch.items)?.items);
    if (!items) return [`${where}: not declared as an array`];
    return schemaProblems(items, type[0], `${where}[]`);
  }
  if (typeof type === 'object') {
    const object = objectBranch(schema);
    if (!object.properties) return [`${where}: not declared as an object`];
    return Object.entries(type).flatMap(([rawKey, fieldType]) => {
      const optional = rawKey.endsWith('?');
      const key = optional ? rawKey.slice(0, -1) : rawKey;
      const property = object.properties![key];
      if (!property) return [`${where}.${key}: not declared`];
      const required = optional || (object.required ?? []).includes(key);
      return [
        ...(required ? [] : [`${where}.${key}: declared optional`]),
        ...schemaProblems(property, fieldType, `${where}.${key}`),
      ];
    });
  }
  const [base, nullable] = type.split('|');
  if (base === 'any') return [];
  const declared = typesOf(schema);
  const problems: string[] = [];
  const onlyNull = declared.size === 1 && declared.has('null') && nullable === 'null';
  if (declared.size > 0 && !declared.has(base!) && !onlyNull) problems.push(`${where}: declared ${[...declared]}, not ${base}`);
  if (nullable !== 'null' && declared.has('null')) problems.push(`${where}: declared nullable`);
  return problems;
}

type Operation = { responses: Record<string, { content?: Record<string, { schema: SchemaNode }> }> };

/** The operation serving a contract path: parameter names and the case of /Account/ may differ. */
function operationOf(paths: Record<string, Record<string, Operation>>, method: ContractMethod) {
  const normalize = (path: string) => path.toLowerCase().replace(/\{[^}]+\}/g, '{}').replace(/\/$/, '');
  const path = Object.keys(paths).find((candidate) => normalize(candidate) === normalize(method.path));
  return path ? paths[path]![method.http.toLowerCase()] : undefined;
}

describe('the Vobiz SDK contract', () => {
  it('lists every method of the contract document exactly once', () => {
    expect(new Set(Object.keys(CALLS))).toEqual(new Set(byName.keys()));
    expect(byName.size).toBe(CONTRACT_METHODS.length);
    expect(CONTRACT_METHODS.length).toBe(71);
  });

  it('answers every method through the real routes with the declared types', async () => {
    const { app } = t.current;
    const world = await buildWorld();
    const problems: string[] = [];
    for (const name of Object.keys(CALLS)) {
      const method = byName.get(name)!;
      const response = await app.inject(requestOf(method, world));
      const label = `${method.name} ${method.http} ${method.path} → ${response.statusCode}`;
      if (!isSuccess(method, response.statusCode)) {
        problems.push(`${label}: ${response.body.slice(0, 300)}`);
        continue;
      }
      if (response.statusCode === 429) {
        if (!response.headers['retry-after']) problems.push(`${label}: 429 without Retry-After`);
        continue;
      }
      if (method.returns === 'csv') {
        if (!String(response.headers['content-type']).startsWith('text/csv')) problems.push(`${label}: not CSV`);
        continue;
      }
      const text = response.body;
      // void and string|undefined: an empty body or JSON, never plain text (§1.3).
      if (text === '') {
        if (typeof method.returns === 'object') problems.push(`${label}: empty body`);
        continue;
      }
      const parsed = (() => { try { return JSON.parse(text); } catch { return undefined; } })();
      if (parsed === undefined) {
        problems.push(`${label}: body is not JSON`);
        continue;
      }
      CALLS[name]!.keep?.(parsed, world);
      if (typeof method.returns === 'object') {
        problems.push(...shapeProblems(parsed, method.returns).map((problem) => `${label} ${problem}`));
      }
    }
    expect(problems).toEqual([]);
  });

  it("answers SA_ credentials with the declared types where sub-accounts call", async () => {
    const { app } = t.current;
    const customer = await createCustomer(app, await createPartner(app));
    const subAccount = await createSubAccount(app, customer);
    const problems: string[] = [];
    for (const name of ['retrieveAccount', 'getConcurrency']) {
      const method = byName.get(name)!;
      const response = await app.inject({
        method: method.http, url: fill(method.path, { auth_id: subAccount.authId }),
        headers: sdkHeaders(subAccount),
      });
      const label = `${name} as ${subAccount.authId} → ${response.statusCode}`;
      if (response.statusCode !== 200) problems.push(`${label}: ${response.body.slice(0, 300)}`);
      else {
        problems.push(...shapeProblems(response.json(), method.returns as Shape)
          .map((problem) => `${label} ${problem}`));
      }
    }
    expect(problems).toEqual([]);
  });

  it('declares the same types in the OpenAPI document', async () => {
    const document = await openApiDocument(t.current.app) as unknown as {
      paths: Record<string, Record<string, Operation>>;
    };
    const problems: string[] = [];
    for (const method of CONTRACT_METHODS) {
      const operation = operationOf(document.paths, method);
      if (!operation) {
        problems.push(`${method.name}: ${method.http} ${method.path} is not documented`);
        continue;
      }
      if (typeof method.returns !== 'object') continue;
      const success = Object.keys(operation.responses).find((status) => status.startsWith('2'));
      const schema = success ? operation.responses[success]!.content?.['application/json']?.schema : undefined;
      if (!schema) {
        problems.push(`${method.name}: no JSON success schema`);
        continue;
      }
      problems.push(...schemaProblems(schema, method.returns as Shape, method.name));
    }
    expect(problems).toEqual([]);
  });
});

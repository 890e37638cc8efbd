/**
 * SA_ credentials on the trunk families of the Customer API (trunks, SIP credentials, IP ACL
 * entries, origination URIs): a sub-account creates and manages its own, sees neither the
 * parent's own nor a sibling's (404), another customer's are 404 too; the parent sees and
 * manages all; a sub-account's trunk links only its own resources; deleting the sub-account
 * hands its resources to the parent.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../support/app';
import { authHeaders, createCustomer, type Credentials } from '../../support/factories';
import { accountUrl, fundedCustomer, type FundedCustomer } from '../../support/numbers';
import { createSubAccount, subAccountsUrl } from '../../support/sub-accounts';

const t = useTestApp();
let parent: FundedCustomer;
let child: Credentials;
let sibling: Credentials;
let stranger: Credentials;

beforeAll(async () => {
  parent = await fundedCustomer(t.current.app, '0');
  child = await createSubAccount(t.current.app, parent);
  sibling = await createSubAccount(t.current.app, parent);
  stranger = await createCustomer(t.current.app, parent.partner);
});

let octet = 10;
/** Per family: the create path and body, the list path, the item path, an update body, id. */
const FAMILIES = {
  trunks: {
    create: '/trunks', list: '/trunks', item: '/trunks/',
    body: () => ({ name: `trunk ${randomUUID().slice(0, 6)}` }),
    update: { description: 'changed' }, idOf: (body: any) => body.trunk_id as string,
  },
  credentials: {
    create: '/credentials', list: '/trunks/credentials', item: '/credentials/',
    body: () => ({ username: `u${randomUUID().slice(0, 8)}`, password: 'S3cret-pass!' }),
    update: { password: 'An0ther-pass!' }, idOf: (body: any) => body.id as string,
  },
  'ip-acl': {
    create: '/ip-acl', list: '/trunks/ip-acl', item: '/ip-acl/',
    body: () => ({ name: 'office', ip_address: `10.40.${octet++}.1` }),
    update: { name: 'office 2' }, idOf: (body: any) => body.id as string,
  },
  'origination-uris': {
    create: '/origination-uris', list: '/trunks/origination-uris', item: '/origination-uris/',
    body: () => ({ name: 'pbx', sip_uri: `sip:pbx${octet++}.customer.test`, priority: 1 }),
    update: { name: 'pbx', priority: 2 }, idOf: (body: any) => body.id as string,
  },
} as const;
type Family = (typeof FAMILIES)[keyof typeof FAMILIES];

function send(who: Credentials, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string,
  payload?: object, owner: Credentials = who) {
  return t.current.app.inject({
    method, url: accountUrl(owner, path), headers: authHeaders(who),
    ...(payload ? { payload } : {}),
  });
}

async function create(who: Credentials, family: Family): Promise<string> {
  const response = await send(who, 'POST', family.create, family.body());
  expect(response.statusCode, response.body).toBe(201);
  return family.idOf(response.json());
}

async function listed(who: Credentials, family: Family): Promise<string[]> {
  const response = await send(who, 'GET', `${family.list}?limit=100`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().objects.map(family.idOf);
}

describe.each(Object.entries(FAMILIES))('%s with SA_ credentials', (_name, family) => {
  let own: string;
  let parents: string;
  let siblings: string;
  let strangers: string;

  beforeAll(async () => {
    own = await create(child, family);
    parents = await create(parent, family);
    siblings = await create(sibling, family);
    strangers = await create(stranger, family);
  });

  it('the sub-account sees and manages its own only', async () => {
    expect(await listed(child, family)).toEqual([own]);
    expect((await send(child, 'PUT', family.item + own, family.update)).statusCode).toBe(200);
    for (const id of [parents, siblings, strangers]) {
      expect((await send(child, 'PUT', family.item + id, family.update)).statusCode, id).toBe(404);
      expect((await send(child, 'DELETE', family.item + id)).statusCode, id).toBe(404);
    }
  });

  it('the parent sees all of its own and its sub-accounts\', not another customer\'s', async () => {
    expect(new Set(await listed(parent, family))).toEqual(new Set([own, parents, siblings]));
    expect((await send(parent, 'PUT', family.item + siblings, family.update)).statusCode).toBe(200);
    expect((await send(parent, 'PUT', family.item + strangers, family.update)).statusCode).toBe(404);
  });

  it('another customer is 404 on the sub-account\'s path; the sub-account on another\'s path', async () => {
    expect((await send(stranger, 'GET', family.list, undefined, child)).statusCode).toBe(404);
    expect((await send(child, 'GET', family.list, undefined, sibling)).statusCode).toBe(404);
    expect((await send(child, 'GET', family.list, undefined, parent)).statusCode).toBe(404);
  });
});

describe('a sub-account\'s trunk', () => {
  it('links only the sub-account\'s own credential, ACL entry and URIs (422 otherwise)', async () => {
    const parentsCredential = await create(parent, FAMILIES.credentials);
    const siblingsUri = await create(sibling, FAMILIES['origination-uris']);
    const ownCredential = await create(child, FAMILIES.credentials);
    const ownAcl = await create(child, FAMILIES['ip-acl']);
    for (const [field, id] of [['credential_uuid', parentsCredential], ['primary_uri_uuid', siblingsUri]]) {
      const refused = await send(child, 'POST', '/trunks', { name: 'linked', [field!]: id });
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json().details[0].loc).toEqual(['body', field]);
    }
    const linked = await send(child, 'POST', '/trunks', {
      name: 'linked', credential_uuid: ownCredential, ipacl_uuid: ownAcl,
    });
    expect(linked.statusCode, linked.body).toBe(201);
    const relinked = await send(child, 'PUT', `/trunks/${linked.json().trunk_id}`,
      { credential_uuid: parentsCredential });
    expect(relinked.statusCode).toBe(422);
  });
});

describe('deleting the sub-account', () => {
  it('hands its trunk resources to the parent', async () => {
    const doomed = await createSubAccount(t.current.app, parent);
    const ids = await Promise.all(Object.values(FAMILIES).map((family) => create(doomed, family)));
    const deleted = await t.current.app.inject({
      method: 'DELETE', url: subAccountsUrl(parent, `/${doomed.authId}`), headers: authHeaders(parent),
    });
    expect(deleted.statusCode, deleted.body).toBe(200);
    const families = Object.values(FAMILIES);
    for (const [index, family] of families.entries()) {
      expect(await listed(parent, family)).toContain(ids[index]);
      const owner = await t.current.database.handle.db.selectFrom(
        (['trunks', 'sip_credentials', 'ip_acls', 'origination_uris'] as const)[index]!,
      ).select('sub_account_id').where('id', '=', ids[index]!).executeTakeFirstOrThrow();
      expect(owner.sub_account_id).toBeNull();
    }
  });
});

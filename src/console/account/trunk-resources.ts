/**
 * What the trunk pages share: the account's credentials, IP ACL entries and URIs (all of each
 * fit on a page: the per-account maxima bound them), and which peer addresses the installation
 * accepts, decided as the Customer API's routes decide it.
 */
import type { Database } from '../../db/database';
import type { AccountPrincipal } from '../../domain/principals';
import { listCredentials } from '../../domain/trunks/credentials';
import type { PeerAddressScope } from '../../domain/trunks/ip-acl-rules';
import { listIpAcls } from '../../domain/trunks/ip-acls';
import { listOriginationUris } from '../../domain/trunks/origination-uris';
import {
  IP_ACLS_PER_ACCOUNT_MAX, ORIGINATION_URIS_PER_ACCOUNT_MAX, SIP_CREDENTIALS_PER_ACCOUNT_MAX,
} from '../../limits';
import type { ConsoleDeps } from '../console-deps';
import type { TrunkLinkChoices } from '../views/trunk-form-pages';

/** Loopback peers only where DIALTONE_ALLOW_PRIVATE_URLS allows private URLs, as in the API. */
export function peerScopeOf(deps: ConsoleDeps): PeerAddressScope {
  return deps.allowPrivateUrls ? 'local' : 'public';
}

export async function trunkLinkChoices(
  db: Database,
  account: AccountPrincipal,
): Promise<TrunkLinkChoices> {
  const all = (limit: number) => ({ limit, offset: 0 });
  const [credentials, ipAcls, uris] = await Promise.all([
    listCredentials(db, account, all(SIP_CREDENTIALS_PER_ACCOUNT_MAX)),
    listIpAcls(db, account, all(IP_ACLS_PER_ACCOUNT_MAX)),
    listOriginationUris(db, account, all(ORIGINATION_URIS_PER_ACCOUNT_MAX)),
  ]);
  return { credentials: credentials.rows, ipAcls: ipAcls.rows, uris: uris.rows };
}

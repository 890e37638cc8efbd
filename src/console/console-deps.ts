/**
 * What the console needs from the process (a subset of AppDeps, declared here: no parent
 * import).
 */
import type { Database } from '../db/database';
import type { Clock } from '../domain/clock';
import type { Sealer } from '../domain/secrets';

export interface ConsoleDeps {
  db: Database;
  sealer: Sealer;
  clock: Clock;
  /** SHA-256 of the operator token: the operator signs in with the token itself. */
  adminTokenDigest: Buffer;
  publicBaseUrl: string;
  /** The realm of customers' SIP credentials and the parent domain of their trunks. */
  sipDomain: string;
  allowPrivateUrls: boolean;
}

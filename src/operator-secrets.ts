/**
 * The operator token and the key that seals stored tokens. Both come from the environment in
 * production; on a fresh machine they are generated once into DATA_DIR (mode 0600) so
 * restarts keep working and nothing secret is printed.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config';
import { createSealer, digestToken, parseSecretKey, type Sealer } from './domain/secrets';

export interface OperatorSecrets {
  adminTokenDigest: Buffer;
  /** Set when the token lives in a file: where the operator finds it. */
  adminTokenPath: string | undefined;
  /** True when this start generated the token (first start). */
  adminTokenCreated: boolean;
  sealer: Sealer;
}

export const ADMIN_TOKEN_FILE = 'admin-token';
const SECRET_KEY_FILE = 'secret-key';

/** A secret kept in a 0600 file: read it, or create it once (two racing starts: one wins). */
export function readOrCreate(file: string, create: () => string): { value: string; created: boolean } {
  if (fs.existsSync(file)) return { value: fs.readFileSync(file, 'utf8').trim(), created: false };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const value = create();
  fs.writeFileSync(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  return { value, created: true };
}

export function loadOperatorSecrets(config: Config): OperatorSecrets {
  const tokenPath = path.join(config.dataDir, ADMIN_TOKEN_FILE);
  const token = config.adminToken
    ? { value: config.adminToken, created: false }
    : readOrCreate(tokenPath, () => `dtadm_${randomBytes(32).toString('base64url')}`);
  const key = config.secretKey
    ?? readOrCreate(path.join(config.dataDir, SECRET_KEY_FILE), () => randomBytes(32).toString('hex')).value;
  return {
    adminTokenDigest: digestToken(token.value),
    adminTokenPath: config.adminToken ? undefined : tokenPath,
    adminTokenCreated: token.created,
    sealer: createSealer(parseSecretKey(key), config.previousSecretKeys.map(parseSecretKey)),
  };
}

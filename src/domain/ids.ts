/**
 * The only place public ids are minted. Random ids come from the OS CSPRNG; an auth id carries
 * 8 uppercase alphanumerics (36^8 ≈ 2.8e12) and is retried by its creator on a collision.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const ALPHANUMERICS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomAlphanumerics(length: number): string {
  let text = '';
  for (let i = 0; i < length; i += 1) text += ALPHANUMERICS[randomInt(ALPHANUMERICS.length)];
  return text;
}

export const newPartnerAuthId = (): string => `PA_${randomAlphanumerics(8)}`;
export const newAccountAuthId = (): string => `MA_${randomAlphanumerics(8)}`;
export const newSubAccountAuthId = (): string => `SA_${randomAlphanumerics(8)}`;
/** Vobiz's transfer id: txn_ + 12 hex (48 bits; the unique index catches the rare repeat). */
export const newTransactionId = (): string => `txn_${randomBytes(6).toString('hex')}`;
/** API credentials: 40 characters of base64url, 240 bits of entropy. */
export const newAuthToken = (): string => randomBytes(30).toString('base64url');

export const PARTNER_AUTH_ID_PATTERN = '^PA_[A-Z0-9]{8}$';
export const ACCOUNT_AUTH_ID_PATTERN = '^MA_[A-Z0-9]{8}$';
export const SUB_ACCOUNT_AUTH_ID_PATTERN = '^SA_[A-Z0-9]{8}$';

/** The KYC widget's only credential: kst_ + 64 hex (256 bits). Stored only as a SHA-256 digest. */
export const newKycSessionToken = (): string => `kst_${randomBytes(32).toString('hex')}`;
export const KYC_SESSION_TOKEN_PATTERN = '^kst_[0-9a-f]{64}$';
/** A webhook event (`webhook-id`): the same on every retry, the receiver's dedupe key. */
export const newWebhookEventId = (): string => `evt_${randomBytes(16).toString('hex')}`;
/** A capacity transfer or reclaim (Vobiz's transfer_reference): ctr_ + 16 hex (64 bits). */
export const newCapacityTransferReference = (): string => `ctr_${randomBytes(8).toString('hex')}`;
/** Trunks, numbers, credentials, ACL entries and URIs have UUID ids (gen_random_uuid()). */
export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
/** A trunk's id, minted before the insert because its SIP domain is built from it. */
export const newTrunkId = (): string => randomUUID();
/** UUIDs (KYC sessions, webhook deliveries): any other text cannot name one, so it is a 404. */
const UUID_REGEX = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (text: string): boolean => UUID_REGEX.test(text);
/**
 * One ingestion batch's charges to one account (the ledger reference of its `call` debit): each
 * CDR it charged names the same ledger transaction. cdrb_ + 16 hex (64 bits).
 */
export const newCdrBatchReference = (): string => `cdrb_${randomBytes(8).toString('hex')}`;
/** A call through the SIP edge: its edge_calls row and, later, its CDR's uuid. */
export const newEdgeCallUuid = (): string => randomUUID();
/** A console session's cookie: 256 bits. Stored only as a SHA-256 digest. */
export const newConsoleSessionToken = (): string => `cs_${randomBytes(32).toString('base64url')}`;

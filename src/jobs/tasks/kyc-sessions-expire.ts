/**
 * kyc_sessions_expire (cron, every minute): active sessions past expires_at become `expired`
 * with their kyc.session_expired webhook. Exactly once per session (conditional UPDATE).
 */
import type { Task } from 'graphile-worker';
import type { Database } from '../../db/database';
import type { Clock } from '../../domain/clock';
import { expireDueSessions } from '../../domain/kyc/kyc-sweeps';

export function kycSessionsExpire(db: Database, clock: Clock): Task {
  return async (_payload, helpers) => {
    const expired = await expireDueSessions(db, clock);
    if (expired > 0) helpers.logger.info(`expired ${expired} KYC sessions`);
  };
}

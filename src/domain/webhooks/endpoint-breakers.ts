/**
 * A circuit breaker per webhook endpoint. An endpoint that fails WEBHOOK_BREAKER_FAILURES
 * attempts in a row is paused (WEBHOOK_BREAKER_PAUSE_MS, doubling per further failure, capped):
 * its deliveries wait for the pause to end instead of each holding a sender for the timeout.
 * One delivered attempt closes the breaker. The pause shows in the delivery log.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import {
  WEBHOOK_BREAKER_FAILURES,
  WEBHOOK_BREAKER_PAUSE_MAX_MS,
  WEBHOOK_BREAKER_PAUSE_MS,
} from '../../limits';

/** Records a delivered attempt: the endpoint is healthy again. */
export async function closeEndpointBreaker(db: Executor, endpointId: string): Promise<void> {
  await db.updateTable('webhook_endpoints')
    .set({ consecutive_failures: 0, paused_until: null })
    .where('id', '=', endpointId)
    .where((eb) => eb.or([eb('consecutive_failures', '>', 0), eb('paused_until', 'is not', null)]))
    .execute();
}

/** Records a failed attempt; from the threshold on, pauses the endpoint (backing off). */
export async function recordEndpointFailure(
  db: Executor,
  endpointId: string,
  now: Date,
): Promise<void> {
  await sql`
    update webhook_endpoints set
      consecutive_failures = consecutive_failures + 1,
      paused_until = case when consecutive_failures + 1 >= ${WEBHOOK_BREAKER_FAILURES}
        then ${now}::timestamptz + least(
          ${WEBHOOK_BREAKER_PAUSE_MS}::float8
            * 2 ^ least(consecutive_failures + 1 - ${WEBHOOK_BREAKER_FAILURES}, 30),
          ${WEBHOOK_BREAKER_PAUSE_MAX_MS}::float8) * interval '1 millisecond'
        else paused_until end
    where id = ${endpointId}`.execute(db);
}

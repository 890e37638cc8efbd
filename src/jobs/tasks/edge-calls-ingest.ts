/**
 * Turns the SIP edge's ended calls into billed CDRs (domain/edge/edge-cdrs.ts). Queued with a
 * job key by every call end (in PostgreSQL, by edge_call_ended) and every refusal, so one run
 * takes whatever ended since the last; idempotent per call uuid, so a retry bills nothing twice.
 */
import type { Task } from 'graphile-worker';
import type { Database } from '../../db/database';
import type { Clock } from '../../domain/clock';
import { closeAbandonedEdgeCalls, ingestEndedEdgeCalls } from '../../domain/edge/edge-cdrs';

export function edgeCallsIngest(db: Database, clock: Clock): Task {
  return async (_payload, helpers) => {
    const outcome = await ingestEndedEdgeCalls(db, clock);
    if (outcome.rejected > 0) {
      helpers.logger.error(`edge calls refused by CDR ingestion: ${outcome.rejected}`);
    }
    helpers.logger.debug(`edge calls ingested: ${JSON.stringify(outcome)}`);
  };
}

/** Every minute: closes the calls the edge abandoned (edge-cdrs.ts), which queues their CDRs. */
export function edgeCallsSweep(db: Database): Task {
  return async (_payload, helpers) => {
    const closed = await closeAbandonedEdgeCalls(db);
    if (closed > 0) helpers.logger.warn(`edge calls abandoned by the edge, closed: ${closed}`);
  };
}

/**
 * webhooks_deliver {delivery_id}: one attempt of one webhook delivery. The retry schedule is the
 * delivery's own (the attempt re-adds this job for its next due time); graphile-worker's retries
 * only cover a crash inside the task. Idempotent: a delivery not due or held by another sender is
 * skipped.
 */
import type { Task } from 'graphile-worker';
import { isUuid } from '../../domain/ids';
import {
  attemptWebhookDelivery,
  type WebhookSendingDeps,
} from '../../domain/webhooks/webhook-sending';

export function parseWebhooksDeliverPayload(payload: unknown): { deliveryId: string } {
  const deliveryId = (payload as { delivery_id?: unknown } | null)?.delivery_id;
  if (typeof deliveryId !== 'string' || !isUuid(deliveryId)) {
    throw new Error('webhooks_deliver needs {delivery_id: uuid}');
  }
  return { deliveryId };
}

export function webhooksDeliver(deps: WebhookSendingDeps & MetricsSink): Task {
  return async (payload, helpers) => {
    const { deliveryId } = parseWebhooksDeliverPayload(payload);
    // The lease names this worker, so a crash frees it once the worker stops beating.
    const holder = helpers.job.locked_by ?? undefined;
    const outcome = await attemptWebhookDelivery(deps, deliveryId, holder);
    if (outcome !== 'skipped') deps.recordOutcome(outcome);
    helpers.logger.debug(`webhook delivery ${deliveryId}: ${outcome}`);
  };
}

/** Where a delivery task reports each attempt's outcome (dialtone_webhook_delivery_attempts_total). */
export interface MetricsSink {
  recordOutcome(outcome: string): void;
}

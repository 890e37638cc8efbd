/**
 * webhooks_deliver_due (cron, every minute): attempts due deliveries that no job picked up, e.g.
 * a retry whose job ran a moment before the clock made it due. Idempotent (leases).
 */
import type { Task } from 'graphile-worker';
import { deliverDueWebhooks, type WebhookSendingDeps } from '../../domain/webhooks/webhook-sending';
import type { MetricsSink } from './webhooks-deliver';

export function webhooksDeliverDue(deps: WebhookSendingDeps & MetricsSink): Task {
  return async (_payload, helpers) => {
    const outcomes = await deliverDueWebhooks(deps, helpers.job.locked_by ?? undefined);
    for (const outcome of outcomes) if (outcome !== 'skipped') deps.recordOutcome(outcome);
    if (outcomes.length > 0) helpers.logger.info(`swept ${outcomes.length} due webhook deliveries`);
  };
}

/**
 * Every 15 minutes: settles each channel subscription period that ended by the clock's time,
 * charged or lapsed (see domain/capacity/channel-subscriptions.ts for exactly-once). Safe to
 * run twice or concurrently: a settled period is no longer due.
 */
import type { Task } from 'graphile-worker';
import type { Database } from '../../db/database';
import type { Clock } from '../../domain/clock';
import { renewDueChannelSubscriptions } from '../../domain/capacity/channel-subscriptions';

export function channelSubscriptionsRenew(db: Database, clock: Clock): Task {
  return async (_payload, helpers) => {
    const run = await renewDueChannelSubscriptions(db, clock());
    if (run.charged > 0 || run.lapsed > 0) {
      helpers.logger.info(`channel subscriptions: ${run.charged} renewed, ${run.lapsed} lapsed`);
    }
  };
}

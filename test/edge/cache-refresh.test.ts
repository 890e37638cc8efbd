/**
 * The edge's cache refresh when Kamailio cannot be reached (starting, restarting, gone): the
 * failure is logged once per outage (it is retried every second), without secrets.
 */
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { type CacheRefresh, startCacheRefresh } from '../../src/edge/cache-refresh';
import { tempDir } from '../sip/sipp';
import { useTestApp } from '../support/app';
import { describeWithSip } from '../support/edge';

const t = useTestApp();
let refresh: CacheRefresh | undefined;

describeWithSip('the edge cache refresh', () => {
  afterEach(async () => {
    await refresh?.stop();
  });

  it('logs a failing reload once, however many changes are announced and retries', async () => {
    const lines: string[] = [];
    const socket = `unix:${tempDir('no-kamailio')}/kamailio_ctl`;
    refresh = await startCacheRefresh(t.current.deps.db, socket, (line) => lines.push(line));
    for (let change = 0; change < 3; change += 1) {
      await sql`select pg_notify('dialtone_edge_cache', 'trunks')`.execute(t.current.deps.db);
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    // Retried every second meanwhile: still one line for the whole outage.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^edge cache reload failed: kamcmd htable\.reload trunks/);
    expect(lines[0]).not.toMatch(/postgres:|password/i);
    await expect(refresh.reloadAll()).rejects.toThrow(/kamcmd/);
  });
});

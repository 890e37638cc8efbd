/**
 * Keeps a running Kamailio's in-memory caches (htables `trunks` and `dids`, loaded from the
 * views of migration 0100) as fresh as dialtone's tables. Triggers announce on
 * `dialtone_edge_cache`, when a change commits, which cache it touches; this listener gathers
 * the announcements of EDGE_CACHE_RELOAD_COALESCE_MS and has Kamailio reload those tables over
 * its control socket (kamcmd). Every cache is reloaded in full every
 * EDGE_CACHE_FULL_RELOAD_SECONDS (a lost announcement cannot last) and whenever the listener
 * reconnects (announcements made while it was away are lost). A reload that fails (Kamailio
 * starting or restarting) is tried again after EDGE_CACHE_LISTENER_RETRY_MS.
 *
 * Start it before Kamailio: Kamailio loads the views itself when it starts, so every change
 * committed after that load is announced to a listener already in place.
 */
import { execFile } from 'node:child_process';
import type pg from 'pg';
import { type Database, poolOf } from '../db/database';
import {
  EDGE_CACHE_FULL_RELOAD_SECONDS,
  EDGE_CACHE_LISTENER_RETRY_MS,
  EDGE_CACHE_RELOAD_COALESCE_MS,
} from '../limits';

const CHANNEL = 'dialtone_edge_cache';
export const EDGE_CACHES = ['trunks', 'dids'] as const;
type EdgeCache = (typeof EDGE_CACHES)[number];
/** kamcmd answers in milliseconds; a hung one must not hold the next reload back forever. */
const KAMCMD_TIMEOUT_MS = 5_000;

export interface CacheRefresh {
  /** Reloads every cache now; resolves once Kamailio has (a reload that fails rejects). */
  reloadAll(): Promise<void>;
  stop(): Promise<void>;
}

export async function startCacheRefresh(
  db: Database,
  ctlSocket: string,
  log: (line: string) => void,
): Promise<CacheRefresh> {
  const pool = poolOf.get(db);
  if (!pool) throw new Error('the edge cache refresh needs a Database from openDatabase');
  const pending = new Set<EdgeCache>();
  let flushTimer: NodeJS.Timeout | undefined;
  let listener: pg.PoolClient | undefined;
  /** Not before Kamailio's own first load (the first listen happens before it starts). */
  let reloadOnListen = false;
  let stopped = false;
  let failing = false;

  const reload = async (caches: readonly EdgeCache[]) => {
    try {
      for (const cache of caches) await kamcmd(ctlSocket, 'htable.reload', cache);
      if (failing) log('edge cache reloads work again');
      failing = false;
    } catch (error) {
      // Once per outage: a Kamailio restarting or down would otherwise log at every change.
      if (!failing) log(`edge cache reload failed: ${(error as Error).message.split('\n')[0]}`);
      failing = true;
      throw error;
    }
  };
  const schedule = (caches: readonly EdgeCache[], delayMs: number) => {
    if (stopped) return;
    for (const cache of caches) pending.add(cache);
    flushTimer ??= setTimeout(() => {
      flushTimer = undefined;
      const due = [...pending];
      pending.clear();
      reload(due).catch(() => schedule(due, EDGE_CACHE_LISTENER_RETRY_MS));
    }, delayMs);
  };
  const announce = (cache: string | undefined) => {
    const known = EDGE_CACHES.find((name) => name === cache);
    if (known) schedule([known], EDGE_CACHE_RELOAD_COALESCE_MS);
  };

  const retry = () => {
    if (!stopped) setTimeout(() => void listen(), EDGE_CACHE_LISTENER_RETRY_MS).unref();
  };
  const lose = (client: pg.PoolClient) => {
    if (listener !== client) return;
    listener = undefined;
    client.release(true);
    retry();
  };
  const listen = async () => {
    const client = await pool.connect().catch(() => undefined);
    if (!client) return retry();
    if (stopped) return client.release(true);
    listener = client;
    client.on('notification', (message) => {
      if (message.channel === CHANNEL) announce(message.payload);
    });
    client.on('error', () => lose(client));
    client.on('end', () => lose(client));
    try {
      await client.query(`listen ${CHANNEL}`);
    } catch {
      return lose(client);
    }
    if (reloadOnListen) schedule(EDGE_CACHES, 0);
  };

  await listen();
  reloadOnListen = true;
  const fullReload = setInterval(() => schedule(EDGE_CACHES, 0),
    EDGE_CACHE_FULL_RELOAD_SECONDS * 1000);
  fullReload.unref();
  return {
    reloadAll: () => reload(EDGE_CACHES),
    async stop() {
      stopped = true;
      clearInterval(fullReload);
      clearTimeout(flushTimer);
      const client = listener;
      listener = undefined;
      client?.release(true);
    },
  };
}

function kamcmd(ctlSocket: string, ...command: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('kamcmd', ['-s', ctlSocket, ...command], { timeout: KAMCMD_TIMEOUT_MS },
      (error, _stdout, stderr) => {
        if (error) reject(new Error(`kamcmd ${command.join(' ')}: ${stderr || error.message}`));
        else resolve();
      });
  });
}

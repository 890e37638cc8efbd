/**
 * Listens on `dialtone_credentials` (announced by database triggers when a credential changes,
 * migration 0073) and forgets the cached credential, so a change made through any process (or
 * the CLI, or SQL) applies in every process at once. The credential cache is on only while the
 * listener is connected; a lost connection turns it off and reconnects every second.
 */
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { poolOf, type Database } from '../../db/database';
import { CREDENTIAL_LISTENER_RETRY_MS } from '../../limits';
import { forgetAllCredentials, forgetCredentials, setCredentialCacheEnabled } from '../../domain/auth/credential-cache';

const CHANNEL = 'dialtone_credentials';

export async function registerCredentialInvalidation(app: FastifyInstance, db: Database) {
  const pool = poolOf.get(db);
  if (!pool) throw new Error('credential invalidation needs a Database from openDatabase');
  let listener: pg.PoolClient | undefined;
  let closed = false;

  const lose = (client: pg.PoolClient) => {
    if (listener !== client) return;
    listener = undefined;
    setCredentialCacheEnabled(false);
    client.release(true);
    if (!closed) setTimeout(connect, CREDENTIAL_LISTENER_RETRY_MS).unref();
  };
  const connect = async () => {
    const client = await pool.connect().catch(() => undefined);
    if (!client) {
      if (!closed) setTimeout(connect, CREDENTIAL_LISTENER_RETRY_MS).unref();
      return;
    }
    listener = client;
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL) return;
      if (message.payload === '*') forgetAllCredentials();
      else if (message.payload) forgetCredentials(message.payload);
    });
    client.on('error', () => lose(client));
    client.on('end', () => lose(client));
    await client.query(`listen ${CHANNEL}`).then(
      () => { if (listener === client) setCredentialCacheEnabled(true); },
      () => lose(client),
    );
  };

  await connect();
  app.addHook('onClose', async () => {
    closed = true;
    setCredentialCacheEnabled(false);
    const client = listener;
    listener = undefined;
    client?.release(true);
  });
}

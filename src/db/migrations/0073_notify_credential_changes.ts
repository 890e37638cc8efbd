import { type Kysely, sql } from 'kysely';

// Every dialtone process caches verified credentials for a moment. A change that must take
// effect at once everywhere (suspension, deactivation, a new token, a partner's permissions)
// is announced on the `dialtone_credentials` channel when it commits: the payload is the
// account's auth id, or '*' for a partner (its customers' credentials depend on it too).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function notify_credentials_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('dialtone_credentials',
        case when tg_table_name = 'accounts' then new.auth_id else '*' end);
      return null;
    end $$`.execute(db);
  await sql`
    create trigger partners_notify_credentials after update on partners for each row
    when ((old.is_active, old.auth_token_digest, old.name, old.currency, old.max_accounts,
           old.can_create_accounts, old.can_transfer_balance, old.can_view_cdrs)
          is distinct from
          (new.is_active, new.auth_token_digest, new.name, new.currency, new.max_accounts,
           new.can_create_accounts, new.can_transfer_balance, new.can_view_cdrs))
    execute function notify_credentials_changed()`.execute(db);
  await sql`
    create trigger accounts_notify_credentials after update on accounts for each row
    when ((old.status, old.auth_token_digest, old.currency)
          is distinct from (new.status, new.auth_token_digest, new.currency))
    execute function notify_credentials_changed()`.execute(db);
}

import { type Kysely, sql } from 'kysely';

// Pricing tiers (vobiz-api.md 1.3 `pricing_tier{...}`, 2.3): a partner's price list for its
// customers' calls. At most one tier per partner is the default (partial unique index); an
// account points at its tier with pricing_tier_id, and the composite foreign key with partner_id
// makes the database itself refuse another partner's tier. An assigned tier cannot be deleted
// (the same key), so no customer's price changes without someone choosing it. Bounds repeat
// src/domain/cdrs/rating.ts (RATE_PER_MINUTE_MAX, BILLING_INCREMENT_SECONDS_MAX, ...).
// The streaming/recording/transcription/... rates are stored and shown as Vobiz shows them;
// only calls are rated today.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table pricing_tiers (
      id uuid primary key default gen_random_uuid(),
      partner_id uuid not null references partners (id),
      name text not null,
      description text,
      currency char(3) not null,
      rate_per_minute numeric(20, 5) not null,
      billing_increment_seconds integer not null default 60,
      minimum_duration_seconds integer not null default 60,
      charge_non_connected_calls boolean not null default false,
      non_connected_call_fee numeric(20, 5) not null default 0,
      streaming_rate_per_minute numeric(20, 5) not null default 0,
      recording_rate_per_minute numeric(20, 5) not null default 0,
      transcription_rate_per_minute numeric(20, 5) not null default 0,
      pii_redaction_rate_per_minute numeric(20, 5) not null default 0,
      whatsapp_voice_rate numeric(20, 5) not null default 0,
      did_release_fee numeric(20, 5) not null default 0,
      is_active boolean not null default true,
      is_default boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint pricing_tiers_id_partner_unique unique (id, partner_id),
      constraint pricing_tiers_name_unique unique (partner_id, name),
      constraint pricing_tiers_currency_format check (currency ~ '^[A-Z]{3}$'),
      constraint pricing_tiers_rate_range check (rate_per_minute between 0 and 10000),
      constraint pricing_tiers_increment_range
        check (billing_increment_seconds between 1 and 3600),
      constraint pricing_tiers_minimum_range check (minimum_duration_seconds between 0 and 3600),
      constraint pricing_tiers_fee_range check (non_connected_call_fee between 0 and 1000),
      constraint pricing_tiers_other_rates_nonnegative check (
        streaming_rate_per_minute >= 0 and recording_rate_per_minute >= 0
        and transcription_rate_per_minute >= 0 and pii_redaction_rate_per_minute >= 0
        and whatsapp_voice_rate >= 0 and did_release_fee >= 0),
      constraint pricing_tiers_default_is_active check (not is_default or is_active)
    )`.execute(db);
  await sql`create unique index pricing_tiers_one_default on pricing_tiers (partner_id)
    where is_default`.execute(db);

  await sql`
    alter table accounts
      add column pricing_tier_id uuid,
      add constraint accounts_pricing_tier_same_partner foreign key (pricing_tier_id, partner_id)
        references pricing_tiers (id, partner_id)`.execute(db);
  // The foreign key's check on tier deletion looks accounts up by tier.
  await sql`create index accounts_pricing_tier on accounts (pricing_tier_id)
    where pricing_tier_id is not null`.execute(db);
}

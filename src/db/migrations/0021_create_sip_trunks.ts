import { type Kysely, sql } from 'kysely';

// SIP trunks and the account-level resources a trunk points at: digest credentials, IP ACL
// entries and origination URIs (vobiz-api.md 2.2). Every reference from a trunk (and from a
// phone number to its trunk) is a composite foreign key with account_id, so the database itself
// refuses a link to another tenant's resource. Deleting a resource only clears the reference
// (ON DELETE SET NULL of that one column): deleting a trunk unassigns its numbers.
// Credentials keep only HA1 = MD5(username:realm:password), never the password.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table sip_credentials (
      id uuid primary key default gen_random_uuid(),
      account_id bigint not null references accounts (id),
      username text not null,
      realm text not null,
      ha1 text not null,
      enabled boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint sip_credentials_id_account_unique unique (id, account_id),
      constraint sip_credentials_username_unique unique (realm, username),
      constraint sip_credentials_ha1_format check (ha1 ~ '^[0-9a-f]{32}$'),
      constraint sip_credentials_username_format check (username ~ '^[A-Za-z0-9._-]{3,64}$')
    )`.execute(db);

  await sql`
    create table ip_acls (
      id uuid primary key default gen_random_uuid(),
      account_id bigint not null references accounts (id),
      name text,
      description text,
      ip_address text not null,
      network cidr not null,
      enabled boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint ip_acls_id_account_unique unique (id, account_id),
      constraint ip_acls_network_unique unique (account_id, network),
      constraint ip_acls_ipv4_only check (family(network) = 4),
      constraint ip_acls_prefix_bounded check (masklen(network) >= 8)
    )`.execute(db);

  await sql`
    create table origination_uris (
      id uuid primary key default gen_random_uuid(),
      account_id bigint not null references accounts (id),
      name text not null,
      uri text not null,
      priority integer not null default 1,
      weight integer not null default 1,
      transport text not null default 'udp',
      enabled boolean not null default true,
      description text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint origination_uris_id_account_unique unique (id, account_id),
      constraint origination_uris_uri_unique unique (account_id, uri),
      constraint origination_uris_scheme check (uri ~ '^sips?:'),
      constraint origination_uris_priority_range check (priority between 1 and 1000),
      constraint origination_uris_weight_range check (weight between 1 and 1000),
      constraint origination_uris_transport_known check (transport in ('udp', 'tcp', 'tls'))
    )`.execute(db);

  await sql`
    create table trunks (
      id uuid primary key default gen_random_uuid(),
      account_id bigint not null references accounts (id),
      name text not null,
      trunk_domain text not null,
      trunk_direction text not null default 'outbound',
      trunk_status text not null default 'enabled',
      secure boolean not null default false,
      transport text not null default 'udp',
      inbound_destination text,
      description text,
      concurrent_calls_limit integer not null default 10,
      cps_limit integer not null default 2,
      credential_id uuid,
      ip_acl_id uuid,
      primary_uri_id uuid,
      fallback_uri_id uuid,
      recording boolean not null default false,
      enable_transcription boolean not null default false,
      pii_redaction boolean not null default false,
      pii_entity_types text[] not null default '{}',
      webhook_url text,
      webhook_method text not null default 'POST',
      recording_webhook_enabled boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint trunks_id_account_unique unique (id, account_id),
      constraint trunks_trunk_domain_unique unique (trunk_domain),
      constraint trunks_direction_known check (trunk_direction in ('inbound', 'outbound')),
      constraint trunks_status_known check (trunk_status in ('enabled', 'disabled')),
      constraint trunks_transport_known check (transport in ('udp', 'tcp', 'tls')),
      constraint trunks_webhook_method_known check (webhook_method in ('POST', 'GET')),
      constraint trunks_limits_positive check (concurrent_calls_limit >= 1 and cps_limit >= 1),
      constraint trunks_credential_fk foreign key (credential_id, account_id)
        references sip_credentials (id, account_id) on delete set null (credential_id),
      constraint trunks_ip_acl_fk foreign key (ip_acl_id, account_id)
        references ip_acls (id, account_id) on delete set null (ip_acl_id),
      constraint trunks_primary_uri_fk foreign key (primary_uri_id, account_id)
        references origination_uris (id, account_id) on delete set null (primary_uri_id),
      constraint trunks_fallback_uri_fk foreign key (fallback_uri_id, account_id)
        references origination_uris (id, account_id) on delete set null (fallback_uri_id)
    )`.execute(db);

  await sql`
    alter table phone_numbers add constraint phone_numbers_trunk_fk
      foreign key (trunk_id, account_id) references trunks (id, account_id)
      on delete set null (trunk_id)`.execute(db);

  for (const table of ['trunks', 'sip_credentials', 'ip_acls', 'origination_uris']) {
    await sql`create index ${sql.raw(`${table}_account_created`)}
      on ${sql.table(table)} (account_id, created_at, id)`.execute(db);
  }
  // ON DELETE SET NULL looks the referencing rows up by these.
  for (const column of ['credential_id', 'ip_acl_id', 'primary_uri_id', 'fallback_uri_id']) {
    await sql`create index ${sql.raw(`trunks_${column}`)} on trunks (${sql.ref(column)})
      where ${sql.ref(column)} is not null`.execute(db);
  }
  await sql`create index phone_numbers_trunk on phone_numbers (trunk_id)
    where trunk_id is not null`.execute(db);
}

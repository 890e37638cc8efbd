import { type Kysely, sql } from 'kysely';

// The KYC widget shows the partner's logo and accent colour; the check keeps the colour a
// plain #RRGGBB so it can only ever become a CSS colour value.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table partners
    add column logo_url text,
    add column accent_color text
      constraint partners_accent_color_format check (accent_color ~ '^#[0-9a-f]{6}$')`
    .execute(db);
}

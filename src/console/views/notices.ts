/** Confirmations after post/redirect/get: the URL carries a key, never the text itself. */
const NOTICES: Record<string, string> = {
  created: 'The customer was created.',
  transferred: 'The transfer is done.',
  transfer_pending: 'This transfer was already submitted and is being processed.',
  suspended: 'The customer is suspended.',
  activated: 'The customer is active again.',
  kyc_resent: 'The KYC e-mail was sent again.',
  kyc_revoked: 'The KYC session was revoked.',
  tier_assigned: 'The pricing tier of the customer was changed.',
  user_created: 'The console user was created.',
  user_deleted: 'The console user was deleted.',
};

export function noticeText(key: string | undefined): string | undefined {
  return key === undefined ? undefined : NOTICES[key];
}

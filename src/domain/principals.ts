/**
 * Who is calling. Authentication (src/domain/auth/credentials.ts) produces one of these; every
 * domain query is scoped by it, so another tenant's id simply finds nothing.
 */
export interface PartnerPrincipal {
  kind: 'partner';
  id: string;
  authId: string;
  name: string;
  currency: string;
  isActive: boolean;
  canCreateAccounts: boolean;
  canTransferBalance: boolean;
  canViewCdrs: boolean;
  maxAccounts: number;
}

export interface AccountPrincipal {
  kind: 'account';
  /** accounts.id, the numeric id Vobiz shows as a string. */
  id: string;
  authId: string;
  partnerId: string;
  currency: string;
  isActive: boolean;
  /**
   * Set when SA_ credentials authenticated: `id`/`partnerId`/`currency` are then the parent's
   * (its wallet pays), `authId` is the sub-account's, and only routes that scope their data
   * by this sub-account admit the principal.
   */
  subAccount?: { id: string; authId: string };
}

export interface OperatorPrincipal {
  kind: 'operator';
}

export type Principal = PartnerPrincipal | AccountPrincipal | OperatorPrincipal;

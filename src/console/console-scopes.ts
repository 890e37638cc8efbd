/**
 * The console's three areas, each an encapsulated scope whose hook admits only its kind of
 * session, as the API's scopes admit only their kind of credential. Not signed in: to the login
 * page. Signed in as someone else: the 404 page (another area is not yours to see).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsolePrincipal } from '../domain/console/console-sessions';
import type { AccountPrincipal, PartnerPrincipal } from '../domain/principals';
import type { ConsoleRole } from '../db/schema';
import { csrfTokenFor } from '../domain/console/console-sessions';
import { seeOther, sendHtml } from './console-http';
import type { NavArea, PageFrame } from './views/layout';
import { problemPage } from './views/problem-pages';

const AREA_OF: Record<ConsolePrincipal['kind'], NavArea> = {
  partner: 'partner', account: 'account', operator: 'operator',
};

export function homeOf(principal: { kind: ConsolePrincipal['kind'] }): string {
  return `/console/${AREA_OF[principal.kind]}`;
}

/** The page frame of this request: its area's navigation and its forms' CSRF token. */
export function frameOf(request: FastifyRequest): PageFrame {
  const csrf = request.consoleToken ? csrfTokenFor(request.consoleToken) : '';
  const principal = request.consoleSession?.principal;
  if (!principal) return { csrf };
  const who = principal.kind === 'partner' ? principal.partner.name
    : principal.kind === 'account' ? principal.account.authId : 'Operator';
  return { csrf, area: AREA_OF[principal.kind], who, path: request.url.split('?')[0]! };
}

export function requireArea(area: NavArea) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const principal = request.consoleSession?.principal;
    if (!principal) return seeOther(reply, '/console/login');
    if (AREA_OF[principal.kind] !== area) return sendHtml(reply, 404, problemPage(frameOf(request),
      404));
  };
}

export function partnerOf(
  request: FastifyRequest,
): { partner: PartnerPrincipal; role: ConsoleRole } {
  const principal = request.consoleSession?.principal;
  if (principal?.kind !== 'partner') throw new Error('partner scope without a partner session');
  return principal;
}

export function accountOf(request: FastifyRequest): AccountPrincipal {
  const principal = request.consoleSession?.principal;
  if (principal?.kind !== 'account') throw new Error('account scope without an account session');
  return principal.account;
}

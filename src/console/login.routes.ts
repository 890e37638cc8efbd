/**
 * GET/POST /console/login and POST /console/logout. A login always starts a new session with a
 * new token (the anonymous token of the login form never becomes a session: no fixation);
 * failures are counted per login name and per IP, and the error never says which part was
 * wrong.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import {
  clearLoginFailures,
  findLoginSubject,
  isLoginThrottled,
  type LoginAttempt,
  recordLoginFailure,
} from '../domain/console/console-logins';
import {
  csrfTokenFor,
  endConsoleSession,
  startConsoleSession,
} from '../domain/console/console-sessions';
import { newConsoleSessionToken } from '../domain/ids';
import type { ConsoleDeps } from './console-deps';
import { clearSessionCookie, seeOther, sendHtml, setSessionCookie } from './console-http';
import { homeOf } from './console-scopes';
import { loginPage } from './views/login-pages';

const LoginBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 100 })),
  kind: Type.Union([Type.Literal('partner'), Type.Literal('customer'), Type.Literal('operator')]),
  identifier: Type.String({ maxLength: 254 }),
  secret: Type.String({ minLength: 1, maxLength: 512 }),
});

const WRONG = 'The sign-in details are not correct, or the login is not active.';
const THROTTLED = 'Too many failed sign-ins. Wait 15 minutes and try again.';

/** The login form needs a CSRF token before any session exists: it is tied to a fresh cookie. */
function anonymousToken(request: FastifyRequest, reply: FastifyReply): string {
  if (request.consoleToken) return request.consoleToken;
  const token = newConsoleSessionToken();
  setSessionCookie(request, reply, token);
  return token;
}

export async function loginRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  app.get('/console', async (request, reply) => seeOther(reply,
    request.consoleSession ? homeOf(request.consoleSession.principal) : '/console/login'));

  app.get<{ Querystring: { notice?: string } }>('/console/login', async (request, reply) => {
    if (request.consoleSession) return seeOther(reply, homeOf(request.consoleSession.principal));
    const csrf = csrfTokenFor(anonymousToken(request, reply));
    const notice = request.query.notice === 'logged_out' ? 'You are signed out.' : undefined;
    return sendHtml(reply, 200, loginPage({ csrf, ...(notice ? { notice } : {}) }));
  });

  app.post<{ Body: Static<typeof LoginBody> }>('/console/login', { schema: { body: LoginBody } },
    async (request, reply) => {
      const attempt: LoginAttempt = request.body;
      const again = (status: number, error: string) => sendHtml(reply, status, loginPage({
        csrf: csrfTokenFor(request.consoleToken!), kind: attempt.kind,
          identifier: attempt.identifier, error,
      }));
      if (await isLoginThrottled(deps.db, attempt, request.ip)) return again(429, THROTTLED);
      const subject = await findLoginSubject(deps.db, deps.adminTokenDigest, attempt);
      if (!subject) {
        await recordLoginFailure(deps.db, attempt, request.ip);
        return again(401, WRONG);
      }
      await clearLoginFailures(deps.db, attempt, request.ip);
      if (request.consoleSession) await endConsoleSession(deps.db, request.consoleToken!);
      setSessionCookie(request, reply, await startConsoleSession(deps.db, subject));
      return seeOther(reply, homeOf(subject));
    });

  app.post('/console/logout', async (request, reply) => {
    if (request.consoleToken) await endConsoleSession(deps.db, request.consoleToken);
    clearSessionCookie(reply);
    return seeOther(reply, '/console/login?notice=logged_out');
  });
}

/**
 * The CSRF check of every console form, and the scope that parses file uploads. A route that
 * takes a file registers in `uploadScope`: only there is multipart/form-data understood (any
 * other console route answers it 415 before its hooks run), and there the token is checked
 * once the parts are read, before the handler, as the console checks every other form.
 */
import { timingSafeEqual } from 'node:crypto';
import multipart, {
  type FastifyMultipartBaseOptions, type MultipartFile,
} from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csrfTokenFor } from '../domain/console/console-sessions';
import { sendHtml } from './console-http';
import { frameOf } from './console-scopes';
import { problemPage } from './views/problem-pages';

function hasValidCsrf(request: FastifyRequest): boolean {
  const sent = (request.body as { _csrf?: unknown } | undefined)?._csrf;
  if (!request.consoleToken || typeof sent !== 'string') return false;
  const expected = Buffer.from(csrfTokenFor(request.consoleToken));
  const actual = Buffer.from(sent);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The 403 page, unless the form carries this browser's CSRF token. */
export async function refuseWithoutCsrf(request: FastifyRequest, reply: FastifyReply) {
  if (hasValidCsrf(request)) return;
  return sendHtml(reply, 403, problemPage(frameOf(request), 403));
}

/** A multipart request: it reached an upload scope, whose own hook checks its token. */
export function isUpload(request: FastifyRequest): boolean {
  return typeof request.isMultipart === 'function' && request.isMultipart();
}

/**
 * Registers `routes` in a scope that reads multipart forms into `request.body` (text fields as
 * strings, files as `onFile` decodes them) within `limits`, then checks the CSRF token.
 */
export async function uploadScope(
  app: FastifyInstance,
  options: Pick<FastifyMultipartBaseOptions, 'limits' | 'throwFileSizeLimit'> & {
    onFile: (this: FastifyRequest, part: MultipartFile) => Promise<void>;
  },
  routes: (scope: FastifyInstance) => void,
): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(multipart, { ...options, attachFieldsToBody: 'keyValues' });
    scope.addHook('preValidation', async (request, reply) => {
      if (request.method !== 'POST') return;
      // A form that sent no file (urlencoded) is not this form: it must not slip past the limits.
      if (!isUpload(request)) return sendHtml(reply, 415, problemPage(frameOf(request), 415));
      return refuseWithoutCsrf(request, reply);
    });
    routes(scope);
  });
}

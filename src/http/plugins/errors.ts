/**
 * The one place errors become HTTP answers. Operating errors (DomainError, validation, body
 * problems) get a 4xx in Vobiz's shape; anything else is a bug: logged in full, answered 500
 * with no detail.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { DomainError, type DomainErrorCode, type FieldProblem } from '../../domain/errors';
import { excerptOf } from './input-excerpts';

const STATUS_BY_CODE: Record<DomainErrorCode, number> = {
  validation_failed: 422,
  bad_request: 400,
  insufficient_balance: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  idempotency_key_in_use: 409,
  idempotency_key_reused: 422,
  rate_limited: 429,
};

export function httpErrorBody(status: number, message: string) {
  return { error: 'HTTPError', message, status_code: status };
}

export function validationErrorBody(problems: FieldProblem[]) {
  return {
    error: 'ValidationError',
    message: 'Request validation failed',
    details: problems.map((problem) => ({
      type: problem.type ?? 'value_error',
      loc: problem.loc,
      msg: problem.msg,
      input: excerptOf(problem.input ?? null),
      ctx: {},
    })),
    status_code: 422,
  };
}

function sendDomainError(reply: FastifyReply, error: DomainError) {
  const status = STATUS_BY_CODE[error.code];
  reply.code(status);
  if (error.exactBody) return reply.send(error.exactBody);
  if (error.code === 'validation_failed') return reply.send(validationErrorBody(error.problems));
  // Vobiz's transfer error has its own body: {error, message, current_balance, ...}.
  if (error.code === 'insufficient_balance') {
    return reply.send({ error: 'insufficient_balance', message: error.message, ...error.details });
  }
  return reply.send({ ...httpErrorBody(status, error.message), ...error.details });
}

/**
 * Fastify's validation errors as FastAPI-style details: loc = [part, ...path]. A union (an
 * amount is an integer or decimal text) fails once per branch; one detail per field is kept.
 */
function toProblems(error: FastifyError): FieldProblem[] {
  const part = error.validationContext === 'querystring' ? 'query' : error.validationContext ?? 'body';
  const byLocation = new Map<string, FieldProblem>();
  for (const issue of error.validation ?? []) {
    const path = issue.instancePath.split('/').filter(Boolean);
    const missing = (issue.params as { missingProperty?: string }).missingProperty;
    const loc = [part, ...path, ...(missing ? [missing] : [])];
    const isUnion = issue.keyword === 'anyOf';
    byLocation.set(loc.join('.'), {
      loc,
      msg: isUnion ? 'value has the wrong type or format' : issue.message ?? 'invalid value',
      type: missing ? 'missing' : issue.keyword,
      // Never echo a password back, not even to its sender.
      input: missing || loc.includes('password') ? undefined : (issue as { data?: unknown }).data,
    });
  }
  return [...byLocation.values()];
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) return sendDomainError(reply, error);
    if (error.validation) return reply.code(422).send(validationErrorBody(toProblems(error)));
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      if (status === 429 && error.message) return reply.code(429).send(httpErrorBody(429, error.message));
      return reply.code(status).send(httpErrorBody(status, error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send(httpErrorBody(500, 'Internal server error'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(httpErrorBody(404, `Route ${request.method} ${request.url.split('?')[0]} not found`)),
  );
}

/**
 * The process's one log stream (pino): the HTTP app, the job worker and start-up all write
 * through it. JSON lines for machines; LOG_FORMAT=pretty (the default on a terminal) renders
 * them for people with pino-pretty.
 */
import pino, { type Logger } from 'pino';
import type { Config } from './config';
import { serializeRequest } from './http/plugins/log-redaction';

/** Credentials never reach a log line. */
export const LOG_REDACT = ['req.headers["x-auth-token"]', 'req.headers.authorization'];

export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>): Logger {
  return pino({
    level: config.logLevel,
    redact: LOG_REDACT,
    // Fastify's request lines, without the widget tokens a URL can carry.
    serializers: { req: serializeRequest },
    ...(config.logFormat === 'pretty'
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l' } } }
      : {}),
  });
}

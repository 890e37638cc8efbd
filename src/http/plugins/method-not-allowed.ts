/**
 * A known path asked with a method it does not serve is 405 with Allow, not 404. Every route's
 * path pattern is remembered as it is registered (case-insensitive, optional trailing slash,
 * as the router matches); the not-found handler asks which methods a path has.
 */
import type { FastifyInstance } from 'fastify';

interface KnownPath {
  pattern: RegExp;
  methods: Set<string>;
}

function patternOf(url: string): RegExp {
  const body = url.replace(/\/+$/, '').split('/').map((segment) => {
    if (segment.startsWith(':')) return '[^/]+';
    if (segment === '*') return '.*';
    return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }).join('/');
  return new RegExp(`^${body}/?$`, 'i');
}

/** Starts remembering routes; returns the lookup: the methods `path` is served with. */
export function registerRouteMethods(app: FastifyInstance): (path: string) => string[] {
  const known = new Map<string, KnownPath>();
  app.addHook('onRoute', (route) => {
    const entry = known.get(route.url) ?? { pattern: patternOf(route.url), methods: new Set() };
    for (const method of [route.method].flat()) entry.methods.add(method);
    known.set(route.url, entry);
  });
  return (path) => {
    const methods = new Set<string>();
    for (const entry of known.values()) {
      if (entry.pattern.test(path)) entry.methods.forEach((method) => methods.add(method));
    }
    return [...methods].sort();
  };
}

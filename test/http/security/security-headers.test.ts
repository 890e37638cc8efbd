/**
 * Every HTML surface answers with a Content-Security-Policy that forbids framing and inline
 * script, plus nosniff and a referrer policy: the KYC widget, the API reference at /docs
 * (whatever renders it), the dev mailbox. Non-HTML answers carry nosniff and the referrer policy.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../support/app';

const t = useTestApp();

/** Follows redirects (the reference may live below /docs) up to an HTML page. */
async function htmlPage(url: string) {
  let response = await t.current.app.inject({ url });
  const isRedirect = () => response.statusCode >= 300 && response.statusCode < 400;
  for (let hops = 0; hops < 3 && isRedirect(); hops += 1) {
    const next = new URL(String(response.headers.location), `http://localhost${url}`);
    response = await t.current.app.inject({ url: next.pathname + next.search });
  }
  expect(String(response.headers['content-type'])).toMatch(/^text\/html/);
  return response;
}

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((part) => part.trim().split(/\s+/))
    .filter((words) => words[0]).map(([name, ...values]) => [name!, values]));
}

const SURFACES = [
  ['the KYC widget', `/kyc/verify?token=kst_${'0'.repeat(64)}`],
  ['the API reference', '/docs'],
  ['the dev mailbox', '/dev/mailbox'],
] as const;

describe('security headers', () => {
  it.each(SURFACES)('%s forbids framing and inline script', async (_surface, url) => {
    const response = await htmlPage(url);
    const policy = directives(String(response.headers['content-security-policy'] ?? ''));
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    const scripts = policy.get('script-src') ?? policy.get('default-src');
    expect(scripts, 'a script (or default) source list').toBeDefined();
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
    expect(scripts).not.toContain('*');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-frame-options']).toBe('DENY');
  });

  it('JSON answers carry nosniff and the referrer policy too', async () => {
    for (const url of ['/health', '/api/v1/partner/me', '/openapi.json']) {
      const response = await t.current.app.inject({ url });
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    }
  });
});

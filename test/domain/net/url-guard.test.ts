import { describe, expect, it, vi } from 'vitest';
import {
  assertSafeOutboundUrl,
  isHttpUrl,
  isPublicAddress,
  OUTBOUND_DNS_TIMEOUT_MS,
  OUTBOUND_URL_LENGTH_MAX,
  UnsafeUrlError,
} from '../../../src/domain/net/url-guard';
import type { HostLookup, UnsafeUrlReason } from '../../../src/domain/net/url-guard';

/** A resolver that knows only the names given; anything else fails like ENOTFOUND. */
function fakeLookup(table: Record<string, string[]>): HostLookup & { calls: string[] } {
  const calls: string[] = [];
  const lookup = async (hostname: string) => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
      code: 'ENOTFOUND',
    });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(lookup, { calls });
}

const strict = (lookup: HostLookup) => ({ allowPrivate: false, lookup });

async function refusal(promise: Promise<unknown>): Promise<UnsafeUrlError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UnsafeUrlError);
  return error as UnsafeUrlError;
}

async function expectRefused(url: string, reason: UnsafeUrlReason, lookup = fakeLookup({})) {
  const error = await refusal(assertSafeOutboundUrl(url, strict(lookup)));
  expect(error.reason).toBe(reason);
  expect(error.message).toMatch(/^url must be a public http\(s\) URL: /);
}

describe('assertSafeOutboundUrl: addresses', () => {
  it('accepts a host that resolves only to public addresses and returns them', async () => {
    const lookup = fakeLookup({ 'hooks.example.com': ['93.184.215.14', '2606:2800:21f:cb07::1'] });
    const safe = await assertSafeOutboundUrl('https://hooks.example.com/kyc?x=1', strict(lookup));
    expect(safe.url.href).toBe('https://hooks.example.com/kyc?x=1');
    expect(safe.addresses).toEqual(['93.184.215.14', '2606:2800:21f:cb07::1']);
    expect(lookup.calls).toEqual(['hooks.example.com']);
  });

  it.each([
    ['loopback', '127.0.0.1'],
    ['loopback, anywhere in 127/8', '127.255.0.9'],
    ['RFC 1918 10/8', '10.0.0.5'],
    ['RFC 1918 172.16/12', '172.31.255.255'],
    ['RFC 1918 192.168/16', '192.168.1.1'],
    ['the cloud metadata service', '169.254.169.254'],
    ['CGNAT', '100.64.0.1'],
    ['unspecified', '0.0.0.0'],
    ['this network', '0.1.2.3'],
    ['broadcast', '255.255.255.255'],
    ['multicast', '224.0.0.1'],
    ['reserved 240/4', '240.0.0.1'],
    ['documentation', '192.0.2.10'],
    ['benchmarking', '198.18.0.1'],
    ['IPv6 loopback', '::1'],
    ['IPv6 unspecified', '::'],
    ['IPv6 link-local', 'fe80::1'],
    ['IPv6 unique-local', 'fd00::1'],
    ['IPv6 multicast', 'ff02::1'],
    ['IPv4-mapped loopback', '::ffff:127.0.0.1'],
    ['IPv4-mapped metadata service', '::ffff:169.254.169.254'],
    ['IPv4-compatible private', '::10.0.0.1'],
    ['IPv4-compatible private, hex form', '::a00:1'],
    ['NAT64 of a private address', '64:ff9b::a00:1'],
    ['6to4 of a private address', '2002:a00:1::1'],
    ['Teredo', '2001:0:4136:e378:8000:63bf:3fff:fdd2'],
    ['IPv6 documentation', '2001:db8::1'],
  ])('refuses a host resolving to %s (%s)', async (_, address) => {
    await expectRefused('https://evil.example/', 'forbidden_address', fakeLookup({
      'evil.example': [address],
    }));
  });

  it('refuses when any one of several addresses is private', async () => {
    const lookup = fakeLookup({ 'mixed.example': ['93.184.215.14', '10.0.0.1'] });
    await expectRefused('https://mixed.example/', 'forbidden_address', lookup);
  });

  it('refuses a host that resolves to nothing', async () => {
    await expectRefused('https://empty.example/', 'forbidden_address', fakeLookup({
      'empty.example': [],
    }));
  });

  it('refuses a host that does not resolve, keeping the cause, with the same message', async () => {
    const error = await refusal(
      assertSafeOutboundUrl('https://nowhere.example/', strict(fakeLookup({}))),
    );
    expect(error.reason).toBe('unresolvable');
    expect(error.message).toBe(
      'url must be a public http(s) URL: its host must resolve to public addresses only',
    );
    expect(String((error.cause as Error).message)).toMatch(/ENOTFOUND/);
  });

  it('gives up on a resolver that hangs, after the DNS timeout and not before', async () => {
    vi.useFakeTimers();
    try {
      const hanging: HostLookup = () => new Promise(() => undefined);
      let settled = false;
      const pending = refusal(assertSafeOutboundUrl('https://slow.example/', strict(hanging)));
      void pending.finally(() => {
        settled = true;
      });
      await vi.advanceTimersByTimeAsync(OUTBOUND_DNS_TIMEOUT_MS - 1);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect((await pending).reason).toBe('unresolvable');
    } finally {
      vi.useRealTimers();
    }
  });

  it.each([
    ['an IPv4 literal', 'http://127.0.0.1:8080/'],
    ['a decimal IPv4 literal', 'http://2130706433/'],
    ['a hex IPv4 literal', 'http://0x7f.0.0.1/'],
    ['a short IPv4 literal', 'http://127.1/'],
    ['an IPv6 literal', 'http://[::1]/'],
    ['an IPv4-mapped IPv6 literal', 'http://[::ffff:10.0.0.1]/'],
    ['an IPv4-compatible IPv6 literal', 'http://[::10.0.0.1]/'],
    ['the metadata service literal', 'http://169.254.169.254/latest/meta-data/'],
  ])('refuses %s without asking the resolver', async (_, url) => {
    const lookup = fakeLookup({});
    await expectRefused(url, 'forbidden_address', lookup);
    expect(lookup.calls).toEqual([]);
  });

  it('accepts a public IP literal without asking the resolver', async () => {
    const lookup = fakeLookup({});
    const safe = await assertSafeOutboundUrl('https://[2606:4700::1111]/', strict(lookup));
    expect(safe.addresses).toEqual(['2606:4700::1111']);
    expect((await assertSafeOutboundUrl('http://1.1.1.1/', strict(lookup))).addresses).toEqual([
      '1.1.1.1',
    ]);
    expect(lookup.calls).toEqual([]);
  });

  it('lets allowPrivate reach loopback and private addresses, not skip format checks', async () => {
    const lookup = fakeLookup({ localhost: ['127.0.0.1'], 'pbx.lan': ['10.0.0.5'] });
    const options = { allowPrivate: true, lookup };
    const local = await assertSafeOutboundUrl('http://localhost:3000/hook', options);
    expect(local.addresses).toEqual(['127.0.0.1']);
    const lan = await assertSafeOutboundUrl('http://pbx.lan/hook', options);
    expect(lan.addresses).toEqual(['10.0.0.5']);
    const error = await refusal(assertSafeOutboundUrl('ftp://localhost/', { allowPrivate: true }));
    expect(error.reason).toBe('scheme');
  });

  it('with allowPrivate, saves a name that does not resolve yet, never sends to it', async () => {
    const lookup = fakeLookup({});
    const saved = await assertSafeOutboundUrl('https://hooks.partner.test/', {
      allowPrivate: true, lookup,
    });
    expect(saved.addresses).toEqual([]);
    const error = await refusal(assertSafeOutboundUrl('https://hooks.partner.test/', {
      allowPrivate: true, lookup, purpose: 'send',
    }));
    expect(error.reason).toBe('unresolvable');
  });

  it.each([
    ['the metadata address', 'http://169.254.169.254/latest/meta-data/'],
    ['a link-local address', 'http://169.254.1.1/'],
    ['IPv6 link-local', 'http://[fe80::1]/'],
    ['the AWS IPv6 metadata address', 'http://[fd00:ec2::254]/'],
    ['the Alibaba metadata address', 'http://100.100.100.200/'],
    ['the GCP metadata name with a root dot', 'http://metadata.google.internal./'],
    ['the GCP metadata name in capitals', 'http://METADATA.GOOGLE.INTERNAL/'],
    ['a name resolving to the metadata address', 'http://rebind.test/'],
  ])('refuses %s in every mode', async (_, url) => {
    const lookup = fakeLookup({ 'rebind.test': ['169.254.169.254'] });
    for (const allowPrivate of [false, true]) {
      const error = await refusal(assertSafeOutboundUrl(url, { allowPrivate, lookup }));
      expect(error.reason).toBe('forbidden_address');
    }
  });

  it.each([
    ['a CR/LF', 'http://a.test/\r\nX-Injected: 1'],
    ['a line feed in the host', 'http://a.te\nst/'],
    ['a tab', 'http://a.test/\tx'],
    ['a NUL', 'http://a.test/\u0000'],
    ['a space', 'http://a.test/a b'],
    ['DEL', 'http://a.test/\u007f'],
  ])('refuses %s in every mode', async (_, url) => {
    for (const allowPrivate of [false, true]) {
      const error = await refusal(assertSafeOutboundUrl(url, { allowPrivate }));
      expect(error.reason).toBe('control_characters');
    }
    expect(isHttpUrl(url)).toBe(false);
  });

  it('refuses LOCALHOST. and names of loopback in production mode', async () => {
    const lookup = fakeLookup({ 'loopback.test': ['127.0.0.1'] });
    for (const url of ['http://LOCALHOST./', 'http://a.localhost/', 'http://loopback.test/']) {
      const error = await refusal(assertSafeOutboundUrl(url, strict(lookup)));
      expect(error.reason).toBe('forbidden_address');
    }
    expect(lookup.calls).toEqual(['loopback.test']);
  });

  it('names the field in the message', async () => {
    const error = await refusal(
      assertSafeOutboundUrl('http://10.0.0.1/', { allowPrivate: false, field: 'webhook_url' }),
    );
    expect(error.message).toMatch(/^webhook_url must be a public http\(s\) URL/);
  });

  it('uses the real resolver by default: localhost is refused', async () => {
    const error = await refusal(
      assertSafeOutboundUrl('http://localhost/', { allowPrivate: false }),
    );
    expect(error.reason).toBe('forbidden_address');
  });
});

describe('assertSafeOutboundUrl: format', () => {
  it.each([
    ['invalid', 'not-a-url'],
    ['invalid', ''],
    ['invalid', 'https://'],
    ['scheme', 'ftp://example.com/'],
    ['scheme', 'javascript:alert(1)'],
    ['scheme', 'file:///etc/passwd'],
    ['scheme', 'data:text/html,hi'],
    ['credentials', 'https://user:pass@example.com/'],
    ['credentials', 'https://user@example.com/'],
  ] as const)('refuses (%s) %s', async (reason, url) => {
    await expectRefused(url, reason);
  });

  it('accepts exactly the maximum length and refuses one character more', async () => {
    const lookup = fakeLookup({ 'example.com': ['93.184.215.14'] });
    const prefix = 'https://example.com/';
    const longest = prefix + 'a'.repeat(OUTBOUND_URL_LENGTH_MAX - prefix.length);
    await expect(assertSafeOutboundUrl(longest, strict(lookup))).resolves.toBeDefined();
    await expectRefused(`${longest}a`, 'too_long', lookup);
  });
});

describe('isHttpUrl', () => {
  it.each(['https://example.com', 'http://localhost:3000/x?y=1', 'HTTPS://EXAMPLE.COM/'])(
    'accepts %s',
    (url) => {
      expect(isHttpUrl(url)).toBe(true);
    },
  );

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    '//example.com',
    '/relative',
    'https://u:p@example.com',
    `https://example.com/${'a'.repeat(OUTBOUND_URL_LENGTH_MAX)}`,
    '',
  ])('refuses %s', (url) => {
    expect(isHttpUrl(url)).toBe(false);
  });
});

describe('isPublicAddress', () => {
  it('accepts public unicast IPv4 and IPv6', () => {
    expect(isPublicAddress('8.8.8.8')).toBe(true);
    expect(isPublicAddress('2001:4860:4860::8888')).toBe(true);
    expect(isPublicAddress('::ffff:8.8.8.8')).toBe(true);
  });

  it('refuses what is not an address', () => {
    expect(isPublicAddress('example.com')).toBe(false);
    expect(isPublicAddress('')).toBe(false);
  });
});

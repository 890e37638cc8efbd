import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors';
import {
  SIP_PASSWORD_LENGTH_MAX,
  SIP_URI_LENGTH_MAX,
  SIP_USERNAME_LENGTH_MAX,
  assertSipPassword,
  findSipPasswordProblem,
  parseOriginationUri,
  parseSipUsername,
} from '../../../src/domain/trunks/sip-uris';

describe('parseOriginationUri accepts', () => {
  it.each([
    ['sip:pbx.example.com', { uri: 'sip:pbx.example.com', scheme: 'sip', host: 'pbx.example.com' }],
    ['SIP:PBX.Example.COM', { uri: 'sip:pbx.example.com', host: 'pbx.example.com' }],
    ['sips:pbx.example.com', { scheme: 'sips', hostKind: 'hostname' }],
    ['sip:8.8.8.8', { host: '8.8.8.8', hostKind: 'ipv4' }],
    ['sip:8.8.8.8:5060', { host: '8.8.8.8', port: 5060, uri: 'sip:8.8.8.8:5060' }],
    ['sip:10.1.2.3:5080', { host: '10.1.2.3', port: 5080 }],
    ['sip:pbx.example.com:1', { port: 1 }],
    ['sip:pbx.example.com:65535', { port: 65535 }],
    ['sip:alice@pbx.example.com', { user: 'alice', uri: 'sip:alice@pbx.example.com' }],
    ['sip:+918047182000@pbx.example.com', { user: '+918047182000' }],
    ['sip:a%20b@pbx.example.com', { user: 'a%20b' }],
    ['sip:[2606:4700::1111]', { host: '[2606:4700::1111]', hostKind: 'ipv6' }],
    ['sip:[2606:4700:0:0:0:0:0:1111]:5061', { host: '[2606:4700::1111]', port: 5061 }],
    ['sip:pbx.example.com;transport=udp', { transport: 'udp' }],
    ['sip:pbx.example.com;transport=TCP',
      { transport: 'tcp', uri: 'sip:pbx.example.com;transport=tcp' }],
    ['sip:pbx.example.com;transport=tls', { transport: 'tls' }],
    ['sips:pbx.example.com:5061;transport=tls', { scheme: 'sips', port: 5061, transport: 'tls' }],
    ['sips:pbx.example.com;transport=tcp', { transport: 'tcp' }],
    ['sip:pbx.example.com;LR', { uri: 'sip:pbx.example.com;lr' }],
    ['sip:1.2.3.4;user=phone;transport=udp', { uri: 'sip:1.2.3.4;user=phone;transport=udp' }],
    ['sip:a-b.c-d.example', { host: 'a-b.c-d.example' }],
    ['sip:pbx', { host: 'pbx' }],
    ['sip:3com.example', { host: '3com.example' }],
  ])('%s', (text, expected) => {
    expect(parseOriginationUri(text)).toMatchObject({ ok: true, ...expected });
  });

  it('leaves out absent parts', () => {
    const result = parseOriginationUri('sip:pbx.example.com');
    expect(result).toEqual({
      ok: true, uri: 'sip:pbx.example.com', scheme: 'sip', host: 'pbx.example.com',
      hostKind: 'hostname',
    });
  });

  it(`accepts exactly ${SIP_URI_LENGTH_MAX} characters`, () => {
    const host = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(62)}.com`;
    const text = `sip:u@${host}`;
    expect(text.length).toBe(SIP_URI_LENGTH_MAX);
    expect(parseOriginationUri(text).ok).toBe(true);
    expect(parseOriginationUri(`${text}x`).ok).toBe(false);
  });
});

describe('parseOriginationUri rejects', () => {
  it.each([
    ['', /required/],
    ['pbx.example.com', /start with sip/],
    ['http://pbx.example.com', /start with sip/],
    ['tel:+918047182000', /start with sip/],
    ['sip:', /no host/],
    ['sip:alice@', /no host/],
    ['sip: pbx.example.com', /spaces/],
    ['sip:pbx.example.com ', /spaces/],
    ['sip:pbx\u0000.example.com', /controls/],
    ['sip:pbx.example.com\t', /spaces/],
    ['sip:alice:secret@pbx.example.com', /password/],
    ['sip:a@b@pbx.example.com', /more than one "@"/],
    ['sip:al ice@pbx.example.com', /spaces/],
    ['sip:al<ice@pbx.example.com', /user part/],
    ['sip:a%2@pbx.example.com', /user part/],
    ['sip:pbx.example.com?X-Evil=1', /headers/],
    ['sip:pbx.example.com:0', /port/],
    ['sip:pbx.example.com:65536', /port/],
    ['sip:pbx.example.com:05060', /port/],
    ['sip:pbx.example.com:-1', /port/],
    ['sip:pbx.example.com:', /port/],
    ['sip:pbx.example.com:sip', /port/],
    ['sip:2001:db8::1', /brackets/],
    ['sip:[2606:4700::1111', /"]"/],
    ['sip:[2606:4700::1111]x', /after the IPv6/],
    ['sip:[not-ipv6]', /IPv6/],
    ['sip:[fe80::1%eth0]', /IPv6/],
    ['sip:[::1]', /loopback/],
    ['sip:[::]', /unspecified/],
    ['sip:[ff02::1]', /multicast/],
    ['sip:[fe80::1]', /linkLocal/],
    ['sip:[2001:db8::1]', /reserved/],
    ['sip:256.1.1.1', /IPv4/],
    ['sip:1.2.3', /IPv4/],
    ['sip:010.0.0.1', /IPv4/],
    ['sip:127.0.0.1', /loopback/],
    ['sip:0.0.0.0', /unspecified/],
    ['sip:192.0.2.10', /RFC 5737/],
    ['sip:224.0.0.1', /multicast/],
    ['sip:255.255.255.255', /broadcast/],
    ['sip:169.254.169.254', /link-local/],
    ['sip:localhost', /localhost/],
    ['sip:foo.localhost', /localhost/],
    ['sip:-pbx.example.com', /domain name/],
    ['sip:pbx-.example.com', /domain name/],
    ['sip:pbx..example.com', /domain name/],
    ['sip:pbx.example.com.', /domain name/],
    ['sip:pbx_1.example.com', /domain name/],
    ['sip:pbx.123', /IPv4/],
    ['sip:pbx.example.1com', /domain name/],
    [`sip:${'a'.repeat(64)}.example.com`, /domain name/],
    ['sip:pbx.example.com;transport=sctp', /udp, tcp or tls/],
    ['sip:pbx.example.com;transport=ws', /udp, tcp or tls/],
    ['sip:pbx.example.com;transport', /udp, tcp or tls/],
    ['sip:pbx.example.com;transport=', /bad URI parameter/],
    ['sips:pbx.example.com;transport=udp', /sips: requires TLS/],
    ['sips:pbx.example.com;transport=UDP', /sips: requires TLS/],
    ['sip:pbx.example.com;transport=udp;transport=tcp', /twice/],
    ['sip:pbx.example.com;lr;LR', /twice/],
    ['sip:pbx.example.com;', /bad URI parameter/],
    ['sip:pbx.example.com;;lr', /bad URI parameter/],
    ['sip:pbx.example.com;a=b=c', /bad URI parameter/],
    ['sip:pbx.example.com;a=<b>', /bad URI parameter/],
    ['sip:pbx.example.com;maddr=10.0.0.1', /maddr/],
    [`sip:${'a'.repeat(SIP_URI_LENGTH_MAX)}`, /longer than/],
  ])('%j', (text, reason) => {
    const result = parseOriginationUri(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('parseSipUsername', () => {
  it.each([
    'abc', 'alice', 'Alice.Smith', 'pbx-mumbai_01', '918047182000',
    'a'.repeat(SIP_USERNAME_LENGTH_MAX),
  ])('accepts %s', (text) => {
    expect(parseSipUsername(text)).toEqual({ ok: true, username: text });
  });

  it.each([
    ['', /3 to 64/],
    ['ab', /3 to 64/],
    ['a'.repeat(SIP_USERNAME_LENGTH_MAX + 1), /3 to 64/],
    ['alice smith', /only letters/],
    ['alice@example', /only letters/],
    ['alice:1', /only letters/],
    ['alïce', /only letters/],
    ['al+ce', /only letters/],
  ])('rejects %j', (text, reason) => {
    const result = parseSipUsername(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('SIP passwords', () => {
  it.each([
    'abcdefg1', 'Passw0rd', '1234567a', `a1${'x'.repeat(SIP_PASSWORD_LENGTH_MAX - 2)}`,
    'p@ss-w0rd!~', 'A1!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
  ])('accepts %j', (password) => {
    expect(findSipPasswordProblem(password)).toBeUndefined();
    expect(() => assertSipPassword(password)).not.toThrow();
  });

  it.each([
    ['', /8 to 128/],
    ['abcdef1', /8 to 128/],
    [`a1${'x'.repeat(SIP_PASSWORD_LENGTH_MAX - 1)}`, /8 to 128/],
    ['abcdefgh', /digit/],
    ['12345678', /letter/],
    ['!!!!!!!!', /letter/],
    ['abcd 1234', /printable ASCII/],
    ['abcdé1234', /printable ASCII/],
    ['abcd\t1234', /printable ASCII/],
  ])('rejects %j', (password, reason) => {
    expect(findSipPasswordProblem(password)).toMatch(reason);
  });

  it('assertSipPassword throws validation_failed naming the field, without the password', () => {
    let thrown: unknown;
    try {
      assertSipPassword('short1', ['body', 'secret']);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    const error = thrown as DomainError;
    expect(error.code).toBe('validation_failed');
    expect(error.problems).toEqual([
      { loc: ['body', 'secret'], msg: 'password must be 8 to 128 characters', type: 'value_error',
        input: undefined },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  IP_ACL_ADDRESS_LENGTH_MAX,
  parseIpAclAddress,
} from '../../../src/domain/trunks/ip-acl-rules';

describe('parseIpAclAddress accepts', () => {
  it.each([
    ['8.8.8.8', '8.8.8.8', '8.8.8.8/32'],
    ['203.0.114.10', '203.0.114.10', '203.0.114.10/32'],
    ['1.2.3.4/32', '1.2.3.4/32', '1.2.3.4/32'],
    ['1.2.3.0/24', '1.2.3.0/24', '1.2.3.0/24'],
    ['45.0.0.0/08', '45.0.0.0/8', '45.0.0.0/8'],
    ['45.0.0.0/8', '45.0.0.0/8', '45.0.0.0/8'],
    ['10.0.0.0/8', '10.0.0.0/8', '10.0.0.0/8'],
    ['172.16.0.0/12', '172.16.0.0/12', '172.16.0.0/12'],
    ['192.168.1.10', '192.168.1.10', '192.168.1.10/32'],
    ['100.64.0.0/10', '100.64.0.0/10', '100.64.0.0/10'],
    ['1.0.0.0', '1.0.0.0', '1.0.0.0/32'],
    ['223.255.255.255', '223.255.255.255', '223.255.255.255/32'],
  ])('%s', (text, address, cidr) => {
    expect(parseIpAclAddress(text)).toMatchObject({ ok: true, address, cidr });
  });

  it('reports the prefix length', () => {
    expect(parseIpAclAddress('1.2.3.0/24')).toMatchObject({ prefixLength: 24 });
    expect(parseIpAclAddress('1.2.3.4')).toMatchObject({ prefixLength: 32 });
  });

  it('accepts the neighbours of the documentation ranges', () => {
    for (const text of ['192.0.3.0', '198.51.99.255', '203.0.112.0/24', '198.51.101.0/24']) {
      expect(parseIpAclAddress(text).ok, text).toBe(true);
    }
  });
});

describe('parseIpAclAddress rejects', () => {
  it.each([
    ['', /required/],
    ['x'.repeat(IP_ACL_ADDRESS_LENGTH_MAX + 1), /too long/],
    [' 1.2.3.4', /spaces/],
    ['1.2.3.4 ', /spaces/],
    ['1.2.3.4\n', /spaces/],
    ['2001:db8::1', /IPv6 is not supported/],
    ['::1', /IPv6 is not supported/],
    ['2001:db8::/32', /IPv6 is not supported/],
    ['::ffff:1.2.3.4', /IPv6 is not supported/],
    ['1.2.3.4:5060', /IPv4 address or CIDR/],
    ['256.1.1.1', /IPv4 address/],
    ['1.2.3', /IPv4 address/],
    ['1.2.3.4.5', /IPv4 address/],
    ['010.0.0.1', /IPv4 address/],
    ['0x0a.0.0.1', /IPv4 address/],
    ['167772161', /IPv4 address/],
    ['pbx.example.com', /IPv4 address/],
    ['1.2.3.4/33', /mask/],
    ['1.2.3.4/-1', /mask/],
    ['1.2.3.4/abc', /mask/],
    ['1.2.3.4/', /mask/],
    ['1.2.3.4/100', /mask/],
    ['1.2.3.0/024', /mask/],
    ['1.2.3.4/24/8', /more than one/],
  ])('%j', (text, reason) => {
    const result = parseIpAclAddress(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it.each([
    ['10.0.0.1/24', '10.0.0.0/24'],
    ['192.168.1.1/16', '192.168.0.0/16'],
    ['8.8.8.8/8', '8.0.0.0/8'],
    ['1.2.3.5/31', '1.2.3.4/31'],
  ])('%s hints %s', (text, network) => {
    const result = parseIpAclAddress(text);
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.reason).toContain(`did you mean ${network}?`);
  });

  it('accepts a /31 whose host bits are clear', () => {
    expect(parseIpAclAddress('1.2.3.4/31').ok).toBe(true);
    expect(parseIpAclAddress('1.2.3.5/31').ok).toBe(false);
  });

  it.each([
    ['0.0.0.0/0', /too wide/],
    ['0.0.0.0', /unspecified/],
    ['0.0.0.0/8', /unspecified/],
    ['0.255.255.255', /unspecified/],
    ['64.0.0.0/2', /too wide/],
    ['10.0.0.1/4', /too wide/],
    ['1.2.3.4/0', /too wide/],
    ['44.0.0.0/7', /too wide/],
    ['127.0.0.1', /loopback/],
    ['127.0.0.0/8', /loopback/],
    ['127.255.255.254', /loopback/],
    ['169.254.169.254', /link-local/],
    ['192.0.2.1', /192\.0\.2\.0\/24/],
    ['192.0.2.0/24', /RFC 5737/],
    ['192.0.2.128/25', /RFC 5737/],
    ['192.0.0.0/16', /RFC 5737/],
    ['192.0.0.0/8', /RFC 5737/],
    ['198.51.100.7', /198\.51\.100\.0\/24/],
    ['198.51.0.0/16', /RFC 5737/],
    ['203.0.113.255', /203\.0\.113\.0\/24/],
    ['203.0.112.0/23', /RFC 5737/],
    ['224.0.0.1', /multicast/],
    ['239.255.255.250', /multicast/],
    ['230.0.0.0/8', /multicast/],
    ['240.0.0.1', /reserved/],
    ['255.255.255.254', /reserved/],
    ['255.255.255.255', /broadcast/],
    ['255.255.255.255/32', /broadcast/],
  ])('%s (forbidden range)', (text, reason) => {
    const result = parseIpAclAddress(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

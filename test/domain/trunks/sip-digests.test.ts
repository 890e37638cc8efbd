import { describe, expect, it } from 'vitest';
import { sipDigestHa1, sipDigestResponse } from '../../../src/domain/trunks/sip-digests';

// RFC 2617 §3.5's worked example (Mufasa / "Circle Of Life").
const RFC_2617 = {
  username: 'Mufasa',
  realm: 'testrealm@host.com',
  password: 'Circle Of Life',
  ha1: '939e7578ed9e3c518a452acee763bce9',
  nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
  uri: '/dir/index.html',
  nc: '00000001',
  cnonce: '0a4f113b',
  response: '6629fae49393a05397450978507c4ef1',
};

describe('sipDigestHa1', () => {
  it('matches the RFC 2617 vector', () => {
    expect(sipDigestHa1(RFC_2617.username, RFC_2617.realm, RFC_2617.password)).toBe(RFC_2617.ha1);
  });

  it('is MD5 of username:realm:password as lowercase hex', () => {
    // `echo -n 'alice:sip.example.com:secret1' | md5sum`
    expect(sipDigestHa1('alice', 'sip.example.com', 'secret1'))
      .toBe('9c129ac10a20912e91551ca399a28992');
  });

  it('changes with each part', () => {
    const base = sipDigestHa1('alice', 'realm', 'password1');
    expect(sipDigestHa1('Alice', 'realm', 'password1')).not.toBe(base);
    expect(sipDigestHa1('alice', 'realm2', 'password1')).not.toBe(base);
    expect(sipDigestHa1('alice', 'realm', 'password2')).not.toBe(base);
  });

  it('refuses a ":" in the username or realm (programmer error)', () => {
    expect(() => sipDigestHa1('al:ice', 'realm', 'password1')).toThrow(/username/);
    expect(() => sipDigestHa1('alice', 're:alm', 'password1')).toThrow(/realm/);
  });
});

describe('sipDigestResponse', () => {
  it('matches the RFC 2617 vector with qop=auth', () => {
    expect(sipDigestResponse({
      ha1: RFC_2617.ha1,
      method: 'GET',
      uri: RFC_2617.uri,
      nonce: RFC_2617.nonce,
      qop: { nc: RFC_2617.nc, cnonce: RFC_2617.cnonce },
    })).toBe(RFC_2617.response);
  });

  it('without qop is MD5(HA1:nonce:HA2) (RFC 2069 form)', () => {
    const withoutQop = sipDigestResponse({
      ha1: RFC_2617.ha1, method: 'REGISTER', uri: 'sip:sip.example.com', nonce: 'abc',
    });
    // md5('939e…:abc:' + md5('REGISTER:sip:sip.example.com')) computed with md5sum.
    expect(withoutQop).toBe('2876d03888ffb5f61787020a07ae97bb');
    expect(withoutQop).not.toBe(sipDigestResponse({
      ha1: RFC_2617.ha1, method: 'INVITE', uri: 'sip:sip.example.com', nonce: 'abc',
    }));
  });

  it('asserts that ha1 is hex', () => {
    expect(() => sipDigestResponse({ ha1: 'nope', method: 'GET', uri: '/', nonce: 'n' }))
      .toThrow(/ha1/);
  });
});

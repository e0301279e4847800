// @vitest-environment node
import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { computeDigest, isDigestReference, parseDigest, sha256Hex, shortDigest } from './digest';

describe('sha256Hex (the fallback used where crypto.subtle is missing)', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(sha256Hex(new Uint8Array())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(new TextEncoder().encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('matches node:crypto on every length around block boundaries', () => {
    for (let len = 0; len <= 200; len++) {
      const data = randomBytes(len);
      expect(sha256Hex(data)).toBe(createHash('sha256').update(data).digest('hex'));
    }
  });

  it('matches node:crypto on random input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (data) => sha256Hex(data) === createHash('sha256').update(data).digest('hex')),
      { numRuns: 200 },
    );
  });
});

describe('computeDigest', () => {
  const body = new TextEncoder().encode('{"schemaVersion":2}');
  const expected = `sha256:${createHash('sha256').update(body).digest('hex')}`;

  it('works without crypto.subtle, as on a plain-HTTP LAN address', async () => {
    const original = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
    Object.defineProperty(globalThis, 'crypto', { value: {}, configurable: true });
    try {
      expect(globalThis.crypto.subtle).toBeUndefined();
      expect(await computeDigest(body)).toBe(expected);
    } finally {
      if (original) Object.defineProperty(globalThis, 'crypto', original);
    }
  });

  it('works in an insecure context even where subtle exists', async () => {
    const original = Object.getOwnPropertyDescriptor(globalThis, 'isSecureContext');
    Object.defineProperty(globalThis, 'isSecureContext', { value: false, configurable: true });
    try {
      expect(await computeDigest(body)).toBe(expected);
    } finally {
      if (original) Object.defineProperty(globalThis, 'isSecureContext', original);
      else delete (globalThis as { isSecureContext?: boolean }).isSecureContext;
    }
  });

  it('uses crypto.subtle when present', async () => {
    expect(await computeDigest(body)).toBe(expected);
  });
});

describe('parseDigest', () => {
  it('accepts sha256 and sha512 digests and rejects bad ones', () => {
    const hex = 'a'.repeat(64);
    expect(parseDigest(`sha256:${hex}`)).toBe(`sha256:${hex}`);
    expect(parseDigest(`sha512:${'b'.repeat(128)}`)).toBeDefined();
    expect(parseDigest(`sha256:${'A'.repeat(64)}`)).toBeUndefined();
    expect(parseDigest(`sha256:${hex.slice(1)}`)).toBeUndefined();
    expect(parseDigest('latest')).toBeUndefined();
    expect(parseDigest('sha256:../../etc')).toBeUndefined();
    expect(parseDigest(42)).toBeUndefined();
    expect(isDigestReference('v1.0')).toBe(false);
    expect(shortDigest(`sha256:${'0123456789ab'}${'c'.repeat(52)}`)).toBe('0123456789ab');
  });

  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.anything(), (v) => {
      const d = parseDigest(v);
      return d === undefined || typeof d === 'string';
    }));
  });
});

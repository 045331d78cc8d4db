import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from '../../../server/crypto/secret-box';

describe('secret box', () => {
  const key = randomBytes(32);

  it('round-trips a secret and never shows it in the sealed form', () => {
    const sealed = sealSecret({ key, plaintext: 'xoxb-秘密-token', aad: 'connection:1' });
    expect(sealed).not.toContain('xoxb');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(openSecret({ key, sealed, aad: 'connection:1' })).toBe('xoxb-秘密-token');
  });

  it('seals the same secret differently each time', () => {
    expect(sealSecret({ key, plaintext: 'a' })).not.toBe(sealSecret({ key, plaintext: 'a' }));
  });

  it('refuses another key, another aad, and a tampered value', () => {
    const sealed = sealSecret({ key, plaintext: 'pw', aad: 'connection:1' });
    expect(() => openSecret({ key: randomBytes(32), sealed, aad: 'connection:1' })).toThrow(/instance key/);
    expect(() => openSecret({ key, sealed, aad: 'connection:2' })).toThrow();
    const parts = sealed.split('.');
    const tampered = [...parts.slice(0, 3), Buffer.from('other').toString('base64url')].join('.');
    expect(() => openSecret({ key, sealed: tampered, aad: 'connection:1' })).toThrow();
    expect(() => openSecret({ key, sealed: 'garbage' })).toThrow(/format/);
  });

  it('refuses a key of the wrong size', () => {
    expect(() => sealSecret({ key: randomBytes(16), plaintext: 'x' })).toThrow(/32 bytes/);
  });
});

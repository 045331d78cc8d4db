import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { ScryptOptions } from 'node:crypto';

/**
 * scrypt parameters (OWASP 2024 minimum: N=2^17, r=8, p=1): each hash needs 128 MiB of memory,
 * which is what makes guessing on GPUs expensive. They are stored in each hash, so they can rise
 * later without breaking old passwords.
 */
const CURRENT = { log2N: 17, r: 8, p: 1, keyLength: 32 };
const SALT_BYTES = 16;

function derive(options: {
  password: string;
  salt: Buffer;
  log2N: number;
  r: number;
  p: number;
  keyLength: number;
}): Promise<Buffer> {
  const N = 2 ** options.log2N;
  const scryptOptions: ScryptOptions = {
    N,
    r: options.r,
    p: options.p,
    maxmem: 256 * N * options.r + 1024 * 1024,
  };
  return new Promise((resolve, reject) => {
    scrypt(
      options.password.normalize('NFKC'),
      options.salt,
      options.keyLength,
      scryptOptions,
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** Hashes a password as `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>` (base64url parts). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive({ password, salt, ...CURRENT });
  return [
    'scrypt',
    CURRENT.log2N,
    CURRENT.r,
    CURRENT.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

/** True when the password matches the stored hash; compares in constant time. */
export async function verifyPassword(options: { password: string; hash: string }): Promise<boolean> {
  const [scheme, log2N, r, p, salt, key] = options.hash.split('$');
  if (scheme !== 'scrypt' || log2N === undefined || r === undefined || p === undefined || !salt || !key)
    return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive({
    password: options.password,
    salt: Buffer.from(salt, 'base64url'),
    log2N: Number(log2N),
    r: Number(r),
    p: Number(p),
    keyLength: expected.length,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real check, for an e-mail nobody has, so the answer time does not tell
 * an attacker which addresses have accounts.
 */
export async function verifyAgainstNobody(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword({ password, hash: await dummyHash });
  return false;
}

export const MIN_PASSWORD_LENGTH = 8;

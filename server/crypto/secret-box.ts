import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Format tag at the front of every sealed value, so the scheme can change later without guessing. */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals a secret (a connection's password, an OAuth token) with AES-256-GCM under the instance key.
 * The result is `v1.<iv>.<tag>.<ciphertext>` in base64url; `aad` binds it to where it is stored
 * (e.g. `connection:<id>`) so a sealed value copied to another row does not open.
 */
export function sealSecret(options: { key: Buffer; plaintext: string; aad?: string }): string {
  assertKey(options.key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', options.key, iv);
  if (options.aad !== undefined) cipher.setAAD(Buffer.from(options.aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(options.plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, tag, ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** Opens a value made by sealSecret; throws when the key, the aad or the value is wrong. */
export function openSecret(options: { key: Buffer; sealed: string; aad?: string }): string {
  assertKey(options.key);
  const [version, iv, tag, ciphertext, extra] = options.sealed.split('.');
  if (
    version !== VERSION ||
    iv === undefined ||
    tag === undefined ||
    ciphertext === undefined ||
    extra !== undefined
  ) {
    throw new Error('This sealed secret is not in a format Musubi knows.');
  }
  const ivBytes = Buffer.from(iv, 'base64url');
  const tagBytes = Buffer.from(tag, 'base64url');
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
    throw new Error('This sealed secret is damaged.');
  }
  const decipher = createDecipheriv('aes-256-gcm', options.key, ivBytes);
  if (options.aad !== undefined) decipher.setAAD(Buffer.from(options.aad, 'utf8'));
  decipher.setAuthTag(tagBytes);
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new Error(
      'This secret cannot be opened: it was sealed under another instance key (MUSUBI_SECRET) or changed.',
    );
  }
}

function assertKey(key: Buffer): void {
  if (key.length !== 32) throw new Error(`The instance key must be 32 bytes, not ${key.length}.`);
}

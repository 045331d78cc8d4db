import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** 32 random bytes (256 bits) as base64url: the part of the link that grants access. */
export function newShareToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a token: its SHA-256, hex. */
export function hashShareToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A token has exactly the shape newShareToken makes; anything else is refused before a lookup. */
export function looksLikeShareToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** Six digits, leading zeros kept. */
export function newOtpCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/**
 * The stored form of a code: an HMAC bound to the link, so a code mailed for one link is worth
 * nothing on another, and a leaked table does not give the codes away.
 */
export function hashOtpCode(options: { secret: Buffer; linkId: string; code: string }): string {
  return createHmac('sha256', options.secret).update(`otp:${options.linkId}:${options.code}`).digest('hex');
}

/** Compares two hex digests in constant time. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

function accessSignature(options: { secret: Buffer; linkId: string; expiresAt: number }): string {
  return createHmac('sha256', options.secret)
    .update(`share-access:${options.linkId}:${options.expiresAt}`)
    .digest('base64url');
}

/** The cookie value that proves a visitor entered the right code: link id, expiry, signature. */
export function signAccessCookie(options: { secret: Buffer; linkId: string; expiresAt: number }): string {
  return `${options.linkId}.${options.expiresAt}.${accessSignature(options)}`;
}

/** True when the cookie was signed by this instance for this link and has not expired. */
export function verifyAccessCookie(options: {
  secret: Buffer;
  linkId: string;
  value: string;
  now: number;
}): boolean {
  const parts = options.value.split('.');
  if (parts.length !== 3) return false;
  const [linkId, expiry, signature] = parts;
  if (linkId !== options.linkId || expiry === undefined || signature === undefined) return false;
  const expiresAt = Number(expiry);
  if (!Number.isSafeInteger(expiresAt) || expiresAt <= options.now) return false;
  return sameDigest(signature, accessSignature({ secret: options.secret, linkId, expiresAt }));
}

/** `taro@example.com` → `t***@example.com`: enough for the customer to recognise the address. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack refuses requests older than this; so do we (replay protection). */
export const SIGNATURE_WINDOW_SECONDS = 300;

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'stale' | 'mismatch' };

/**
 * Checks `X-Slack-Signature` = `v0=` HMAC-SHA256(signing secret, `v0:<timestamp>:<raw body>`) over
 * the raw bytes, in constant time, with the timestamp within five minutes of `nowMs`.
 */
export function verifySlackSignature(options: {
  signingSecret: string;
  rawBody: Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs: number;
}): SignatureCheck {
  const { timestamp, signature } = options;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'missing' };
  if (Math.abs(options.nowMs / 1000 - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS) {
    return { ok: false, reason: 'stale' };
  }
  const hmac = createHmac('sha256', options.signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(options.rawBody);
  const expected = Buffer.from(`v0=${hmac.digest('hex')}`);
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'mismatch' };
  return { ok: true };
}

/**
 * Remembers signatures seen inside the window, so a captured request sent again (within the five
 * minutes the timestamp allows) is refused. Per process: several web processes each keep their own.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  /** True the first time a signature is seen; false for a replay. */
  accept(options: { signature: string; nowMs: number }): boolean {
    const horizon = options.nowMs - SIGNATURE_WINDOW_SECONDS * 2000;
    for (const [key, at] of this.seen) {
      if (at < horizon) this.seen.delete(key);
      else break;
    }
    if (this.seen.has(options.signature)) return false;
    this.seen.set(options.signature, options.nowMs);
    return true;
  }
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Localized } from '../../runtime/model/localized';
import type { WebhookConfig } from './webhook-registry';

export const TIMESTAMP_HEADER = 'x-musubi-timestamp';
export const SIGNATURE_HEADER = 'x-musubi-signature';
/** A signed request older (or newer) than this is refused: a captured request cannot be replayed later. */
export const REPLAY_WINDOW_MS = 5 * 60 * 1000;

export type AuthFailure = { code: string; message: Localized };

/** Constant-time comparison of two strings of any length. */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  // Compare equal-length buffers so the time does not tell the length of the secret either.
  const padded = Buffer.alloc(b.length);
  a.copy(padded, 0, 0, Math.min(a.length, b.length));
  return timingSafeEqual(padded, b) && a.length === b.length;
}

/** `sha256=<hex>` of HMAC-SHA256(secret, `<timestamp>.<raw body>`): what a sender computes. */
export function signWebhook(input: { secret: string; timestamp: string; body: Buffer | string }): string {
  const hmac = createHmac('sha256', input.secret);
  hmac.update(`${input.timestamp}.`);
  hmac.update(input.body);
  return `sha256=${hmac.digest('hex')}`;
}

/**
 * Remembers signatures seen within the replay window, so the very same signed request is not
 * accepted twice even inside the window. Per process: a second process is protected by the window.
 */
export class ReplayGuard {
  private seen = new Map<string, number>();

  /** True the first time a signature is seen (until it leaves the window). */
  firstUse(signature: string, now: number): boolean {
    if (this.seen.size > 10_000) {
      for (const [key, expires] of this.seen) if (expires < now) this.seen.delete(key);
    }
    const expires = this.seen.get(signature);
    if (expires !== undefined && expires >= now) return false;
    this.seen.set(signature, now + 2 * REPLAY_WINDOW_MS);
    return true;
  }
}

const unauthorized = (code: string, ja: string, en: string): AuthFailure => ({ code, message: { ja, en } });

/**
 * Checks a webhook request against its trigger's auth: none, a secret header, or an HMAC-SHA256
 * signature with a timestamp inside the replay window. Returns the failure, or undefined when the
 * request may pass.
 */
export function checkWebhookAuth(input: {
  config: WebhookConfig;
  header: (name: string) => string | undefined;
  rawBody: Buffer;
  now: number;
  replay: ReplayGuard;
  /** A request with an Idempotency-Key may repeat: it gets the same run back. */
  idempotent: boolean;
}): AuthFailure | undefined {
  const { config } = input;
  if (config.auth === 'none') return undefined;
  const secret = config.secret ?? '';
  if (secret === '') {
    return unauthorized(
      'webhook_misconfigured',
      'Webhook の秘密の値が設定されていません。',
      'The webhook has no secret configured.',
    );
  }
  if (config.auth === 'header') {
    const given = input.header(config.headerName ?? 'x-musubi-secret');
    if (given === undefined || !sameSecret(given, secret)) {
      return unauthorized(
        'webhook_unauthorized',
        '認証ヘッダーがないか、値が一致しません。',
        'The authentication header is missing or wrong.',
      );
    }
    return undefined;
  }
  const timestamp = input.header(TIMESTAMP_HEADER);
  const signature = input.header(config.headerName ?? SIGNATURE_HEADER);
  if (timestamp === undefined || signature === undefined || !/^\d{1,13}$/.test(timestamp)) {
    return unauthorized(
      'webhook_unauthorized',
      'X-Musubi-Timestamp と X-Musubi-Signature ヘッダーが必要です。',
      'The X-Musubi-Timestamp and X-Musubi-Signature headers are required.',
    );
  }
  const sentAt = Number(timestamp) * 1000;
  if (Math.abs(input.now - sentAt) > REPLAY_WINDOW_MS) {
    return unauthorized(
      'webhook_signature_expired',
      '署名の時刻が 5 分以上ずれています。送信側の時計を確認してください。',
      'The signature timestamp is more than 5 minutes away from now. Check the sender’s clock.',
    );
  }
  const expected = signWebhook({ secret, timestamp, body: input.rawBody });
  if (!sameSecret(signature.trim().toLowerCase(), expected)) {
    return unauthorized('webhook_bad_signature', '署名が一致しません。', 'The signature does not match.');
  }
  if (!input.idempotent && !input.replay.firstUse(expected, input.now)) {
    return unauthorized(
      'webhook_replayed',
      '同じ署名のリクエストはすでに受け付けました。',
      'A request with this signature was already accepted.',
    );
  }
  return undefined;
}

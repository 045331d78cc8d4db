import { describe, expect, it } from 'vitest';
import { ReplayGuard, verifySlackSignature } from '../../../server/slack/signature';
import { slackSignatureHeaders } from '../../emulators/slack/sign';

const secret = 'shh-signing-secret';
const body = 'command=%2Fmusubi&text=ticket+12';
const now = Date.parse('2026-11-22T00:00:00Z');
const nowSeconds = Math.floor(now / 1000);

function check(options: {
  secret?: string;
  body?: string;
  timestamp?: number;
  signWith?: string;
  signBody?: string;
}) {
  const headers = slackSignatureHeaders({
    signingSecret: options.signWith ?? secret,
    body: options.signBody ?? body,
    timestamp: options.timestamp ?? nowSeconds,
  });
  return verifySlackSignature({
    signingSecret: options.secret ?? secret,
    rawBody: Buffer.from(options.body ?? body),
    timestamp: headers['X-Slack-Request-Timestamp'],
    signature: headers['X-Slack-Signature'],
    nowMs: now,
  });
}

describe('Slack request signatures', () => {
  it('accepts a request signed with the signing secret over the raw body', () => {
    expect(check({})).toEqual({ ok: true });
  });

  it('refuses a signature made with another secret', () => {
    expect(check({ signWith: 'someone-elses-secret' })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a timestamp more than five minutes away, either side', () => {
    expect(check({ timestamp: nowSeconds - 301 })).toEqual({ ok: false, reason: 'stale' });
    expect(check({ timestamp: nowSeconds + 301 })).toEqual({ ok: false, reason: 'stale' });
    expect(check({ timestamp: nowSeconds - 299 })).toEqual({ ok: true });
  });

  it('refuses a body changed after signing', () => {
    expect(check({ body: 'command=%2Fmusubi&text=ticket+13' })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses missing headers', () => {
    expect(
      verifySlackSignature({
        signingSecret: secret,
        rawBody: Buffer.from(body),
        timestamp: undefined,
        signature: 'v0=ab',
        nowMs: now,
      }),
    ).toEqual({ ok: false, reason: 'missing' });
  });

  it('refuses the same signed request sent a second time inside the window', () => {
    const guard = new ReplayGuard();
    const signature =
      slackSignatureHeaders({ signingSecret: secret, body, timestamp: nowSeconds })['X-Slack-Signature'] ??
      '';
    expect(guard.accept({ signature, nowMs: now })).toBe(true);
    expect(guard.accept({ signature, nowMs: now + 1000 })).toBe(false);
  });
});

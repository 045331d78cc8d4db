import { describe, expect, it } from 'vitest';
import { isPrivateHost } from '../../../nodes/common/private-address';
import { retryAfterMs } from '../../../nodes/common/retry-after';
import { parseDateTime } from '../../../nodes/common/dates';
import { isEmailAddress, splitAddresses } from '../../../nodes/common/email';

const hostOf = (url: string) => new URL(url).hostname;

describe('isPrivateHost', () => {
  it.each([
    'http://127.0.0.1/',
    'http://127.255.0.9/',
    'http://10.0.0.1/',
    'http://172.16.0.1/',
    'http://172.31.255.255/',
    'http://192.168.1.1/',
    'http://169.254.169.254/',
    'http://0.0.0.0/',
    'http://100.64.0.1/',
    'http://100.127.255.255/',
    'http://2130706433/',
    'http://localhost/',
    'http://LOCALHOST./',
    'http://db.localhost/',
    'http://[::1]/',
    'http://[::]/',
    'http://[fc00::1]/',
    'http://[fd12:3456::1]/',
    'http://[fe80::1]/',
    'http://[febf::1]/',
    'http://[::ffff:8.8.8.8]/',
    'http://[::ffff:192.168.0.1]/',
    'http://[64:ff9b::10.0.0.1]/',
  ])('refuses %s', (url) => {
    expect(isPrivateHost(hostOf(url))).toBe(true);
  });

  it.each([
    'https://example.com/',
    'http://8.8.8.8/',
    'http://172.15.255.255/',
    'http://172.32.0.1/',
    'http://100.63.255.255/',
    'http://100.128.0.1/',
    'http://192.169.0.1/',
    'http://[2001:4860:4860::8888]/',
    'http://[64:ff9b::8.8.8.8]/',
    'http://localhost.example.com/',
    'http://mylocalhost/',
  ])('allows %s', (url) => {
    expect(isPrivateHost(hostOf(url))).toBe(false);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-11-22T00:00:00Z');

  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Sun, 22 Nov 2026 00:01:00 GMT', now)).toBe(60_000);
  });

  it('gives 0 for a date already past, and nothing for junk or no header', () => {
    expect(retryAfterMs('Sat, 21 Nov 2026 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe('parseDateTime', () => {
  it('reads wall time in the zone across daylight saving', () => {
    expect(parseDateTime('2027-03-14T12:00', 'America/New_York')).toBe(
      Date.parse('2027-03-14T12:00:00-04:00'),
    );
    expect(parseDateTime('2027-03-13T12:00', 'America/New_York')).toBe(
      Date.parse('2027-03-13T12:00:00-05:00'),
    );
    expect(parseDateTime('2026-11-22', 'Asia/Tokyo')).toBe(Date.parse('2026-11-22T00:00:00+09:00'));
  });

  it('keeps explicit offsets and fractions', () => {
    expect(parseDateTime('2026-11-22T10:00:00.250+0900', 'UTC')).toBe(
      Date.parse('2026-11-22T10:00:00.250+09:00'),
    );
    expect(parseDateTime('２０２６−１１−２２ １０：３０', 'UTC')).toBe(Date.parse('2026-11-22T10:30:00Z'));
  });
});

describe('e-mail addresses', () => {
  it('accepts ordinary addresses and refuses broken ones', () => {
    for (const ok of ['taro@example.com', 'a.b+tag@sub.example.co.jp', "o'neil@example.ie"])
      expect(isEmailAddress(ok), ok).toBe(true);
    for (const bad of [
      'foo@',
      '@example.com',
      'a@b',
      'a@@b.com',
      'a b@c.com',
      'a@-x.com',
      'a..b@c.com',
      'taro@example.com.',
    ]) {
      expect(isEmailAddress(bad), bad).toBe(false);
    }
  });

  it('splits lists on commas, semicolons, spaces and 、', () => {
    expect(splitAddresses('a@x.jp, b@x.jp;c@x.jp d@x.jp、e@x.jp')).toEqual([
      'a@x.jp',
      'b@x.jp',
      'c@x.jp',
      'd@x.jp',
      'e@x.jp',
    ]);
    expect(splitAddresses(['a@x.jp', 'b@x.jp, c@x.jp'])).toEqual(['a@x.jp', 'b@x.jp', 'c@x.jp']);
    expect(splitAddresses('')).toEqual([]);
  });
});

import type { Language } from '../../runtime/model/localized';
import type { Clock } from '../../runtime/ports/clock';
import type { MailPort } from '../../runtime/ports/mail';
import type { Database } from '../db/index';
import type { CrmRecordModel } from '../db/models/crm/index';
import type { ShareLinkModel, ShareSettingsModel } from '../db/models/sharing/index';
import { otpMail } from './mail-text';
import { recipientEmail } from './recipient';
import { hashOtpCode, newOtpCode, sameDigest } from './tokens';

export const OTP_VALID_MS = 10 * 60_000;
export const OTP_RESEND_MS = 60_000;
export const OTP_MAX_FAILURES = 5;
export const OTP_LOCK_MS = 15 * 60_000;
/** How long a verified visitor keeps access to the link. */
export const ACCESS_COOKIE_MS = 24 * 60 * 60_000;

export type SendCodeResult =
  | { status: 'sent'; to: string }
  | { status: 'wait'; seconds: number }
  | { status: 'locked'; minutes: number }
  | { status: 'no_recipient' };

export type VerifyCodeResult =
  | { status: 'verified' }
  | { status: 'wrong'; triesLeft: number }
  | { status: 'expired' }
  | { status: 'locked'; minutes: number };

/** One-time codes for a share link (SPEC §9): mailed, hashed, short-lived, with a lock. */
export class ShareOtp {
  constructor(private readonly deps: { db: Database; clock: Clock; mail: MailPort; secret: Buffer }) {}

  private lockedMinutes(link: ShareLinkModel, now: number): number | undefined {
    if (link.lockedUntil === null || link.lockedUntil === undefined || link.lockedUntil <= now)
      return undefined;
    return Math.ceil((link.lockedUntil - now) / 60_000);
  }

  /** Mails a fresh code to the record's address, at most once a minute and not while locked. */
  async send(options: {
    link: ShareLinkModel;
    record: CrmRecordModel;
    settings: ShareSettingsModel;
    language: Language;
  }): Promise<SendCodeResult> {
    const { link } = options;
    const now = this.deps.clock.now();
    const minutes = this.lockedMinutes(link, now);
    if (minutes !== undefined) return { status: 'locked', minutes };
    if (link.otpSentAt !== null && link.otpSentAt !== undefined && now - link.otpSentAt < OTP_RESEND_MS) {
      return { status: 'wait', seconds: Math.ceil((OTP_RESEND_MS - (now - link.otpSentAt)) / 1000) };
    }
    const to = await recipientEmail(this.deps.db, options.record);
    if (!to) return { status: 'no_recipient' };
    const code = newOtpCode();
    // Resending does not reset the wrong-try count: only a correct code or the lock running out does.
    await link.update({
      otpHash: hashOtpCode({ secret: this.deps.secret, linkId: link.id, code }),
      otpExpiresAt: now + OTP_VALID_MS,
      otpSentAt: now,
    });
    const mail = otpMail({ code, language: options.language, orgName: options.settings.orgName });
    await this.deps.mail.send({ to: [to], subject: mail.subject, text: mail.text });
    return { status: 'sent', to };
  }

  /** Checks a code; the fifth wrong one locks the link for 15 minutes and voids the code. */
  async verify(options: { link: ShareLinkModel; code: string }): Promise<VerifyCodeResult> {
    const { link } = options;
    const now = this.deps.clock.now();
    const minutes = this.lockedMinutes(link, now);
    if (minutes !== undefined) return { status: 'locked', minutes };
    if (
      !link.otpHash ||
      link.otpExpiresAt === null ||
      link.otpExpiresAt === undefined ||
      link.otpExpiresAt <= now
    ) {
      return { status: 'expired' };
    }
    const code = options.code.replace(/\s+/g, '');
    const candidate = hashOtpCode({ secret: this.deps.secret, linkId: link.id, code });
    if (/^\d{6}$/.test(code) && sameDigest(candidate, link.otpHash)) {
      await link.update({ otpHash: null, otpExpiresAt: null, otpFailures: 0, lockedUntil: null });
      return { status: 'verified' };
    }
    await link.increment('otpFailures');
    await link.reload();
    if (link.otpFailures >= OTP_MAX_FAILURES) {
      await link.update({
        otpFailures: 0,
        otpHash: null,
        otpExpiresAt: null,
        lockedUntil: now + OTP_LOCK_MS,
      });
      return { status: 'locked', minutes: OTP_LOCK_MS / 60_000 };
    }
    return { status: 'wrong', triesLeft: OTP_MAX_FAILURES - link.otpFailures };
  }
}

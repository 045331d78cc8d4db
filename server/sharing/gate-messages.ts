import type { Language } from '../../runtime/model/localized';
import type { SendCodeResult, VerifyCodeResult } from './otp';

/** The sentence the code gate shows after sending or checking a code. */
export function gateMessage(options: {
  result: SendCodeResult | VerifyCodeResult;
  language: Language;
  maskedTo: string;
}): { text: string; error: boolean } {
  const { result, language } = options;
  const en = language === 'en';
  switch (result.status) {
    case 'sent':
      return {
        text: en
          ? `We sent a code to ${options.maskedTo}.`
          : `${options.maskedTo} に確認コードを送信しました。`,
        error: false,
      };
    case 'wait':
      return {
        text: en
          ? `Please wait ${result.seconds} seconds before asking for a new code.`
          : `新しいコードは ${result.seconds} 秒後に送信できます。`,
        error: true,
      };
    case 'locked':
      return {
        text: en
          ? `Too many wrong codes. Try again in ${result.minutes} minutes.`
          : `確認コードの誤りが多すぎます。${result.minutes} 分後に再度お試しください。`,
        error: true,
      };
    case 'no_recipient':
      return {
        text: en
          ? 'No e-mail address is registered for this page. Please contact the sender.'
          : 'このページにはメールアドレスが登録されていません。送信元にお問い合わせください。',
        error: true,
      };
    case 'wrong':
      return {
        text: en
          ? `The code is not correct (${result.triesLeft} tries left).`
          : `確認コードが正しくありません（残り ${result.triesLeft} 回）。`,
        error: true,
      };
    case 'expired':
      return {
        text: en
          ? 'The code has expired or was not requested. Send a new code.'
          : '確認コードの有効期限が切れているか、まだ送信されていません。新しいコードを送信してください。',
        error: true,
      };
    case 'verified':
      return { text: '', error: false };
  }
}

import type { Language } from '../../runtime/model/localized';

/** What the share dialog's composer starts with (the user may edit it before sending). */
export interface ShareMailDraft {
  to: string | null;
  subject: string;
  text: string;
}

/** The prefilled share e-mail: a greeting, the record's name and the link. */
export function shareMailDraft(options: {
  to: string | null;
  recordName: string;
  url: string;
  orgName: string | null;
  language: Language;
}): ShareMailDraft {
  const { recordName, url, orgName } = options;
  if (options.language === 'en') {
    return {
      to: options.to,
      subject: `Follow the progress of "${recordName}"`,
      text: `Hello,\n\nYou can follow the progress of "${recordName}" at any time on this page:\n${url}\n\n${orgName ?? ''}`.trimEnd(),
    };
  }
  return {
    to: options.to,
    subject: `「${recordName}」の進捗のご案内`,
    text: `いつもお世話になっております。\n\n「${recordName}」の進捗状況は、次のページからいつでもご確認いただけます。\n${url}\n\n${orgName ?? ''}`.trimEnd(),
  };
}

/** The one-time code mail, in the visitor's language. */
export function otpMail(options: { code: string; language: Language; orgName: string | null }): {
  subject: string;
  text: string;
} {
  const from = options.orgName ? ` (${options.orgName})` : '';
  if (options.language === 'en') {
    return {
      subject: `Your verification code${from}`,
      text: `Your verification code is ${options.code}\n\nIt is valid for 10 minutes. If you did not ask for it, ignore this mail.`,
    };
  }
  return {
    subject: `確認コード${from}`,
    text: `確認コードは ${options.code} です。\n\n有効期限は 10 分です。お心当たりがない場合は、このメールを破棄してください。`,
  };
}

import { createHash } from 'node:crypto';
import type { Language, Localized } from '../../runtime/model/localized';
import type { SharePageModel } from './page-model';

/** Escapes every character that could end a text node or an attribute. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Mobile first: one column, large tap targets, system fonts. Allowed by its hash in the CSP. */
const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Hiragino Sans","Noto Sans JP",sans-serif;color:#1f2933;background:#f5f7fa;line-height:1.6}
main{max-width:40rem;margin:0 auto;padding:1rem}
header{display:flex;align-items:center;gap:.75rem;margin-bottom:1rem}
header img{max-height:3rem;max-width:8rem}
.org{font-weight:600}
nav{margin-left:auto;font-size:.9rem}
nav a{color:#2563eb}
h1{font-size:1.4rem;margin:.25rem 0 1rem}
section{background:#fff;border-radius:.5rem;padding:1rem;margin-bottom:1rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}
h2{font-size:1rem;margin:0 0 .5rem;color:#52606d}
dl{margin:0;display:grid;grid-template-columns:minmax(6rem,35%) 1fr;gap:.4rem .75rem}
dt{color:#52606d}
dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.stage{display:inline-block;padding:.25rem .75rem;border-radius:999px;background:#dcfce7;color:#166534;font-weight:600}
ol{margin:0;padding-left:1.25rem}
form{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}
input[type=text]{font-size:1.25rem;letter-spacing:.3em;padding:.5rem;width:9rem}
button{font-size:1rem;padding:.6rem 1rem;border:0;border-radius:.4rem;background:#2563eb;color:#fff}
button.secondary{background:#e4e7eb;color:#1f2933}
.notice{padding:.5rem .75rem;border-radius:.4rem;background:#eff6ff}
.error{background:#fef2f2;color:#991b1b}
footer{font-size:.8rem;color:#7b8794;text-align:center}
`.trim();

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** The share page's own CSP: no script at all, this stylesheet only, images from here. */
export const SHARE_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const T = {
  stage: { ja: '現在のステータス', en: 'Current status' },
  details: { ja: '詳細', en: 'Details' },
  history: { ja: 'ステータスの履歴', en: 'Status history' },
  contact: { ja: 'ご連絡先', en: 'Contact' },
  updated: { ja: '最終更新', en: 'Last updated' },
  fallbackTitle: { ja: '進捗状況', en: 'Progress' },
  gateTitle: { ja: '本人確認', en: 'Verification' },
  gateIntro: {
    ja: 'このページを表示するには、登録されたメールアドレスに送信される確認コードが必要です。',
    en: 'To open this page, enter the verification code we send to the registered e-mail address.',
  },
  sendCode: { ja: '確認コードを送信', en: 'Send code' },
  resend: { ja: 'コードを再送信', en: 'Send a new code' },
  code: { ja: '確認コード（6 桁）', en: 'Verification code (6 digits)' },
  verify: { ja: '確認', en: 'Verify' },
  goneTitle: { ja: 'このページは利用できません', en: 'This page is no longer available' },
  goneText: {
    ja: 'このリンクは共有が解除されたため、表示できなくなりました。',
    en: 'This link has been withdrawn and no longer shows any information.',
  },
  notFoundTitle: { ja: 'ページが見つかりません', en: 'Page not found' },
  notFoundText: { ja: 'リンクが正しいかご確認ください。', en: 'Please check that the link is complete.' },
  tooManyTitle: { ja: 'アクセスが集中しています', en: 'Too many requests' },
  tooManyText: {
    ja: 'しばらく待ってから再度お試しください。',
    en: 'Please wait a moment and try again.',
  },
} satisfies Record<string, Localized>;

function layout(options: { language: Language; title: string; body: string; switchHref?: string }): string {
  const { language } = options;
  const other: Language = language === 'ja' ? 'en' : 'ja';
  const switcher =
    options.switchHref === undefined
      ? ''
      : `<nav><a href="${escapeHtml(options.switchHref)}?lang=${other}" lang="${other}" hreflang="${other}">${
          other === 'en' ? 'English' : '日本語'
        }</a></nav>`;
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(options.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${switcher}
${options.body}
</main>
</body>
</html>`;
}

function header(options: { model: Pick<SharePageModel, 'orgName' | 'hasLogo'>; path: string }): string {
  const logo = options.model.hasLogo ? `<img src="${escapeHtml(options.path)}/logo" alt="">` : '';
  const org = options.model.orgName ? `<span class="org">${escapeHtml(options.model.orgName)}</span>` : '';
  return logo || org ? `<header>${logo}${org}</header>` : '';
}

function definitionList(fields: Array<{ label: Localized; value: string }>, language: Language): string {
  const rows = fields
    .map((field) => `<dt>${escapeHtml(field.label[language])}</dt><dd>${escapeHtml(field.value) || '—'}</dd>`)
    .join('');
  return `<dl>${rows}</dl>`;
}

/** The record's page: heading, current stage, permitted fields, contact, history. */
export function renderSharePage(options: {
  model: SharePageModel;
  language: Language;
  path: string;
}): string {
  const { model, language, path } = options;
  const title = model.pageTitle ?? model.heading ?? T.fallbackTitle[language];
  const parts: string[] = [header({ model, path })];
  if (model.pageTitle) parts.push(`<p class="org">${escapeHtml(model.pageTitle)}</p>`);
  parts.push(`<h1>${escapeHtml(model.heading ?? T.fallbackTitle[language])}</h1>`);
  if (model.stage !== null) {
    parts.push(
      `<section><h2>${T.stage[language]}</h2><span class="stage" id="stage">${escapeHtml(model.stage)}</span></section>`,
    );
  }
  if (model.fields.length > 0) {
    parts.push(
      `<section id="fields"><h2>${T.details[language]}</h2>${definitionList(model.fields, language)}</section>`,
    );
  }
  if (model.contact && model.contact.length > 0) {
    parts.push(
      `<section id="contact"><h2>${T.contact[language]}</h2>${definitionList(model.contact, language)}</section>`,
    );
  }
  if (model.history && model.history.length > 0) {
    const items = model.history
      .map((entry) => `<li><time>${escapeHtml(entry.at)}</time> ${escapeHtml(entry.stage)}</li>`)
      .join('');
    parts.push(`<section id="history"><h2>${T.history[language]}</h2><ol>${items}</ol></section>`);
  }
  return layout({ language, title, body: parts.join('\n'), switchHref: path });
}

/** The code gate of an OTP link: send a code, then enter it. */
export function renderGatePage(options: {
  language: Language;
  path: string;
  orgName: string | null;
  hasLogo: boolean;
  maskedEmail: string | null;
  message?: { text: string; error: boolean };
  codeSent: boolean;
}): string {
  const { language, path } = options;
  const lang = `<input type="hidden" name="lang" value="${language}">`;
  const message = options.message
    ? `<p class="notice${options.message.error ? ' error' : ''}" role="status">${escapeHtml(options.message.text)}</p>`
    : '';
  const to = options.maskedEmail ? `<p>${escapeHtml(options.maskedEmail)}</p>` : '';
  const body = `${header({ model: options, path })}
<h1>${T.gateTitle[language]}</h1>
<section>
<p>${T.gateIntro[language]}</p>
${to}
${message}
<form method="post" action="${escapeHtml(path)}/code">${lang}<button type="submit" class="${
    options.codeSent ? 'secondary' : ''
  }">${options.codeSent ? T.resend[language] : T.sendCode[language]}</button></form>
<form method="post" action="${escapeHtml(path)}/verify">${lang}<label>${T.code[language]}<br><input type="text" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required></label><button type="submit">${T.verify[language]}</button></form>
</section>`;
  return layout({ language, title: T.gateTitle[language], body, switchHref: path });
}

/** A plain page with a title and a sentence (410, 404, 429). */
export function renderNotice(options: { language: Language; kind: 'gone' | 'notFound' | 'tooMany' }): string {
  const { language } = options;
  const [title, text] =
    options.kind === 'gone'
      ? [T.goneTitle, T.goneText]
      : options.kind === 'notFound'
        ? [T.notFoundTitle, T.notFoundText]
        : [T.tooManyTitle, T.tooManyText];
  return layout({
    language,
    title: title[language],
    body: `<h1>${title[language]}</h1><section><p>${text[language]}</p></section>`,
  });
}

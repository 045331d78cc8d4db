import type { Language } from '../../runtime/model/localized';

const TEXT = {
  ja: {
    title: 'Musubi サーバーは動いています',
    body: 'エディターはまだビルドされていません。API は使えます。',
    health: '稼働確認 (/healthz)',
    nodes: 'ノードの種類 (/api/node-types)',
    api: 'API 仕様 (/api/openapi.json)',
    other: 'English',
  },
  en: {
    title: 'The Musubi server is running',
    body: 'The editor has not been built yet. The API is available.',
    health: 'Health check (/healthz)',
    nodes: 'Node types (/api/node-types)',
    api: 'API description (/api/openapi.json)',
    other: '日本語',
  },
} as const;

/** The page `/` shows until the editor bundle exists, in the visitor's language (both on the page). */
export function placeholderPage(lang: Language): string {
  const t = TEXT[lang];
  const other = lang === 'ja' ? TEXT.en : TEXT.ja;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Musubi</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.6}</style>
</head>
<body>
<h1>${t.title}</h1>
<p>${t.body}</p>
<ul>
<li><a href="/healthz">${t.health}</a></li>
<li><a href="/api/node-types">${t.nodes}</a></li>
<li><a href="/api/openapi.json">${t.api}</a></li>
</ul>
<hr>
<p lang="${lang === 'ja' ? 'en' : 'ja'}"><strong>${other.title}</strong> — ${other.body}</p>
</body>
</html>
`;
}

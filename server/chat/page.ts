import type { Language } from '../../runtime/model/localized';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The hosted full-page chat `/chat/<botId>`: the widget script in page mode, nothing else. */
export function hostedChatPage(input: { botId: string; language: Language }): string {
  const title = input.language === 'en' ? 'Chat' : 'チャット';
  return `<!doctype html>
<html lang="${input.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>html, body { margin: 0; padding: 0; background: #eef0f4; }</style>
</head>
<body>
<script src="/widget.js" data-bot="${escapeHtml(input.botId)}" data-mode="page"></script>
</body>
</html>
`;
}

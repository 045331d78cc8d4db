import { loadConfig } from '../config';
import { buildEditorIfStale } from '../http/editor-build';
import { main } from '../main';
import { parseCommandArgs } from './support/command';
import type { CliCommand } from './support/command';

/** `musubi start`: the server (API, editor, triggers) until SIGTERM / SIGINT. */
export const command: CliCommand = {
  name: 'start',
  summary: { ja: 'サーバーを起動する', en: 'Start the server' },
  usage: 'musubi start',
  details: {
    ja: [
      '環境変数: PORT (3000), HOST (127.0.0.1), PUBLIC_URL, MUSUBI_DATA_DIR (./data), DATABASE_URL,',
      'MUSUBI_SECRET, SMTP_URL, MAIL_FROM, MUSUBI_OWNER_EMAIL / MUSUBI_OWNER_PASSWORD, LOG_LEVEL,',
      'MUSUBI_ROLE (all / web / worker / scheduler), MUSUBI_QUEUE（PostgreSQL では pgboss、SQLite では table）。',
      'SIGTERM / Ctrl+C で処理中のリクエストを終えてから停止します。',
    ].join('\n'),
    en: [
      'Environment: PORT (3000), HOST (127.0.0.1), PUBLIC_URL, MUSUBI_DATA_DIR (./data), DATABASE_URL,',
      'MUSUBI_SECRET, SMTP_URL, MAIL_FROM, MUSUBI_OWNER_EMAIL / MUSUBI_OWNER_PASSWORD, LOG_LEVEL,',
      'MUSUBI_ROLE (all / web / worker / scheduler), MUSUBI_QUEUE (pgboss on PostgreSQL, table on SQLite).',
      'SIGTERM / Ctrl+C finish the requests in flight, then stop.',
    ].join('\n'),
  },
  async run(ctx) {
    parseCommandArgs({ command, args: ctx.args, options: {} });
    // MUSUBI_EDITOR_BUILD=skip: for processes that only serve the API (tests, benchmarks, workers).
    if (ctx.env.MUSUBI_EDITOR_BUILD !== 'skip') {
      const built = await buildEditorIfStale({
        onBuildStart: () =>
          ctx.stdout(ctx.lang === 'en' ? 'Building the editor…' : 'エディターをビルドしています…'),
      });
      if (built === 'unavailable') {
        ctx.stdout(
          ctx.lang === 'en'
            ? 'The editor is not built and Vite is not installed: run npm install (with dev dependencies).'
            : 'エディターが未ビルドで Vite もありません。npm install（開発用依存を含む）を実行してください。',
        );
      }
    }
    await main({ config: loadConfig(ctx.env), print: (line) => ctx.stdout(line) });
    // Everything is closed; should a stray handle keep the process alive, do not hang on it.
    setTimeout(() => process.exit(0), 2000).unref();
    return 0;
  },
};

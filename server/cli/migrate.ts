import { loadConfig } from '../config';
import { migrate, migrationStatus, openDatabase } from '../db/index';
import { parseCommandArgs } from './support/command';
import type { CliCommand } from './support/command';

/** `musubi migrate [--status]`: brings the database schema up to date (start does this too). */
export const command: CliCommand = {
  name: 'migrate',
  summary: { ja: 'データベースを最新の形にする', en: 'Bring the database schema up to date' },
  usage: 'musubi migrate [--status]',
  details: {
    ja: '--status  実行済みと未実行のマイグレーションを表示するだけ\nDATABASE_URL / MUSUBI_DATA_DIR のデータベースを使います。',
    en: '--status  only list the migrations that ran and those waiting\nUses the database of DATABASE_URL / MUSUBI_DATA_DIR.',
  },
  async run(ctx) {
    const { values } = parseCommandArgs({
      command,
      args: ctx.args,
      options: { status: { type: 'boolean' } },
    });
    const config = loadConfig(ctx.env);
    const db = await openDatabase({ url: config.databaseUrl });
    try {
      if (values.status === true) {
        const { executed, pending } = await migrationStatus(db);
        for (const name of executed) ctx.stdout(`up       ${name}`);
        for (const name of pending) ctx.stdout(`pending  ${name}`);
        return 0;
      }
      const ran = await migrate(db);
      if (ran.length === 0)
        ctx.stdout(ctx.lang === 'ja' ? 'データベースは最新です。' : 'The database is up to date.');
      for (const name of ran) ctx.stdout(`${ctx.lang === 'ja' ? '実行' : 'ran'}  ${name}`);
      return 0;
    } finally {
      await db.close();
    }
  },
};

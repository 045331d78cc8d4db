import { createApp } from '../app';
import { loadConfig } from '../config';
import { migrate, openDatabase } from '../db/index';
import { executionForApp } from '../execution/app-wiring';
import { createServices } from '../services';
import { CliError, parseCommandArgs } from './support/command';
import type { CliCommand } from './support/command';

/**
 * `musubi worker`: executes queued runs, wakes due waits and reaps dead leases, without serving
 * HTTP. Several workers (and `musubi start` with MUSUBI_ROLE=web) share one Postgres database.
 */
export const command: CliCommand = {
  name: 'worker',
  summary: { ja: '実行ワーカーを起動する（HTTP なし）', en: 'Start a run worker (no HTTP)' },
  usage: 'musubi worker [--concurrency N]',
  details: {
    ja: [
      'キューに入った実行を処理します。DATABASE_URL（複数台なら PostgreSQL）を web プロセスと共有します。',
      '--concurrency N（または MUSUBI_CONCURRENCY）: 同時に実行する数（既定 100）。',
      'MUSUBI_QUEUE: PostgreSQL では既定で pgboss（pg-boss から取得）、SQLite では table。',
      'PostgreSQL でも MUSUBI_QUEUE=table でジョブテーブルを使えます（全プロセスで同じ値に）。',
      'SIGTERM / Ctrl+C で実行中のものを終えるか、キューに戻してから停止します。',
    ].join('\n'),
    en: [
      'Executes queued runs. Shares DATABASE_URL (PostgreSQL for several machines) with the web processes.',
      '--concurrency N (or MUSUBI_CONCURRENCY): runs at once (default 100).',
      'MUSUBI_QUEUE: pgboss by default on PostgreSQL (fetches from pg-boss), table on SQLite;',
      'MUSUBI_QUEUE=table keeps the jobs table on PostgreSQL too (set the same on every process).',
      'SIGTERM / Ctrl+C let running runs finish or hand them back to the queue, then stop.',
    ].join('\n'),
  },
  async run(ctx) {
    const { values } = parseCommandArgs({
      command,
      args: ctx.args,
      options: { concurrency: { type: 'string' } },
    });
    const concurrency = values.concurrency;
    if (concurrency !== undefined && !/^[1-9]\d*$/.test(concurrency)) {
      throw new CliError({
        ja: `--concurrency には 1 以上の整数を指定してください（「${concurrency}」）。`,
        en: `--concurrency needs a whole number above 0 (got "${concurrency}").`,
      });
    }
    const config = { ...loadConfig(ctx.env), role: 'worker' as const };
    const db = await openDatabase({ url: config.databaseUrl });
    await migrate(db);
    const services = createServices({ db, config });
    // Building the app (without listening) wires every feature's ports into the execution layer.
    createApp({ db, config, services, editor: { kind: 'missing' } });
    const execution = executionForApp({ db, config, services });
    // The flag wins over MUSUBI_CONCURRENCY.
    if (concurrency !== undefined) execution.context.settings.concurrency = Number(concurrency);
    await services.lifecycle.start();
    ctx.stdout(
      `Musubi worker is running (concurrency ${execution.context.settings.concurrency})  (ワーカーが起動しました)`,
    );
    // The execution loops' timers do not hold the process open (a server's socket does): this does.
    const keepAlive = setInterval(() => undefined, 60_000);
    await new Promise<void>((resolve) => {
      const onSignal = (): void => {
        clearInterval(keepAlive);
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        resolve();
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    });
    ctx.stdout('Stopping… (停止しています…)');
    await services.lifecycle.stop();
    services.mail.close();
    await db.close();
    ctx.stdout('Stopped. (停止しました)');
    setTimeout(() => process.exit(0), 2000).unref();
    return 0;
  },
};

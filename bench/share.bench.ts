/**
 * Share page throughput: `npm run bench:share` (`-- --quick` for a short run).
 * Serves an open-access share page of a real ticket (SQLite, permissions, stage history, every
 * value escaped) and, as the baseline in the same run, a bare Express static HTML file of the same
 * size. autocannon (a child process) hits each with 50 connections; prints req/s, p50, p99 and the
 * ratio against the targets (≥ 70 % of the baseline's req/s, p99 < 20 ms). The share router runs
 * with its rate limits raised: the bench measures the page, not the limiter.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import cookieParser from 'cookie-parser';
import express from 'express';
import { isRecord } from '../runtime/engine/registry';
import { silentLogger } from '../runtime/ports/logger';
import { loadConfig } from '../server/config';
import { SYSTEM_ACTOR } from '../server/crm/actor';
import { PipelineService } from '../server/crm/pipelines';
import { RecordService } from '../server/crm/records';
import { migrate, openDatabase } from '../server/db/index';
import { sharePageRoutes } from '../server/public/share-page';
import { createServices } from '../server/services';
import { createSharing } from '../server/sharing/index';

const quick = process.argv.includes('--quick');
const seconds = quick ? 4 : 10;
const connections = 50;
const run = promisify(execFile);

interface Result {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

function numberAt(value: unknown, key: string): number {
  const found = isRecord(value) ? value[key] : undefined;
  return typeof found === 'number' ? found : Number.NaN;
}

/** Runs the autocannon CLI against a URL and reads its JSON summary. */
async function cannon(url: string, duration: number): Promise<Result> {
  const bin = path.join(process.cwd(), 'node_modules/.bin/autocannon');
  const { stdout } = await run(bin, ['-c', String(connections), '-d', String(duration), '--json', url], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const summary: unknown = JSON.parse(stdout);
  const requests = isRecord(summary) ? summary.requests : undefined;
  const latency = isRecord(summary) ? summary.latency : undefined;
  return {
    rps: numberAt(requests, 'average'),
    p50: numberAt(latency, 'p50'),
    p99: numberAt(latency, 'p99'),
    errors: numberAt(summary, 'errors'),
    non2xx: numberAt(summary, 'non2xx'),
  };
}

function listen(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => {
          server.closeAllConnections();
          return new Promise((done) => server.close(() => done()));
        },
      });
    });
  });
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musubi-bench-share-'));
  const db = await openDatabase({ url: `sqlite:${path.join(dir, 'musubi.sqlite')}` });
  await migrate(db);
  const config = loadConfig({ MUSUBI_DATA_DIR: dir, MUSUBI_SECRET: 'ab'.repeat(32), LOG_LEVEL: 'silent' });
  const services = createServices({ db, config, logger: silentLogger });

  const pipeline = await new PipelineService(db).create({
    module: 'tickets',
    name: 'サポート',
    stages: [{ name: '受付' }, { name: '対応中' }, { name: '確認待ち' }, { name: '完了' }],
    customFields: [{ key: 'order_no', label: { ja: '注文番号', en: 'Order number' }, type: 'text' }],
  });
  const records = new RecordService({ db, clock: services.clock, logger: silentLogger });
  const ticket = await records.create({
    module: 'tickets',
    input: {
      name: '商品が届かない <至急>',
      pipelineId: pipeline.id,
      stageId: pipeline.stages[0]?.id,
      description: '注文した商品がまだ届いていません。'.repeat(8),
      priority: 'high',
      classification: '配送',
      customFields: { order_no: 'A-1001' },
    },
    actor: SYSTEM_ACTOR,
  });
  for (const stage of pipeline.stages.slice(1, 3)) {
    await records.moveStage({ module: 'tickets', id: ticket.id, stageId: stage.id, actor: SYSTEM_ACTOR });
  }
  const sharing = createSharing({
    db,
    clock: services.clock,
    mail: services.mail,
    publicUrl: config.publicUrl,
    secret: config.secretKey,
  });
  await sharing.links.setPipelineEnabled(pipeline.id, true);
  await sharing.settings.update(pipeline.id, {
    access: 'open',
    fields: ['number', 'name', 'stageId', 'description', 'priority', 'classification', 'custom.order_no'],
    orgName: 'ムスビ商事',
    pageTitle: 'お問い合わせ状況',
  });
  const { url: shareUrl } = await sharing.links.share({
    recordId: ticket.id,
    actor: { userId: null, label: 'bench' },
    language: 'ja',
  });
  const sharePath = new URL(shareUrl).pathname;

  const shareApp = express();
  shareApp.disable('x-powered-by');
  shareApp.use(cookieParser());
  shareApp.use(
    sharePageRoutes({
      db,
      config,
      services,
      sharing,
      limits: { perIpPerMinute: 1e9, perLinkPerMinute: 1e9 },
    }),
  );
  const shareServer = await listen(shareApp);
  const page = await fetch(`${shareServer.url}${sharePath}`, { headers: { 'Accept-Language': 'ja' } });
  const html = await page.text();
  if (page.status !== 200) throw new Error(`share page answered ${page.status}`);

  const staticDir = path.join(dir, 'static');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'page.html'), html);
  const staticApp = express();
  staticApp.disable('x-powered-by');
  staticApp.use(express.static(staticDir));
  const staticServer = await listen(staticApp);

  // Warm both up (JIT, SQLite page cache) before measuring.
  await cannon(`${staticServer.url}/page.html`, 1);
  await cannon(`${shareServer.url}${sharePath}`, 1);
  const baseline = await cannon(`${staticServer.url}/page.html`, seconds);
  const share = await cannon(`${shareServer.url}${sharePath}`, seconds);

  const ratio = share.rps / baseline.rps;
  const row = (name: string, r: Result) =>
    `${name.padEnd(28)} ${r.rps.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(
      r.p99,
    ).padStart(4)} ms   errors ${r.errors + r.non2xx}`;
  console.log(`share page bench: ${connections} connections, ${seconds} s each, page ${html.length} bytes`);
  console.log(row('static HTML (baseline)', baseline));
  console.log(row('share page (open access)', share));
  console.log(
    `ratio ${(ratio * 100).toFixed(1)} % of baseline (target ≥ 70 %: ${ratio >= 0.7 ? 'met' : 'NOT met'}); p99 ${share.p99} ms (target < 20 ms: ${
      share.p99 < 20 ? 'met' : 'NOT met'
    })`,
  );

  await shareServer.close();
  await staticServer.close();
  // Requests autocannon left in flight finish their queries before the database closes.
  await new Promise((resolve) => setTimeout(resolve, 500));
  services.mail.close();
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

await main();

/**
 * Scale-out: `npm run bench:scale` (`-- --runs 2000`, `-- --queue table|pgboss`, `-- --quick`).
 * The webhook workflow of bench:webhook (webhook → set → condition → respond), answered `async`
 * (202 once the run is accepted, so the figure is what the workers execute, not how often a web
 * process polls for a sync answer), run three ways in one go:
 *   1. SQLite, one process (`musubi start`, MUSUBI_ROLE=all): the baseline;
 *   2. Postgres, 1 web + 1 worker;
 *   3. Postgres, 1 web + 2 workers.
 * Each gets a fixed number of webhooks from autocannon (its own process, 50 connections), and is
 * measured from the run history: runs/s = runs / (last finished − first started), and the p50 /
 * p99 of each run's time from accepted to finished. Prints the three with their ratios.
 * Postgres: MUSUBI_BENCH_POSTGRES_URL or MUSUBI_TEST_POSTGRES_URL (a database is created and dropped).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { QueryTypes } from 'sequelize';
import { openDatabase } from '../server/db/index';
import type { WorkflowDocument, WorkflowNode } from '../runtime/model/workflow';
import { Cluster, type MusubiProcess, type QueueKind } from '../tests/server/scale/support/cluster';
import { createFreshDatabase } from '../tests/server/support/postgres';
import { seedDatabase } from '../tests/server/scale/support/workflows';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);
const args = process.argv.slice(2);
const argValue = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const RUNS = Number(argValue('--runs') ?? (args.includes('--quick') ? 1000 : 3000));
const QUEUE: QueueKind = argValue('--queue') === 'table' ? 'table' : 'pgboss';
const CONNECTIONS = 50;
const WORKER_CONCURRENCY = 50;
/** A configuration that has not finished its runs by then is reported as such (bounded load). */
const FINISH_TIMEOUT_MS = 180_000;
const ADMIN_URL =
  process.env.MUSUBI_BENCH_POSTGRES_URL ??
  process.env.MUSUBI_TEST_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
const BODY = JSON.stringify({ name: 'Hanako', order: 42 });

function node(id: string, type: string, config: Record<string, unknown>): WorkflowNode {
  return { id, type, typeVersion: 1, position: { x: 0, y: 0 }, label: id, config };
}

/** bench:webhook's flow, answered async. */
const flow: WorkflowDocument = {
  schemaVersion: 1,
  id: 'bench-scale',
  name: 'bench-scale',
  settings: {},
  nodes: [
    node('hook', 'trigger.webhook', { path: 'bench', responseMode: 'async' }),
    node('set', 'logic.set', { assignments: [{ name: 'name', value: '{{ trigger.body.name }}' }] }),
    node('check', 'logic.condition', {
      conditions: { combinator: 'all', rules: [{ left: '{{ vars.name }}', operator: 'is_not_empty' }] },
    }),
    node('ok', 'logic.respond', { status: 200, body: '{"hello": "{{ vars.name }}"}' }),
    node('missing', 'logic.respond', { status: 422, body: '{"error": "name is required"}' }),
  ],
  edges: [
    { id: 'e1', source: 'hook', sourceHandle: 'next', target: 'set' },
    { id: 'e2', source: 'set', sourceHandle: 'next', target: 'check' },
    { id: 'e3', source: 'check', sourceHandle: 'true', target: 'ok' },
    { id: 'e4', source: 'check', sourceHandle: 'false', target: 'missing' },
  ],
  notes: [],
};

interface Measured {
  label: string;
  accepted: number;
  finished: number;
  runsPerSecond: number;
  p50: number;
  p99: number;
  acceptPerSecond: number;
}

/** autocannon posts exactly `RUNS` webhooks over 50 connections; returns the 2xx count and req/s. */
async function load(url: string): Promise<{ accepted: number; perSecond: number }> {
  const { stdout } = await run(
    path.join(ROOT, 'node_modules/.bin/autocannon'),
    [
      '-c',
      String(CONNECTIONS),
      '-a',
      String(RUNS),
      '-m',
      'POST',
      '-H',
      'content-type=application/json',
      '-b',
      BODY,
      '--json',
      `${url}/webhook/bench`,
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const result = JSON.parse(stdout) as { requests: { average: number }; '2xx': number };
  return { accepted: result['2xx'], perSecond: Math.round(result.requests.average) };
}

/** Waits for the runs to finish, then reads their times from the history. */
async function measure(input: {
  label: string;
  databaseUrl: string;
  accepted: number;
  acceptPerSecond: number;
}): Promise<Measured> {
  const db = await openDatabase({ url: input.databaseUrl });
  try {
    const deadline = Date.now() + FINISH_TIMEOUT_MS;
    let rows: Array<{ started_at: string | number; finished_at: string | number }> = [];
    for (;;) {
      rows = await db.sequelize.query(
        "SELECT started_at, finished_at FROM runs WHERE workflow_id = 'bench-scale' AND status = 'succeeded'",
        { type: QueryTypes.SELECT },
      );
      if (rows.length >= input.accepted || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const started = rows.map((row) => Number(row.started_at));
    const finished = rows.map((row) => Number(row.finished_at));
    const latencies = rows
      .map((row) => Number(row.finished_at) - Number(row.started_at))
      .sort((a, b) => a - b);
    const span = (Math.max(...finished) - Math.min(...started)) / 1000;
    const pick = (q: number): number =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    return {
      label: input.label,
      accepted: input.accepted,
      finished: rows.length,
      runsPerSecond: rows.length / span,
      p50: pick(0.5),
      p99: pick(0.99),
      acceptPerSecond: input.acceptPerSecond,
    };
  } finally {
    await db.close();
  }
}

async function warm(web: MusubiProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`${web.url}/webhook/bench`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: BODY,
    }).catch(() => undefined);
    if (res?.status === 202) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${web.name} does not answer the webhook:\n${web.output()}`);
}

async function sqliteSingle(): Promise<Measured> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musubi-bench-scale-'));
  const url = `sqlite:${path.join(dir, 'musubi.sqlite')}`;
  const cluster = new Cluster({ databaseUrl: url, queue: 'table', env: { LOG_LEVEL: 'error' } });
  try {
    await seedDatabase(url, [flow]);
    const single = await cluster.single({ MUSUBI_CONCURRENCY: String(WORKER_CONCURRENCY) });
    await warm(single);
    const sent = await load(single.url ?? '');
    return await measure({
      label: 'SQLite, 1 process',
      databaseUrl: url,
      accepted: sent.accepted + 1,
      acceptPerSecond: sent.perSecond,
    });
  } finally {
    await cluster.stopAll();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function postgres(workers: number): Promise<Measured> {
  const database = await createFreshDatabase(ADMIN_URL, 'musubi_bench');
  const cluster = new Cluster({ databaseUrl: database.url, queue: QUEUE, env: { LOG_LEVEL: 'error' } });
  try {
    await seedDatabase(database.url, [flow]);
    const [web] = await Promise.all([
      cluster.web(),
      ...Array.from({ length: workers }, () => cluster.worker({ concurrency: WORKER_CONCURRENCY })),
    ]);
    if (!web) throw new Error('no web process');
    await warm(web);
    const sent = await load(web.url ?? '');
    return await measure({
      label: `Postgres ${QUEUE}, 1 web + ${workers} worker${workers > 1 ? 's' : ''}`,
      databaseUrl: database.url,
      accepted: sent.accepted + 1,
      acceptPerSecond: sent.perSecond,
    });
  } finally {
    await cluster.stopAll();
    await database.drop();
  }
}

function row(cells: Array<string | number>): string {
  return cells.map((cell, i) => (i === 0 ? String(cell).padEnd(34) : String(cell).padStart(11))).join('');
}

async function main(): Promise<void> {
  console.log(
    `Scale-out benchmark: ${RUNS} webhooks per setup, ${CONNECTIONS} connections, worker concurrency ${WORKER_CONCURRENCY}, ` +
      `${os.cpus().length} CPUs, Node ${process.version}, ${new Date().toISOString()}`,
  );
  const results: Measured[] = [];
  results.push(await sqliteSingle());
  results.push(await postgres(1));
  results.push(await postgres(2));
  const [base, one, two] = results;
  console.log('');
  console.log(row(['', 'runs/s', 'p50 ms', 'p99 ms', 'accept/s', 'finished', 'vs SQLite']));
  for (const r of results) {
    console.log(
      row([
        r.label,
        r.runsPerSecond.toFixed(0),
        r.p50,
        r.p99,
        r.acceptPerSecond,
        `${r.finished}/${r.accepted}`,
        base ? (r.runsPerSecond / base.runsPerSecond).toFixed(2) : '-',
      ]),
    );
  }
  if (one && two) {
    console.log('');
    console.log(
      `2 workers / 1 worker: ${(two.runsPerSecond / one.runsPerSecond).toFixed(2)}× (target ≥ 1.6× when cores allow)`,
    );
  }
  if (results.some((r) => r.finished < r.accepted)) {
    console.error('Some accepted webhooks did not finish within the time limit.');
    process.exitCode = 1;
  }
}

await main();

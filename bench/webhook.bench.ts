/**
 * Webhook-triggered runs: `npm run bench:webhook` (`-- --quick` for 3 s per step, `-- --duration 5`).
 * Starts the real server (`musubi start`, SQLite, run history saved) on a temp data folder with one
 * active workflow: webhook (sync) → set → condition → respond. Loads it with autocannon (its own
 * process) at 1, 10 and 50 connections; then loads a bare Express endpoint doing the same JSON work
 * the same way. Prints req/s, p50, p99, errors and RSS for both and their ratio, the idle RSS, and
 * the time from process start to the first answered webhook. Checks every answered call left a run.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { QueryTypes } from 'sequelize';
import { migrate, openDatabase } from '../server/db/index';
import type { WorkflowDocument, WorkflowNode } from '../runtime/model/workflow';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);
const args = process.argv.slice(2);
const durationArg = args.indexOf('--duration');
const DURATION_S = durationArg >= 0 ? Number(args[durationArg + 1]) : args.includes('--quick') ? 3 : 10;
const CONNECTIONS = [1, 10, 50];
const BODY = JSON.stringify({ name: 'Hanako', order: 42 });

function node(id: string, type: string, config: Record<string, unknown>): WorkflowNode {
  return { id, type, typeVersion: 1, position: { x: 0, y: 0 }, label: id, config };
}

/** The benchmarked flow: webhook (sync) → set → condition → respond. */
const flow: WorkflowDocument = {
  schemaVersion: 1,
  id: 'bench-webhook',
  name: 'bench-webhook',
  settings: {},
  nodes: [
    node('hook', 'trigger.webhook', { path: 'bench', responseMode: 'sync' }),
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

/** The same JSON work with nothing else: parse, set, check, answer. */
const BARE_EXPRESS = `
import express from 'express';
const app = express();
app.post('/bench', express.json(), (req, res) => {
  const vars = { name: req.body?.name };
  if (vars.name) res.status(200).json({ hello: vars.name });
  else res.status(422).json({ error: 'name is required' });
});
const server = app.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
`;

function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) resolve(match);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`exited (${code}):\n${output}`)));
  });
}

async function prepareDataDir(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musubi-bench-'));
  const db = await openDatabase({ url: `sqlite:${path.join(dir, 'musubi.sqlite')}` });
  await migrate(db);
  await db.models.Workflow.create({ id: flow.id, name: flow.name, draft: flow });
  await db.models.WorkflowVersion.create({ workflowId: flow.id, version: 1, document: flow });
  await db.models.Workflow.update(
    { active: true, activeVersion: 1, latestVersion: 1 },
    { where: { id: flow.id } },
  );
  // Keep every run: the check at the end counts them (the default keeps the newest 10,000).
  await db.models.Setting.create({ key: 'executions.retention', value: { maxCount: 100_000_000 } });
  await db.close();
  return dir;
}

/** Starts `musubi start`; resolves with the time from spawn to the first answered webhook. */
async function startMusubi(
  dataDir: string,
): Promise<{ child: ChildProcess; url: string; firstAnswerMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/musubi.js'), 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      MUSUBI_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      // The limiter stays on (its cost is measured) but high enough for one client at full speed.
      MUSUBI_WEBHOOK_RATE_LIMIT: '100000000',
      // Cold start is measured for the server, not for a first editor build.
      MUSUBI_EDITOR_BUILD: 'skip',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const match = await waitForLine(child, /running at (http:\/\/127\.0\.0\.1:\d+)/);
  const url = match[1] ?? '';
  for (;;) {
    const res = await fetch(`${url}/webhook/bench`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: BODY,
    }).catch(() => undefined);
    if (res?.status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { child, url, firstAnswerMs: Math.round(performance.now() - started) };
}

async function startBare(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', BARE_EXPRESS], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const match = await waitForLine(child, /listening (\d+)/);
  return { child, url: `http://127.0.0.1:${match[1]}` };
}

interface LoadResult {
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  answered: number;
  rssMb: number;
}

/** One autocannon run (a child process) while sampling the server's RSS. */
async function load(input: { url: string; connections: number; pid: number }): Promise<LoadResult> {
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(input.pid))), 250);
  const bin = path.join(ROOT, 'node_modules/.bin/autocannon');
  const { stdout } = await run(
    bin,
    [
      '-c',
      String(input.connections),
      '-d',
      String(DURATION_S),
      '-m',
      'POST',
      '-H',
      'content-type=application/json',
      '-b',
      BODY,
      '--json',
      input.url,
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  clearInterval(sampler);
  const result = JSON.parse(stdout) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
  };
  return {
    connections: input.connections,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    answered: result['2xx'],
    rssMb: Math.max(peak, rssMb(input.pid)),
  };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function storedRuns(dataDir: string): Promise<{ runs: number; steps: number; bytes: number }> {
  const file = path.join(dataDir, 'musubi.sqlite');
  const db = await openDatabase({ url: `sqlite:${file}` });
  const [runs] = await db.sequelize.query<{ n: number }>(
    "SELECT COUNT(*) AS n FROM runs WHERE status = 'succeeded'",
    {
      type: QueryTypes.SELECT,
    },
  );
  const [steps] = await db.sequelize.query<{ n: number }>('SELECT COUNT(*) AS n FROM run_steps', {
    type: QueryTypes.SELECT,
  });
  await db.close();
  return { runs: Number(runs?.n), steps: Number(steps?.n), bytes: fs.statSync(file).size };
}

function row(cells: Array<string | number>): string {
  return cells.map((cell, i) => String(cell).padStart(i === 0 ? 22 : 10)).join(' ');
}

async function main(): Promise<void> {
  console.log(
    `Webhook benchmark: ${DURATION_S} s per step, ${os.cpus().length} CPUs, Node ${process.version}`,
  );
  const dataDir = await prepareDataDir();
  const musubi = await startMusubi(dataDir);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const idleRss = rssMb(musubi.child.pid ?? 0);
  const musubiResults: LoadResult[] = [];
  for (const connections of CONNECTIONS) {
    musubiResults.push(
      await load({ url: `${musubi.url}/webhook/bench`, connections, pid: musubi.child.pid ?? 0 }),
    );
  }
  await stop(musubi.child);
  const stored = await storedRuns(dataDir);

  const bare = await startBare();
  const bareResults: LoadResult[] = [];
  for (const connections of CONNECTIONS) {
    bareResults.push(await load({ url: `${bare.url}/bench`, connections, pid: bare.child.pid ?? 0 }));
  }
  await stop(bare.child);

  console.log('');
  console.log(row(['', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'RSS MB', 'ratio']));
  for (let i = 0; i < CONNECTIONS.length; i++) {
    const m = musubiResults[i];
    const b = bareResults[i];
    if (!m || !b) continue;
    console.log(
      row([
        `musubi  ${m.connections} conn`,
        m.requestsPerSecond,
        m.p50,
        m.p99,
        m.errors,
        m.rssMb,
        (m.requestsPerSecond / b.requestsPerSecond).toFixed(2),
      ]),
    );
    console.log(
      row([`express ${b.connections} conn`, b.requestsPerSecond, b.p50, b.p99, b.errors, b.rssMb, '1.00']),
    );
  }
  console.log('');
  console.log(`idle RSS (musubi, after start):          ${idleRss} MB`);
  console.log(`process start → first answered webhook:  ${musubi.firstAnswerMs} ms`);
  const answered = musubiResults.reduce((sum, r) => sum + r.answered, 0) + 1;
  console.log(
    `runs stored (history saved):             ${stored.runs} of ${answered} answered, ${stored.steps} steps, ${(stored.bytes / 1e6).toFixed(1)} MB file`,
  );
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (stored.runs < answered) {
    console.error('Some answered webhooks left no run.');
    process.exitCode = 1;
  }
}

await main();

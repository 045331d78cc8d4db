/**
 * Chat turns: `npm run bench:chat` (`-- --quick` for a short run).
 * Starts the real server (SQLite, every run and message recorded) on 127.0.0.1 and a separate
 * process of scripted visitors (bench/chat-client.ts): 200 conversations at once with a 6-question
 * bot, each answering every question. Two passes: visitors who pause like people (THINK_MS, 1 s
 * ± 50 % before each message: the latency a visitor sees) and visitors who answer at once (the
 * most turns the server gets through; latency there is mostly waiting in line, 200 / turns per
 * second). Each pass prints turns/s and the server-side time per turn (Server-Timing: store the
 * message, resume the run, store the answer) beside a baseline from the same run: the same number
 * of sync webhook calls (a run that answers at once) with the same concurrency and pauses. Counts
 * lost and duplicated messages in every transcript.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { migrate, openDatabase } from '../server/db/index';
import { createServices } from '../server/services';
import { silentLogger } from '../runtime/ports/logger';
import type { WorkflowDocument, WorkflowNode } from '../runtime/model/workflow';
import type { ClientReport } from './chat-client';

process.env.MUSUBI_CHAT_IP_LIMIT = '0';
process.env.MUSUBI_WEBHOOK_RATE_LIMIT = '0';
const quick = process.argv.includes('--quick');
const CONVERSATIONS = Number(process.env.BENCH_CHATS ?? (quick ? 40 : 200));
const TURNS = 6;
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 1000);

function node(id: string, type: string, config: Record<string, unknown>): WorkflowNode {
  return { id, type, typeVersion: 1, position: { x: 0, y: 0 }, label: id, config };
}

function chatBot(): WorkflowDocument {
  const nodes = [node('start', 'trigger.chat', {})];
  const edges: WorkflowDocument['edges'] = [];
  let previous = { id: 'start', branch: 'next' };
  for (let i = 1; i <= TURNS; i++) {
    nodes.push(node(`q${i}`, 'bot.ask', { prompt: `質問 ${i}`, variable: `a${i}` }));
    edges.push({ id: `e${i}`, source: previous.id, sourceHandle: previous.branch, target: `q${i}` });
    previous = { id: `q${i}`, branch: 'answered' };
  }
  nodes.push(node('done', 'bot.message', { text: '{{ vars.a1 }}: 完了' }));
  edges.push({ id: 'e-done', source: previous.id, sourceHandle: previous.branch, target: 'done' });
  return { schemaVersion: 1, id: 'bench-bot', name: 'bench-bot', settings: {}, nodes, edges, notes: [] };
}

function webhookFlow(): WorkflowDocument {
  return {
    schemaVersion: 1,
    id: 'bench-hook',
    name: 'bench-hook',
    settings: {},
    nodes: [
      node('hook', 'trigger.webhook', { path: 'bench', responseMode: 'sync' }),
      node('set', 'logic.set', { assignments: [{ name: 'name', value: '{{ trigger.body.name }}' }] }),
      node('ok', 'logic.respond', { status: 200, body: '{"hello": "{{ vars.name }}"}' }),
    ],
    edges: [
      { id: 'e1', source: 'hook', sourceHandle: 'next', target: 'set' },
      { id: 'e2', source: 'set', sourceHandle: 'next', target: 'ok' },
    ],
    notes: [],
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Runs the visitors' process against the server; resolves with its report. */
function runVisitors(base: string, thinkMs: number): Promise<ClientReport> {
  const script = fileURLToPath(new URL('./chat-client.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, base, String(CONVERSATIONS), String(TURNS), String(thinkMs)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the visitors' process exited with ${code}`));
      else resolve(JSON.parse(output) as ClientReport);
    }),
  );
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musubi-bench-chat-'));
  const db = await openDatabase({ url: `sqlite:${path.join(dir, 'musubi.sqlite')}` });
  await migrate(db);
  const config = loadConfig({ MUSUBI_DATA_DIR: dir, MUSUBI_SECRET: 'ab'.repeat(32) });
  const services = createServices({ db, config, logger: silentLogger });
  for (const document of [chatBot(), webhookFlow()]) {
    await db.models.Workflow.create({
      id: document.id,
      name: document.name,
      draft: document,
      active: true,
      activeVersion: 1,
      latestVersion: 1,
    });
    await db.models.WorkflowVersion.create({ workflowId: document.id, version: 1, document });
  }
  const app = createApp({ db, config, services, editor: { kind: 'missing' } });
  const server = http.createServer(app);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await services.lifecycle.start();

  const sort = (values: number[]) => [...values].sort((x, y) => x - y);
  const fmt = (value: number) => value.toFixed(1).padStart(9);
  const turns = CONVERSATIONS * TURNS;
  let problems = 0;
  console.log(
    `chat bench: ${CONVERSATIONS} concurrent conversations × ${TURNS} turns (${os.cpus().length} CPUs, SQLite)`,
  );
  console.log('                                          per s    p50 ms    p99 ms   lost  dup');
  for (const [label, thinkMs] of [
    [`paced (think ${THINK_MS} ms)`, THINK_MS],
    ['at once (no think time)', 0],
  ] as const) {
    const report = await runVisitors(base, thinkMs);
    const s = sort(report.chat.serverMs);
    const c = sort(report.chat.clientMs);
    const h = sort(report.webhook.clientMs);
    const { lost, duplicated } = report.chat;
    console.log(label);
    console.log(
      `  chat turns (server)              ${fmt(turns / report.chat.seconds)} ${fmt(percentile(s, 50))} ${fmt(percentile(s, 99))}  ${String(lost).padStart(5)} ${String(duplicated).padStart(4)}`,
    );
    console.log(
      `  chat turns (client)              ${fmt(turns / report.chat.seconds)} ${fmt(percentile(c, 50))} ${fmt(percentile(c, 99))}`,
    );
    console.log(
      `  webhook sync, baseline (client)  ${fmt(h.length / report.webhook.seconds)} ${fmt(percentile(h, 50))} ${fmt(percentile(h, 99))}`,
    );
    console.log(
      `  p99 ratio chat (server) / webhook (client): ${(percentile(s, 99) / percentile(h, 99)).toFixed(2)}`,
    );
    problems += report.problems.length + report.webhook.errors;
    if (report.problems.length > 0)
      console.log(`  PROBLEMS (${report.problems.length}):\n  ${report.problems.slice(0, 10).join('\n  ')}`);
  }
  console.log(problems === 0 ? 'no lost or duplicated message' : `${problems} problems`);

  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await services.lifecycle.stop();
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (problems > 0) process.exitCode = 1;
}

await main();

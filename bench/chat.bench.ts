/**
 * Chat turns: `npm run bench:chat` (`-- --quick` for a short run).
 * Starts the real server (SQLite, every run and message recorded) on 127.0.0.1, opens 200
 * conversations at once with a 6-question bot and answers each question; prints turns/s and the
 * server-side time per turn (Server-Timing: store the message, resume the run, store the bot's
 * answer) beside a baseline from the same run: the same number of sync webhook calls (a run that
 * answers at once) at the same concurrency. Checks that no message is lost or duplicated.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { migrate, openDatabase } from '../server/db/index';
import { createServices } from '../server/services';
import { silentLogger } from '../runtime/ports/logger';
import type { WorkflowDocument, WorkflowNode } from '../runtime/model/workflow';

process.env.MUSUBI_CHAT_IP_LIMIT = '0';
process.env.MUSUBI_WEBHOOK_RATE_LIMIT = '0';
const quick = process.argv.includes('--quick');
const CONVERSATIONS = Number(process.env.BENCH_CHATS ?? (quick ? 40 : 200));
const TURNS = 6;

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

function serverTiming(res: Response): number | undefined {
  const match = /turn;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '');
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

interface Turn {
  conversationId: string | null;
  token?: string;
  messages: Array<{ id: number; sender: string; text: string }>;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
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

  const serverMs: number[] = [];
  const clientMs: number[] = [];
  const problems: string[] = [];
  const conversation = async (n: number): Promise<void> => {
    const started = await post(`${base}/api/chat/bots/bench-bot/conversations`, {
      visitor: { language: 'ja' },
    });
    const first = (await started.json()) as Turn;
    if (!first.conversationId || !first.token) throw new Error(`start failed: ${started.status}`);
    const id = first.conversationId;
    const token = first.token;
    for (let i = 1; i <= TURNS; i++) {
      const t0 = performance.now();
      const res = await post(
        `${base}/api/chat/conversations/${id}/messages`,
        { text: `c${n}-t${i}` },
        { 'x-chat-token': token },
      );
      clientMs.push(performance.now() - t0);
      const timing = serverTiming(res);
      if (timing !== undefined) serverMs.push(timing);
      const turn = (await res.json()) as Turn;
      const expected = i < TURNS ? `質問 ${i + 1}` : `c${n}-t1: 完了`;
      const texts = turn.messages.map((m) => `${m.sender}:${m.text}`);
      if (texts[0] !== `visitor:c${n}-t${i}` || texts[1] !== `bot:${expected}`)
        problems.push(`${id} turn ${i}: ${texts.join(' | ')}`);
    }
    const all = await fetch(`${base}/api/chat/conversations/${id}/messages?after=0`, {
      headers: { 'x-chat-token': token },
    });
    const transcript = (await all.json()) as Turn;
    const lines = transcript.messages.filter((m) => m.sender !== 'system').map((m) => m.text);
    const expectedLines = ['質問 1'];
    for (let i = 1; i <= TURNS; i++)
      expectedLines.push(`c${n}-t${i}`, i < TURNS ? `質問 ${i + 1}` : `c${n}-t1: 完了`);
    if (lines.join('\n') !== expectedLines.join('\n'))
      problems.push(`${id}: transcript has ${lines.length} lines, expected ${expectedLines.length}`);
  };

  const chatStart = performance.now();
  await Promise.all(Array.from({ length: CONVERSATIONS }, (_, n) => conversation(n)));
  const chatSeconds = (performance.now() - chatStart) / 1000;

  const hookMs: number[] = [];
  const caller = async (n: number): Promise<void> => {
    for (let i = 0; i < TURNS; i++) {
      const t0 = performance.now();
      const res = await post(`${base}/webhook/bench`, { name: `c${n}` });
      hookMs.push(performance.now() - t0);
      if (res.status !== 200) problems.push(`webhook answered ${res.status}`);
      await res.arrayBuffer();
    }
  };
  const hookStart = performance.now();
  await Promise.all(Array.from({ length: CONVERSATIONS }, (_, n) => caller(n)));
  const hookSeconds = (performance.now() - hookStart) / 1000;

  const sort = (values: number[]) => [...values].sort((a, b) => a - b);
  const s = sort(serverMs);
  const c = sort(clientMs);
  const h = sort(hookMs);
  const turns = CONVERSATIONS * TURNS;
  const fmt = (value: number) => value.toFixed(1).padStart(8);
  console.log(
    `chat bench: ${CONVERSATIONS} concurrent conversations × ${TURNS} turns (${os.cpus().length} CPUs, SQLite)`,
  );
  console.log('                         per s     p50 ms    p99 ms');
  console.log(
    `chat turns (server)   ${fmt(turns / chatSeconds)}  ${fmt(percentile(s, 50))}  ${fmt(percentile(s, 99))}`,
  );
  console.log(
    `chat turns (client)   ${fmt(turns / chatSeconds)}  ${fmt(percentile(c, 50))}  ${fmt(percentile(c, 99))}`,
  );
  console.log(
    `webhook sync (client) ${fmt(h.length / hookSeconds)}  ${fmt(percentile(h, 50))}  ${fmt(percentile(h, 99))}`,
  );
  console.log(
    problems.length === 0
      ? 'no lost or duplicated message'
      : `PROBLEMS (${problems.length}):\n${problems.slice(0, 10).join('\n')}`,
  );

  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await services.lifecycle.stop();
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (problems.length > 0) process.exitCode = 1;
}

await main();

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { QueryTypes } from 'sequelize';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../server/db/index';
import { activate, node, workflow } from './execution/support';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TOTAL = 500;
const CONCURRENCY = 20;
/** The server is killed once this many webhooks were answered 202. */
const KILL_AFTER = 200;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'musubi-crash-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** webhook (async) → note the order id → wait a second (a waitpoint) → done. */
const orders = workflow({
  id: 'orders',
  nodes: [
    node('hook', 'trigger.webhook', { path: 'orders', responseMode: 'async' }),
    node('note', 'logic.set', { assignments: [{ name: 'orderId', value: '{{ trigger.body.id }}' }] }),
    node('pause', 'logic.delay', { mode: 'duration', amount: 1, unit: 'seconds' }),
    node('done', 'logic.set', { assignments: [{ name: 'done', value: true }] }),
  ],
  edges: [
    ['hook', 'next', 'note'],
    ['note', 'next', 'pause'],
    ['pause', 'next', 'done'],
  ],
});

/** Starts `musubi start` on a free port and resolves with its URL once it listens. */
function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/musubi.js'), 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      MUSUBI_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      MUSUBI_SECRET: 'cd'.repeat(32),
      LOG_LEVEL: 'error',
      MUSUBI_WEBHOOK_RATE_LIMIT: '0',
      MUSUBI_EDITOR_BUILD: 'skip',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) resolve({ child, url: match[1] });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) =>
      reject(new Error(`the server exited (${code}) before listening:\n${output}`)),
    );
  });
}

/** Resolves when the child has exited (a SIGKILLed child has a signalCode and no exitCode). */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function post(url: string, id: number): Promise<string | undefined> {
  try {
    const res = await fetch(`${url}/webhook/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `order-${id}` },
      body: JSON.stringify({ id }),
    });
    if (res.status !== 202) return undefined;
    const body = (await res.json()) as { runId: string };
    return body.runId;
  } catch {
    return undefined;
  }
}

/** Sends `ids` with a few connections; stops sending new ones once `stop()` says so. */
async function send(input: {
  url: string;
  ids: number[];
  acked: Map<number, string>;
  onAck?: () => void;
}): Promise<void> {
  const queue = [...input.ids];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const runId = await post(input.url, id);
        if (runId) {
          input.acked.set(id, runId);
          input.onAck?.();
        }
      }
    }),
  );
}

describe('crash', () => {
  it('loses no acknowledged webhook when the server is killed with SIGKILL mid-stream, and runs each once', async () => {
    const setup = await openDatabase({ url: `sqlite:${path.join(dataDir, 'musubi.sqlite')}` });
    await migrate(setup);
    await activate(setup, orders);
    await setup.close();

    const acked = new Map<number, string>();
    const first = await startServer();
    let killed = false;
    const ids = Array.from({ length: TOTAL }, (_, i) => i + 1);
    await send({
      url: first.url,
      ids,
      acked,
      onAck: () => {
        if (!killed && acked.size >= KILL_AFTER) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      },
    });
    await exited(first.child);
    expect(killed).toBe(true);
    const beforeRestart = acked.size;
    expect(beforeRestart).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(beforeRestart).toBeLessThan(TOTAL);

    // Restart; the sender retries what was not answered, with the same Idempotency-Key.
    const second = await startServer();
    const lostAnswers = ids.filter((id) => !acked.has(id));
    const firstAnswers = new Map(acked);
    await send({ url: second.url, ids: lostAnswers, acked });
    expect(acked.size).toBe(TOTAL);

    const db = await openDatabase({ url: `sqlite:${path.join(dataDir, 'musubi.sqlite')}` });
    try {
      let open = -1;
      for (let i = 0; i < 300 && open !== 0; i++) {
        const rows = await db.sequelize.query<{ n: number }>(
          "SELECT COUNT(*) AS n FROM runs WHERE status IN ('queued', 'running', 'waiting')",
          { type: QueryTypes.SELECT },
        );
        open = Number(rows[0]?.n);
        if (open !== 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(open).toBe(0);
      const runs = await db.sequelize.query<{ id: string; orderId: number; status: string; steps: string }>(
        `SELECT r.id, json_extract(r.trigger, '$.body.id') AS orderId, r.status,
                (SELECT group_concat(node_id, ',') FROM (SELECT node_id FROM run_steps s WHERE s.run_id = r.id ORDER BY step_index)) AS steps
           FROM runs r`,
        { type: QueryTypes.SELECT },
      );
      // Exactly one run per order, every one finished, each node run once (the delay records its wait and its wake).
      expect(runs).toHaveLength(TOTAL);
      expect(new Set(runs.map((run) => run.orderId)).size).toBe(TOTAL);
      expect(runs.filter((run) => run.status !== 'succeeded')).toEqual([]);
      expect(new Set(runs.map((run) => run.steps))).toEqual(new Set(['hook,note,pause,pause,done']));
      // A webhook answered before the kill kept its run id through the restart.
      for (const [id, runId] of firstAnswers) expect(acked.get(id)).toBe(runId);
      const byOrder = new Map(runs.map((run) => [Number(run.orderId), run.id]));
      for (const [id, runId] of acked) expect(byOrder.get(id)).toBe(runId);
    } finally {
      await db.close();
    }
    second.child.kill('SIGTERM');
    await exited(second.child);
  }, 120_000);
});

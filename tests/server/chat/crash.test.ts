import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkflowDocument, WorkflowNode } from '../../../runtime/model/workflow';
import { activate } from './bots';
import { openChatWorld, type ChatWorld } from './support';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CHILD = path.join(ROOT, 'tests/server/chat/crash-child.ts');

let world: ChatWorld | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

function node(id: string, type: string, config: Record<string, unknown>): WorkflowNode {
  return { id, type, typeVersion: 1, position: { x: 0, y: 0 }, label: id, config };
}

const THANKS = 'ありがとうございます、山田さん。';

/** name → thanks (a bot.message) → e-mail. */
const thanksBot: WorkflowDocument = {
  schemaVersion: 1,
  id: 'thanks-bot',
  name: 'thanks-bot',
  settings: {},
  nodes: [
    node('start', 'trigger.chat', {}),
    node('name', 'bot.ask', { prompt: 'お名前は？', variable: 'name' }),
    node('thanks', 'bot.message', { text: 'ありがとうございます、{{ vars.name }}さん。' }),
    node('email', 'bot.ask', { prompt: 'メールアドレスは？', inputType: 'email', variable: 'email' }),
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'name' },
    { id: 'e2', source: 'name', sourceHandle: 'answered', target: 'thanks' },
    { id: 'e3', source: 'thanks', sourceHandle: 'next', target: 'email' },
  ],
  notes: [],
};

/** Runs the child server process; resolves with how it ended. */
function runChild(args: string[]): Promise<{ signal: NodeJS.Signals | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (_code, signal) => resolve({ signal, output })));
}

describe('a server killed mid-step', () => {
  it('does not repeat a bot message said just before the kill when the step runs again', async () => {
    const w = (world = await openChatWorld());
    await activate(w.db, thanksBot);
    const started = await w.chat.service.start({ botId: 'thanks-bot', visitor: { language: 'ja' } });
    const id = started.conversationId ?? '';
    const token = started.token ?? '';
    const file = w.db.sqlitePath ?? '';

    // Another process takes the turn and dies once the thanks is stored, before its checkpoint.
    const child = await runChild([file, '山田', id, token, THANKS]);
    expect(child.signal, child.output).toBe('SIGKILL');

    await w.restart();
    await w.execution.reap();
    await w.execution.claim();
    await w.execution.settle();
    const lines = (await w.chat.transcript.after(id, 0)).map((m) => `${m.sender}: ${m.text}`);
    expect(lines).toEqual(['bot: お名前は？', 'visitor: 山田', `bot: ${THANKS}`, 'bot: メールアドレスは？']);
    const next = await w.chat.service.send({ conversationId: id, token, text: 'yamada@example.com' });
    // The run went on from where the dead process left it: the e-mail ends this bot.
    expect(next.messages.map((m) => `${m.sender}: ${m.text}`)).toEqual([
      'visitor: yamada@example.com',
      'system: チャットは終了しました。',
    ]);
    const run = await w.execution.getRun(id);
    expect(run?.state.vars).toMatchObject({ name: '山田', email: 'yamada@example.com' });
  }, 60_000);
});

import { afterEach, describe, expect, it } from 'vitest';
import type { WorkflowDocument, WorkflowNode } from '../../../runtime/model/workflow';
import type { ChatMessageView } from '../../../server/chat/hub';
import { ManualClock } from '../execution/support';
import { activate } from './bots';
import { openChatWorld, type ChatWorld } from './support';

let world: ChatWorld | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

const said = (messages: ChatMessageView[]): string[] => messages.map((m) => `${m.sender}: ${m.text}`);

function node(id: string, type: string, config: Record<string, unknown>): WorkflowNode {
  return { id, type, typeVersion: 1, position: { x: 0, y: 0 }, label: id, config };
}

function bot(nodes: WorkflowNode[], edges: Array<[string, string, string]>): WorkflowDocument {
  return {
    schemaVersion: 1,
    id: 'slow-bot',
    name: 'slow-bot',
    settings: {},
    nodes: [node('start', 'trigger.chat', {}), ...nodes],
    edges: edges.map(([source, sourceHandle, target], i) => ({ id: `e${i}`, source, sourceHandle, target })),
    notes: [],
  };
}

const pause = node('pause', 'logic.delay', { mode: 'duration', amount: 60, unit: 'seconds' });

/** name → "looking it up" + a one-minute pause (a slow lookup) → e-mail → company → summary. */
const lookupBot = bot(
  [
    node('name', 'bot.ask', { prompt: 'お名前は？', variable: 'name' }),
    node('wait', 'bot.message', { text: '確認しています…' }),
    pause,
    node('email', 'bot.ask', { prompt: 'メールアドレスは？', inputType: 'email', variable: 'email' }),
    node('company', 'bot.ask', { prompt: '会社名は？', variable: 'company' }),
    node('done', 'bot.message', { text: '{{ vars.name }} / {{ vars.email }} / {{ vars.company }}' }),
  ],
  [
    ['start', 'next', 'name'],
    ['name', 'answered', 'wait'],
    ['wait', 'next', 'pause'],
    ['pause', 'next', 'email'],
    ['email', 'answered', 'company'],
    ['company', 'answered', 'done'],
  ],
);

/** A closing message, a pause, then end_chat with a one-minute grace period. */
const closingBot = bot(
  [
    node('name', 'bot.ask', { prompt: 'お名前は？', variable: 'name' }),
    node('thanks', 'bot.message', { text: 'ありがとうございます。' }),
    pause,
    node('bye', 'bot.end_chat', { message: '他にご用件があればどうぞ。', delaySeconds: 60 }),
    node('again', 'bot.message', { text: 'どうぞ続けてください。' }),
    node('more', 'bot.ask', { prompt: 'ご用件は？', variable: 'topic' }),
  ],
  [
    ['start', 'next', 'name'],
    ['name', 'answered', 'thanks'],
    ['thanks', 'next', 'pause'],
    ['pause', 'next', 'bye'],
    ['bye', 'visitor_wrote', 'again'],
    ['again', 'next', 'more'],
  ],
);

/** Waits (bounded) until the transcript satisfies `done`; the bot answers in the background. */
async function transcriptUntil(
  w: ChatWorld,
  conversationId: string,
  done: (lines: string[]) => boolean,
): Promise<string[]> {
  let lines: string[] = [];
  for (let i = 0; i < 200; i++) {
    await w.execution.settle();
    lines = said(await w.chat.transcript.after(conversationId, 0));
    if (done(lines)) return lines;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return lines;
}

async function wakeAndRun(w: ChatWorld, clock: ManualClock, ms: number): Promise<number> {
  clock.advance(ms);
  const woken = await w.execution.wakeDueWaits();
  await w.execution.claim();
  await w.execution.settle();
  return woken;
}

describe('visitor messages while the bot waits for something else', () => {
  it('keeps messages written during a pause and gives them to the next questions, in order', async () => {
    const clock = new ManualClock();
    const w = (world = await openChatWorld({ clock }));
    await activate(w.db, lookupBot);
    const started = await w.chat.service.start({ botId: 'slow-bot', visitor: { language: 'ja' } });
    const id = started.conversationId ?? '';
    const send = (text: string) =>
      w.chat.service.send({ conversationId: id, token: started.token ?? '', text });

    expect(said((await send('山田')).messages)).toEqual(['visitor: 山田', 'bot: 確認しています…']);
    // The bot is in its pause: both lines are stored at once and wait for it, nothing is lost.
    const early = await send('yamada@example.com');
    expect(said(early.messages)).toEqual(['visitor: yamada@example.com']);
    expect(early.status).toBe('bot');
    expect(said((await send('ACME')).messages)).toEqual(['visitor: ACME']);

    expect(await wakeAndRun(w, clock, 61_000)).toBe(1);
    const lines = await transcriptUntil(w, id, (all) => all.at(-1)?.startsWith('system:') ?? false);
    expect(lines).toEqual([
      'bot: お名前は？',
      'visitor: 山田',
      'bot: 確認しています…',
      'visitor: yamada@example.com',
      'visitor: ACME',
      'bot: メールアドレスは？',
      'bot: 会社名は？',
      'bot: 山田 / yamada@example.com / ACME',
      'system: チャットは終了しました。',
    ]);
  });

  it('survives a restart during the pause: the queued message still reaches the bot', async () => {
    const clock = new ManualClock();
    const w = (world = await openChatWorld({ clock }));
    await activate(w.db, lookupBot);
    const started = await w.chat.service.start({ botId: 'slow-bot', visitor: {} });
    const id = started.conversationId ?? '';
    const send = (text: string) =>
      w.chat.service.send({ conversationId: id, token: started.token ?? '', text });
    await send('山田');
    await send('yamada@example.com');
    await w.restart();
    expect(await wakeAndRun(w, clock, 61_000)).toBe(1);
    const lines = await transcriptUntil(w, id, (all) => all.at(-1) === 'bot: 会社名は？');
    expect(lines.slice(-3)).toEqual([
      'visitor: yamada@example.com',
      'bot: メールアドレスは？',
      'bot: 会社名は？',
    ]);
    const last = await send('ACME');
    expect(said(last.messages)).toEqual([
      'visitor: ACME',
      'bot: 山田 / yamada@example.com / ACME',
      'system: チャットは終了しました。',
    ]);
  });

  it("cancels end_chat's grace period with a message written before it began", async () => {
    const clock = new ManualClock();
    const w = (world = await openChatWorld({ clock }));
    await activate(w.db, closingBot);
    const started = await w.chat.service.start({ botId: 'slow-bot', visitor: {} });
    const id = started.conversationId ?? '';
    const send = (text: string) =>
      w.chat.service.send({ conversationId: id, token: started.token ?? '', text });
    await send('山田');
    expect(said((await send('もう一つ質問があります')).messages)).toEqual([
      'visitor: もう一つ質問があります',
    ]);

    expect(await wakeAndRun(w, clock, 61_000)).toBe(1);
    const lines = await transcriptUntil(w, id, (all) => all.at(-1) === 'bot: ご用件は？');
    expect(lines.slice(-4)).toEqual([
      'visitor: もう一つ質問があります',
      'bot: 他にご用件があればどうぞ。',
      'bot: どうぞ続けてください。',
      'bot: ご用件は？',
    ]);
    // The grace period is over for good: its end never comes, the chat stays open.
    expect(await wakeAndRun(w, clock, 120_000)).toBe(0);
    const conversation = await w.db.models.ChatConversation.findByPk(id);
    expect(conversation?.status).toBe('bot');
  });
});

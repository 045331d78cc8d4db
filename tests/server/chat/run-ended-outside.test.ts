import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessageView } from '../../../server/chat/hub';
import { activate, leadBot } from './bots';
import { openChatWorld, type ChatWorld } from './support';

let world: ChatWorld | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

const said = (messages: ChatMessageView[]): string[] => messages.map((m) => `${m.sender}: ${m.text}`);

describe('a bot run ended from outside the run', () => {
  it('canceled from the executions history: the conversation closes at once with its closing line', async () => {
    const w = (world = await openChatWorld());
    await activate(w.db, leadBot());
    const started = await w.chat.service.start({ botId: 'lead-bot', visitor: { language: 'ja' } });
    const id = started.conversationId ?? '';
    // The run waits for the visitor's name; an operator cancels it in the history.
    expect(await w.execution.cancel(id)).toBe('canceled');
    const conversation = await w.db.models.ChatConversation.findByPk(id);
    expect(conversation?.status).toBe('closed');
    const lines = await w.chat.transcript.after(id, 0);
    expect(said(lines).at(-1)).toBe('system: チャットは終了しました。');
  });
});

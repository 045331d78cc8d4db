import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessageView } from '../../../server/chat/hub';
import { ManualClock } from '../execution/support';
import { activate, leadBot, supportDesk } from './bots';
import { openChatWorld, type ChatWorld } from './support';

let world: ChatWorld | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

const said = (messages: ChatMessageView[]): string[] => messages.map((m) => `${m.sender}: ${m.text}`);

async function open(options: Parameters<typeof openChatWorld>[0] = {}): Promise<ChatWorld> {
  world = await openChatWorld(options);
  return world;
}

describe('a bot conversation', () => {
  it('collects name, re-asks a bad e-mail, takes a choice and tells the result, surviving a restart before every turn', async () => {
    const w = await open();
    await activate(w.db, leadBot());
    const started = await w.chat.service.start({
      botId: 'lead-bot',
      visitor: { language: 'ja-JP', pageUrl: 'https://shop.example/' },
    });
    expect(said(started.messages)).toEqual([
      'bot: こんにちは！お問い合わせを承ります。',
      'bot: お名前を教えてください。',
    ]);
    const id = started.conversationId ?? '';
    const token = started.token ?? '';
    const turn = async (text: string): Promise<string[]> => {
      await w.restart();
      const result = await w.chat.service.send({ conversationId: id, token, text });
      return said(result.messages);
    };
    expect(await turn('山田 花子')).toEqual([
      'visitor: 山田 花子',
      'bot: 山田 花子さん、メールアドレスを教えてください。',
    ]);
    const reask = await turn('hanako@');
    expect(reask[0]).toBe('visitor: hanako@');
    expect(reask).toHaveLength(2);
    expect(await turn('Hanako@Example.com')).toEqual([
      'visitor: Hanako@Example.com',
      'bot: 優先度を選んでください。',
    ]);
    const choice = await w.chat.transcript.after(id, 0);
    expect(choice.at(-1)?.choices).toEqual(['高', '低']);
    expect(await turn('高')).toEqual([
      'visitor: 高',
      'bot: 山田 花子さん（hanako@example.com）、優先度「高」で受け付けました。',
      'bot: ありがとうございました。',
      'system: チャットは終了しました。',
    ]);
    const conversation = await w.db.models.ChatConversation.findByPk(id);
    expect(conversation?.status).toBe('closed');
    await expect(w.chat.service.send({ conversationId: id, token, text: 'もう一度' })).rejects.toMatchObject({
      code: 'conversation_closed',
    });
  });

  it('ends on invalid_after_retries after the re-asks are used up', async () => {
    const w = await open();
    await activate(w.db, leadBot());
    const { conversationId, token } = await w.chat.service.start({ botId: 'lead-bot', visitor: {} });
    const send = (text: string) =>
      w.chat.service.send({ conversationId: conversationId ?? '', token: token ?? '', text });
    await send('Taro');
    await send('not-an-address');
    const last = await send('still wrong');
    expect(said(last.messages)).toEqual([
      'visitor: still wrong',
      'bot: メールアドレスを確認できませんでした。',
      'system: チャットは終了しました。',
    ]);
    expect(last.status).toBe('closed');
  });

  it('takes the timeout branch when the visitor stays silent past the idle timeout', async () => {
    const clock = new ManualClock();
    const w = await open({ clock });
    await activate(w.db, leadBot('lead-bot', { askTimeoutSeconds: 120 }));
    const { conversationId } = await w.chat.service.start({ botId: 'lead-bot', visitor: {} });
    clock.advance(119_000);
    expect(await w.execution.wakeDueWaits()).toBe(0);
    clock.advance(2_000);
    expect(await w.execution.wakeDueWaits()).toBe(1);
    await w.execution.claim();
    await w.execution.settle();
    const lines = said(await w.chat.transcript.after(conversationId ?? '', 0));
    // The run ended on a woken wait, with no visitor request: the chat closes with it at once.
    expect(lines.slice(-2)).toEqual([
      'bot: お返事がなかったため、チャットを終了します。',
      'system: チャットは終了しました。',
    ]);
    expect((await w.chat.transcript.conversation(conversationId ?? ''))?.status).toBe('closed');
  });

  it('keeps the chat going when the visitor writes during the end_chat delay', async () => {
    const clock = new ManualClock();
    const w = await open({ clock });
    await activate(w.db, leadBot('lead-bot', { endDelaySeconds: 60 }));
    await supportDesk(w.db, false);
    const { conversationId, token } = await w.chat.service.start({ botId: 'lead-bot', visitor: {} });
    const send = (text: string) =>
      w.chat.service.send({ conversationId: conversationId ?? '', token: token ?? '', text });
    await send('Taro');
    await send('taro@example.com');
    const closing = await send('低');
    expect(closing.status).toBe('bot');
    clock.advance(30_000);
    expect(await w.execution.wakeDueWaits()).toBe(0);
    const more = await send('あと一つ質問が');
    expect(said(more.messages)).toEqual([
      'visitor: あと一つ質問が',
      'bot: まだご用件がありますか？担当者におつなぎします。',
      'bot: ただいま対応できる担当者がいません。',
      'system: チャットは終了しました。',
    ]);
  });

  it('ends the chat when the end_chat delay passes in silence', async () => {
    const clock = new ManualClock();
    const w = await open({ clock });
    await activate(w.db, leadBot('lead-bot', { endDelaySeconds: 60 }));
    const { conversationId, token } = await w.chat.service.start({ botId: 'lead-bot', visitor: {} });
    const send = (text: string) =>
      w.chat.service.send({ conversationId: conversationId ?? '', token: token ?? '', text });
    await send('Taro');
    await send('taro@example.com');
    await send('低');
    clock.advance(61_000);
    expect(await w.execution.wakeDueWaits()).toBe(1);
    await w.execution.claim();
    await w.execution.settle();
    // Closed when its run ended (in the run's own transaction), not at the visitor's next message.
    const { status, messages } = await w.chat.service.messages({
      conversationId: conversationId ?? '',
      token: token ?? '',
      after: 0,
    });
    expect(status).toBe('closed');
    expect(said(messages).at(-1)).toBe('system: チャットは終了しました。');
    await expect(send('まだいますか')).rejects.toMatchObject({ code: 'conversation_closed' });
  });
});

describe('forward to operator', () => {
  it('hands the chat to an available agent; the visitor and the agent then talk through the inbox', async () => {
    const w = await open();
    await activate(w.db, leadBot());
    await supportDesk(w.db, true);
    const { conversationId, token } = await w.chat.service.start({
      botId: 'lead-bot',
      visitor: { language: 'ja' },
    });
    const id = conversationId ?? '';
    const send = (text: string) => w.chat.service.send({ conversationId: id, token: token ?? '', text });
    await send('Taro');
    await send('taro@example.com');
    const handed = await send('電話で相談したい');
    expect(handed.status).toBe('forwarded');
    expect(said(handed.messages)).toEqual([
      'visitor: 電話で相談したい',
      'system: 佐藤 が対応します。',
      'bot: 担当者におつなぎしました。',
    ]);
    const inbox = await w.chat.inbox.list({ agentId: 'agent-1' });
    expect(inbox.map((c) => c.id)).toEqual([id]);
    const next = await send('明日の午後はどうですか');
    expect(said(next.messages)).toEqual(['visitor: 明日の午後はどうですか']);
    await w.chat.inbox.reply({ conversationId: id, text: '明日 15 時にお電話します。' });
    const seen = await w.chat.service.messages({
      conversationId: id,
      token: token ?? '',
      after: next.messages[0]?.id ?? 0,
    });
    expect(said(seen.messages)).toEqual(['agent: 明日 15 時にお電話します。']);
    const full = await w.chat.inbox.get(id);
    expect(full.messages.map((m) => m.sender)).toEqual([
      'bot',
      'bot',
      'visitor',
      'bot',
      'visitor',
      'bot',
      'visitor',
      'system',
      'bot',
      'visitor',
      'agent',
    ]);
    await w.chat.inbox.close(id);
    expect((await w.chat.inbox.get(id)).status).toBe('closed');
  });

  it('takes no_operator_available when nobody of the department is available', async () => {
    const w = await open();
    await activate(w.db, leadBot());
    await supportDesk(w.db, false);
    const { conversationId, token } = await w.chat.service.start({ botId: 'lead-bot', visitor: {} });
    const send = (text: string) =>
      w.chat.service.send({ conversationId: conversationId ?? '', token: token ?? '', text });
    await send('Taro');
    await send('taro@example.com');
    const result = await send('どちらでもない');
    expect(said(result.messages)).toContain('bot: ただいま対応できる担当者がいません。');
    expect(result.status).toBe('closed');
  });

  it('refuses a wrong conversation token without saying whether the conversation exists', async () => {
    const w = await open();
    await activate(w.db, leadBot());
    const { conversationId } = await w.chat.service.start({ botId: 'lead-bot', visitor: {} });
    await expect(
      w.chat.service.send({ conversationId: conversationId ?? '', token: 'guess', text: 'hi' }),
    ).rejects.toMatchObject({ code: 'conversation_not_found' });
  });
});

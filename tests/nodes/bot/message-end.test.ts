import { describe, expect, it } from 'vitest';
import { messageNode } from '../../../nodes/bot/message';
import { endChatNode } from '../../../nodes/bot/end-chat';
import { createDefaultRegistry } from '../../../nodes/index';
import { MemoryChat } from '../../../runtime/testing/memory-ports';
import { T, resume, run } from '../context';

describe('bot.message', () => {
  it('says the text in the conversation of the run', async () => {
    const chat = new MemoryChat();
    const result = await run(messageNode, {
      config: { text: 'ようこそ！' },
      ports: { chat },
      runId: 'conv-9',
      nodeId: 'hello',
    });
    expect(chat.messages).toEqual([
      { conversationId: 'conv-9', text: 'ようこそ！', nodeId: 'hello', key: 'conv-9:3:0' },
    ]);
    expect(result).toEqual({ branch: 'next', output: { text: 'ようこそ！' } });
  });

  it('says a value a template produced as text, and nothing when it came out blank', async () => {
    const chat = new MemoryChat();
    await run(messageNode, { config: { text: 42 }, ports: { chat } });
    await run(messageNode, { config: { text: '  ' }, ports: { chat } });
    expect(chat.textsOf('run-1')).toEqual(['42']);
  });
});

describe('bot.end_chat', () => {
  it('ends the run at once with its closing message', async () => {
    const chat = new MemoryChat();
    const result = await run(endChatNode, { config: { message: 'ありがとうございました' }, ports: { chat } });
    expect(chat.textsOf('run-1')).toEqual(['ありがとうございました']);
    expect(result).toEqual({ branch: 'ended', stop: { status: 'succeeded' } });
  });

  it('ends silently without a message', async () => {
    const chat = new MemoryChat();
    expect((await run(endChatNode, { config: {}, ports: { chat } })).stop).toEqual({ status: 'succeeded' });
    expect(chat.messages).toHaveLength(0);
  });

  it('with a delay, waits for a message until the delay is over', async () => {
    const chat = new MemoryChat();
    const result = await run(endChatNode, {
      config: { message: 'またね', delaySeconds: 60 },
      ports: { chat },
    });
    expect(result.wait).toEqual({ kind: 'message', timeoutAt: T + 60_000, state: {} });
    expect(result.stop).toBeUndefined();
    expect(chat.textsOf('run-1')).toEqual(['またね']);
  });

  it('ends when the delay passes with no word from the visitor', async () => {
    const result = await resume(endChatNode, { config: { delaySeconds: 60 }, event: { kind: 'timeout' } });
    expect(result).toEqual({ branch: 'ended', stop: { status: 'succeeded' } });
  });

  it('keeps the chat going when the visitor writes during the delay', async () => {
    const result = await resume(endChatNode, {
      config: { delaySeconds: 60 },
      event: { kind: 'message', text: 'もう一つ質問が' },
    });
    expect(result).toEqual({ branch: 'visitor_wrote', output: { text: 'もう一つ質問が' } });
  });

  it('takes a delay of 0 or 30 to 10,800 seconds', () => {
    const registry = createDefaultRegistry();
    for (const delaySeconds of [0, 30, 10_800])
      expect(registry.checkConfig('bot.end_chat', { delaySeconds })).toEqual([]);
    for (const delaySeconds of [10, 29, 10_801, 45.5]) {
      expect(registry.checkConfig('bot.end_chat', { delaySeconds }), String(delaySeconds)).not.toEqual([]);
    }
  });
});

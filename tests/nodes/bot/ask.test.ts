import { describe, expect, it } from 'vitest';
import { askNode } from '../../../nodes/bot/ask';
import type { NodeResult } from '../../../runtime/model/node-definition';
import { MemoryChat } from '../../../runtime/testing/memory-ports';
import { T, rejection, resume, run } from '../context';

function setup(config: Record<string, unknown>) {
  const chat = new MemoryChat();
  const base = { config: { prompt: 'ご連絡先は？', variable: 'answer', ...config }, ports: { chat } };
  return {
    chat,
    start: () => run(askNode, base),
    answer: (text: string, tries = 0) =>
      resume(askNode, { ...base, event: { kind: 'message', text }, waitState: { tries } }),
  };
}

/** An answer that did not fit: the node asks again (waits again) and sets nothing. */
function expectReask(result: NodeResult) {
  expect(result.wait?.kind).toBe('message');
  expect(result.setVars).toBeUndefined();
}

describe('bot.ask', () => {
  it('asks in the conversation of the run and waits for a message', async () => {
    const { chat, start } = setup({});
    const result = await start();
    expect(chat.messages).toEqual([
      // The key (run, step, index) keeps a step resumed after a crash from asking twice.
      { conversationId: 'run-1', text: 'ご連絡先は？', nodeId: 'node-1', key: 'run-1:3:0' },
    ]);
    expect(result.wait).toEqual({ kind: 'message', state: { tries: 0 } });
  });

  it('sets an idle timeout when asked to', async () => {
    const { start } = setup({ timeoutSeconds: 300 });
    expect((await start()).wait).toEqual({ kind: 'message', timeoutAt: T + 300_000, state: { tries: 0 } });
  });

  it('rejects foo@ and accepts Taro@Example.com as taro@example.com', async () => {
    const { chat, answer } = setup({ inputType: 'email', variable: 'email' });
    const invalid = await answer('foo@');
    expect(invalid.wait).toMatchObject({ kind: 'message', state: { tries: 1 } });
    expect(invalid.setVars).toBeUndefined();
    expect(chat.textsOf('run-1')[0]).toContain('メールアドレス');
    const valid = await answer('  Taro@Example.com ', 1);
    expect(valid).toEqual({
      branch: 'answered',
      output: { answer: 'taro@example.com' },
      setVars: { email: 'taro@example.com' },
    });
  });

  it('normalises phone numbers to E.164', async () => {
    const { answer } = setup({ inputType: 'phone' });
    expect((await answer('03-1234-5678')).setVars).toEqual({ answer: '+81312345678' });
    expect((await answer('０９０－１２３４－５６７８')).setVars).toEqual({ answer: '+819012345678' });
    expect((await answer('+1 650-253-0000')).setVars).toEqual({ answer: '+16502530000' });
    expectReask(await answer('12345'));
  });

  it('reads numbers with another default region', async () => {
    const { answer } = setup({ inputType: 'phone', defaultRegion: 'US' });
    expect((await answer('(650) 253-0000')).setVars).toEqual({ answer: '+16502530000' });
  });

  it('reads full-width and grouped numbers as numbers', async () => {
    const { answer } = setup({ inputType: 'number' });
    expect((await answer('１２３')).setVars).toEqual({ answer: 123 });
    expect((await answer('1,234')).setVars).toEqual({ answer: 1234 });
    expect((await answer('-2.5')).setVars).toEqual({ answer: -2.5 });
    expectReask(await answer('12abc'));
  });

  it('turns dates into YYYY-MM-DD', async () => {
    const { answer } = setup({ inputType: 'date' });
    for (const text of ['2026-11-22', '2026/11/22', '2026年11月22日', '２０２６年１１月２２日']) {
      expect((await answer(text)).setVars, text).toEqual({ answer: '2026-11-22' });
    }
    expect((await answer('2026/1/5')).setVars).toEqual({ answer: '2026-01-05' });
    expectReask(await answer('2026-02-30'));
  });

  it('trims names and refuses empty or over-long ones', async () => {
    const { answer } = setup({ inputType: 'name' });
    expect((await answer('  山田　太郎 ')).setVars).toEqual({ answer: '山田 太郎' });
    expectReask(await answer('   '));
    expectReask(await answer('あ'.repeat(101)));
    expect((await answer('あ'.repeat(100))).branch).toBe('answered');
  });

  it('re-asks `retries` times, then gives up on invalid_after_retries', async () => {
    const { chat, answer } = setup({ inputType: 'email', retries: 2, language: 'en' });
    const first = await answer('nope', 0);
    expect(first.wait?.state).toEqual({ tries: 1 });
    const second = await answer('still nope', 1);
    expect(second.wait?.state).toEqual({ tries: 2 });
    const third = await answer('never', 2);
    expect(third).toEqual({ branch: 'invalid_after_retries', output: { answer: null, lastInput: 'never' } });
    expect(chat.textsOf('run-1')).toHaveLength(2);
    expect(chat.textsOf('run-1')[0]).toContain('e-mail address');
  });

  it('gives up at once with retries 0', async () => {
    const { chat, answer } = setup({ inputType: 'number', retries: 0 });
    expect((await answer('x')).branch).toBe('invalid_after_retries');
    expect(chat.messages).toHaveLength(0);
  });

  it('uses its own re-ask message when given one, and renews the idle timeout', async () => {
    const { chat, answer } = setup({
      inputType: 'number',
      retryMessage: '半角の数字でお願いします',
      timeoutSeconds: 60,
    });
    const result = await answer('たくさん');
    expect(chat.textsOf('run-1')).toEqual(['半角の数字でお願いします']);
    expect(result.wait).toEqual({ kind: 'message', timeoutAt: T + 60_000, state: { tries: 1 } });
  });

  it('follows timeout when the wait times out', async () => {
    const chat = new MemoryChat();
    const result = await resume(askNode, {
      config: { prompt: 'q', variable: 'a', timeoutSeconds: 60 },
      ports: { chat },
      event: { kind: 'timeout' },
      waitState: { tries: 1 },
    });
    expect(result).toEqual({ branch: 'timeout', output: { answer: null } });
    expect(result.setVars).toBeUndefined();
  });

  it('accepts any non-empty text for the text type', async () => {
    const { answer } = setup({});
    expect((await answer(' こんにちは ')).setVars).toEqual({ answer: 'こんにちは' });
    expectReask(await answer(''));
  });

  it('refuses an unknown phone region as a config error', async () => {
    const chat = new MemoryChat();
    const error = await rejection(
      run(askNode, { config: { prompt: 'q', variable: 'a', defaultRegion: 'XX' }, ports: { chat } }),
    );
    expect(error).toMatchObject({ code: 'invalid_config', retryable: false });
    expect(chat.messages).toHaveLength(0);
  });

  it('names the variable it sets', () => {
    expect(askNode.setsVariables).toEqual({ field: 'variable' });
  });
});

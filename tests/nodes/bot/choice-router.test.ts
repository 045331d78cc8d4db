import { describe, expect, it } from 'vitest';
import { choiceNode } from '../../../nodes/bot/choice';
import { routerNode } from '../../../nodes/bot/router';
import { createDefaultRegistry } from '../../../nodes/index';
import { MemoryChat } from '../../../runtime/testing/memory-ports';
import { rejection, resume, run } from '../context';

const registry = createDefaultRegistry();

describe('bot.choice', () => {
  const config = { prompt: 'ご用件は？', options: ['資料請求', 'Demo', '料金'], variable: 'topic' };
  const pick = (text: string, extra: Record<string, unknown> = {}) =>
    resume(choiceNode, { config: { ...config, ...extra }, event: { kind: 'message', text } });

  it('shows the options as buttons and waits', async () => {
    const chat = new MemoryChat();
    const result = await run(choiceNode, { config, ports: { chat } });
    expect(chat.messages).toEqual([
      {
        conversationId: 'run-1',
        text: 'ご用件は？',
        choices: ['資料請求', 'Demo', '料金'],
        nodeId: 'node-1',
        key: 'run-1:3:0',
      },
    ]);
    expect(result.wait).toEqual({ kind: 'message', state: {} });
  });

  it('follows the branch of the button pressed and keeps the option', async () => {
    expect(await pick('資料請求')).toEqual({
      branch: '資料請求',
      output: { selected: '資料請求', text: '資料請求' },
      setVars: { topic: '資料請求' },
    });
  });

  it('matches typed text trimmed, full-width and in any case', async () => {
    expect((await pick('  ＤＥＭＯ ')).branch).toBe('Demo');
    expect((await pick('demo')).setVars).toEqual({ topic: 'Demo' });
  });

  it('follows other for text that is no option, setting nothing', async () => {
    expect(await pick('電話して')).toEqual({ branch: 'other', output: { selected: null, text: '電話して' } });
  });

  it('sets no variable when none is named', async () => {
    const result = await resume(choiceNode, {
      config: { prompt: 'q', options: ['A'] },
      event: { kind: 'message', text: 'a' },
    });
    expect(result.branch).toBe('A');
    expect(result.setVars).toBeUndefined();
  });

  it('has one branch per option, then other', () => {
    expect(registry.branchesOf('bot.choice', config)).toEqual(['資料請求', 'Demo', '料金', 'other']);
    expect(registry.variablesSetBy('bot.choice', config)).toEqual(['topic']);
  });

  it('refuses duplicate options (also when they differ only in case or width), naming one', async () => {
    const chat = new MemoryChat();
    const error = await rejection(
      run(choiceNode, { config: { prompt: 'q', options: ['Yes', 'ｙｅｓ'] }, ports: { chat } }),
    );
    expect(error).toMatchObject({ code: 'invalid_config', retryable: false });
    expect(error.localized?.ja).toContain('ｙｅｓ');
    expect(chat.messages).toHaveLength(0);
    const other = await rejection(
      run(choiceNode, { config: { prompt: 'q', options: ['other'] }, ports: { chat } }),
    );
    expect(other.message).toContain('other');
  });

  it('limits options to 1–20 of 1–80 characters', () => {
    const check = (options: unknown[]) => registry.checkConfig('bot.choice', { prompt: 'q', options });
    expect(check([])).not.toEqual([]);
    expect(check(Array.from({ length: 21 }, (_, i) => `o${i}`))).not.toEqual([]);
    expect(check(Array.from({ length: 20 }, (_, i) => `o${i}`))).toEqual([]);
    expect(check(['あ'.repeat(81)]).map((i) => i.path)).toContain('/options/0');
    expect(check(['あ'.repeat(80)])).toEqual([]);
  });
});

describe('bot.router', () => {
  const rules = [
    {
      name: 'vip',
      conditions: {
        combinator: 'all',
        rules: [
          { left: 'gold', operator: 'in_list', right: 'gold, platinum' },
          { left: '120', operator: 'greater_than', right: '100' },
        ],
      },
    },
    {
      name: 'japan',
      conditions: {
        combinator: 'any',
        rules: [{ left: '+81312345678', operator: 'starts_with', right: '+81' }],
      },
    },
  ];

  it('follows the first rule that holds', async () => {
    expect(await run(routerNode, { config: { rules } })).toEqual({
      branch: 'vip',
      output: { matchedRule: 'vip' },
    });
    expect((await run(routerNode, { config: { rules: rules.slice(1) } })).branch).toBe('japan');
  });

  it('follows not_matched when none holds', async () => {
    const never = [{ name: 'never', conditions: { combinator: 'any', rules: [] } }];
    expect(await run(routerNode, { config: { rules: never } })).toEqual({
      branch: 'not_matched',
      output: { matchedRule: null },
    });
  });

  it('has one branch per rule, then not_matched', () => {
    expect(registry.branchesOf('bot.router', { rules })).toEqual(['vip', 'japan', 'not_matched']);
    expect(registry.checkConfig('bot.router', { rules })).toEqual([]);
  });

  it('refuses two rules with one name', async () => {
    const error = await rejection(run(routerNode, { config: { rules: [rules[0], rules[0]] } }));
    expect(error).toMatchObject({ code: 'invalid_config', retryable: false });
    expect(error.message).toContain('vip');
  });
});

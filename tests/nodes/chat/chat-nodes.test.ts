import { describe, expect, it } from 'vitest';
import { forwardToOperatorNode } from '../../../nodes/bot/forward-to-operator';
import { chatTriggerNode } from '../../../nodes/trigger/chat';
import type { OperatorRequest, OperatorsPort } from '../../../runtime/ports/operators';
import { MemoryChat } from '../../../runtime/testing/memory-ports';
import { run } from '../context';

/** Operators with one available agent in `sales`. */
function operators(): OperatorsPort & { asked: OperatorRequest[] } {
  const asked: OperatorRequest[] = [];
  return {
    asked,
    forward: async (request) => {
      asked.push(request);
      if (request.departmentId !== 'sales') {
        return { status: 'no_operator_available', departmentId: request.departmentId, reason: 'no_agent' };
      }
      return { status: 'forwarded', agentId: 'a1', agentName: '佐藤', departmentId: 'sales' };
    },
  };
}

describe('trigger.chat', () => {
  it('hands on the visitor and copies the known fields into variables', async () => {
    const trigger = {
      visitor: {
        name: '山田 花子',
        email: 'hanako@example.com',
        phone: '',
        pageUrl: 'https://shop.example/',
        language: 'ja',
      },
      firstMessage: 'こんにちは',
    };
    const result = await run(chatTriggerNode, { config: {}, trigger });
    expect(result.branch).toBe('next');
    expect(result.output).toEqual(trigger);
    expect(result.setVars).toEqual({
      visitor_name: '山田 花子',
      visitor_email: 'hanako@example.com',
      visitor_pageUrl: 'https://shop.example/',
      visitor_language: 'ja',
    });
  });

  it('starts without visitor details', async () => {
    const result = await run(chatTriggerNode, { config: { startOn: 'first_message' }, trigger: {} });
    expect(result.setVars).toEqual({});
  });
});

describe('bot.forward_to_operator', () => {
  it('forwards to the department a variable names and tells the visitor', async () => {
    const chat = new MemoryChat();
    const ops = operators();
    const result = await run(forwardToOperatorNode, {
      config: { department: ' sales ', message: '担当者におつなぎします。', agents: ['sato@example.com'] },
      ports: { chat, operators: ops },
      runId: 'conv-1',
    });
    expect(ops.asked).toEqual([
      // The step key lets a step run again after a crash find its own hand-over.
      { conversationId: 'conv-1', departmentId: 'sales', agents: ['sato@example.com'], key: 'conv-1:3' },
    ]);
    expect(result).toEqual({
      branch: 'forwarded',
      output: { agentId: 'a1', agentName: '佐藤', departmentId: 'sales' },
    });
    expect(chat.textsOf('conv-1')).toEqual(['担当者におつなぎします。']);
  });

  it('takes no_operator_available and says nothing when nobody is free', async () => {
    const chat = new MemoryChat();
    const result = await run(forwardToOperatorNode, {
      config: { department: 'support', message: '担当者におつなぎします。' },
      ports: { chat, operators: operators() },
    });
    expect(result.branch).toBe('no_operator_available');
    expect(chat.messages).toHaveLength(0);
  });

  it('names the missing port when the server has no operators', async () => {
    await expect(run(forwardToOperatorNode, { config: { department: 'sales' } })).rejects.toMatchObject({
      code: 'port_missing',
    });
  });
});

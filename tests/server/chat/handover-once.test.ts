import { afterEach, describe, expect, it } from 'vitest';
import { supportDesk } from './bots';
import { openChatWorld, type ChatWorld } from './support';

let world: ChatWorld | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

describe('forwarding to an agent, repeated after a crash', () => {
  it('keeps the first hand-over: one "joined" line, the same agent, even when another agent is free', async () => {
    const w = (world = await openChatWorld());
    await supportDesk(w.db, true);
    await w.db.models.CrmAgent.create({
      id: 'agent-2',
      name: '鈴木',
      email: 'suzuki@example.com',
      departmentId: 'support',
      status: 'active',
    });
    await w.db.models.ChatAgentPresence.create({
      agentId: 'agent-2',
      available: true,
      updatedAt: Date.now(),
    });
    const request = { conversationId: 'conv-1', departmentId: 'support', key: 'conv-1:4' };
    const first = await w.chat.ports.operators.forward(request);
    // The step runs again (its process died before the checkpoint): same key, same answer.
    const again = await w.chat.ports.operators.forward(request);
    expect(again).toEqual(first);
    expect(first).toMatchObject({ status: 'forwarded', departmentId: 'support' });
    const lines = await w.db.models.ChatMessage.findAll({ where: { conversationId: 'conv-1' } });
    expect(lines.map((line) => [line.sender, line.text])).toEqual([
      ['system', first.status === 'forwarded' ? `${first.agentName} が対応します。` : ''],
    ]);
    const conversation = await w.db.models.ChatConversation.findByPk('conv-1');
    expect(conversation?.agentId).toBe(first.status === 'forwarded' ? first.agentId : undefined);
  });

  it('a later forwarding step of the same conversation is a new hand-over', async () => {
    const w = (world = await openChatWorld());
    await supportDesk(w.db, true);
    await w.chat.ports.operators.forward({
      conversationId: 'conv-2',
      departmentId: 'support',
      key: 'conv-2:4',
    });
    await w.chat.ports.operators.forward({
      conversationId: 'conv-2',
      departmentId: 'support',
      key: 'conv-2:9',
    });
    const lines = await w.db.models.ChatMessage.findAll({ where: { conversationId: 'conv-2' } });
    expect(lines.map((line) => line.text)).toEqual(['佐藤 が対応します。', '佐藤 が対応します。']);
  });
});

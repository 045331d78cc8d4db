import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app';
import { activate, leadBot, supportDesk } from './bots';

let t: TestApp;
let auth: string;

beforeAll(async () => {
  t = await createTestApp();
  await activate(t.db, leadBot());
  await supportDesk(t.db, false);
  auth = `Bearer ${(await t.userWithToken('editor')).token}`;
});

afterAll(async () => {
  await t.services.lifecycle.stop();
  await t.dispose();
});

interface Turn {
  conversationId: string;
  token: string;
  status: string;
  messages: Array<{ id: number; sender: string; text: string }>;
}

async function start(): Promise<Turn> {
  const res = await request(t.app)
    .post('/api/chat/bots/lead-bot/conversations')
    .set('Origin', 'https://shop.example')
    .send({ visitor: { language: 'ja-JP', pageUrl: 'https://shop.example/contact', name: '  Taro  ' } })
    .expect(201);
  expect(res.headers['access-control-allow-origin']).toBe('*');
  return res.body as Turn;
}

async function send(turn: Turn, text: string, status = 200): Promise<Turn> {
  const res = await request(t.app)
    .post(`/api/chat/conversations/${turn.conversationId}/messages`)
    .set('X-Chat-Token', turn.token)
    .send({ text })
    .expect(status);
  return res.body as Turn;
}

describe('agent inbox over HTTP', () => {
  it('an available agent gets the forwarded chat, sees the bot part, replies, and closes it', async () => {
    await request(t.app)
      .put('/api/inbox/agents/agent-1/presence')
      .set('Authorization', auth)
      .send({ available: true })
      .expect(204);
    const turn = await start();
    await send(turn, 'Taro');
    await send(turn, 'taro@example.com');
    const handed = await send(turn, '相談したい');
    expect(handed.status).toBe('forwarded');

    const list = await request(t.app).get('/api/inbox/conversations').set('Authorization', auth).expect(200);
    const item = (
      list.body.items as Array<{ id: string; agentId: string; visitor: Record<string, string> }>
    ).find((c) => c.id === turn.conversationId);
    expect(item).toMatchObject({
      agentId: 'agent-1',
      visitor: { name: 'Taro', pageUrl: 'https://shop.example/contact' },
    });

    const waiting = await send(turn, '聞こえますか？');
    const detail = await request(t.app)
      .get(`/api/inbox/conversations/${turn.conversationId}`)
      .set('Authorization', auth)
      .expect(200);
    const senders = (detail.body.messages as Array<{ sender: string }>).map((m) => m.sender);
    expect(senders.slice(0, 2)).toEqual(['bot', 'bot']);
    expect(senders.at(-1)).toBe('visitor');

    await request(t.app)
      .post(`/api/inbox/conversations/${turn.conversationId}/reply`)
      .set('Authorization', auth)
      .send({ text: 'はい、佐藤です。' })
      .expect(201);
    const after = waiting.messages.at(-1)?.id ?? 0;
    const polled = await request(t.app)
      .get(`/api/chat/conversations/${turn.conversationId}/messages?after=${after}`)
      .set('X-Chat-Token', turn.token)
      .expect(200);
    expect(polled.body.messages).toEqual([
      expect.objectContaining({ sender: 'agent', text: 'はい、佐藤です。' }),
    ]);

    await request(t.app)
      .post(`/api/inbox/conversations/${turn.conversationId}/close`)
      .set('Authorization', auth)
      .expect(204);
    const closed = await send(turn, 'まだいますか', 409);
    expect(closed).toMatchObject({ error: { code: 'conversation_closed' } });
  });

  it('needs a signed-in user for the inbox', async () => {
    await request(t.app).get('/api/inbox/conversations').expect(401);
  });

  it('refuses an oversized message and limits messages per conversation', async () => {
    const turn = await start();
    const big = await send(turn, 'あ'.repeat(2_001), 400);
    expect(big).toMatchObject({ error: { code: 'invalid_message' } });
    let limited = 0;
    for (let i = 0; i < 32; i++) {
      const res = await request(t.app)
        .post(`/api/chat/conversations/${turn.conversationId}/messages`)
        .set('X-Chat-Token', turn.token)
        .send({ text: 'x' });
      if (res.status === 429) limited += 1;
    }
    expect(limited).toBeGreaterThan(0);
  });

  it('answers the browser preflight for the widget on another site', async () => {
    const res = await request(t.app)
      .options('/api/chat/conversations/abc/messages')
      .set('Origin', 'https://shop.example')
      .set('Access-Control-Request-Method', 'POST')
      .expect(204);
    expect(res.headers['access-control-allow-headers']).toContain('X-Chat-Token');
  });

  it('serves the widget script to other origins', async () => {
    const res = await request(t.app).get('/widget.js').expect(200);
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.text).not.toContain('innerHTML');
  });
});

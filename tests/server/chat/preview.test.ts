import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app';
import { leadBot, supportDesk } from './bots';

let t: TestApp;
let auth: string;
let viewer: string;

beforeAll(async () => {
  t = await createTestApp();
  await supportDesk(t.db, true);
  auth = `Bearer ${(await t.userWithToken('editor')).token}`;
  viewer = `Bearer ${(await t.userWithToken('viewer')).token}`;
});

afterAll(async () => {
  await t.services.lifecycle.stop();
  await t.dispose();
});

interface Step {
  nodeId: string;
  nodeType: string;
  status: string;
  branch?: string;
  output?: Record<string, unknown>;
}
interface Turn {
  previewId: string;
  status: string;
  messages: Array<{ id: number; sender: string; text: string; choices?: string[]; nodeId?: string }>;
  run: { status: string; steps: Step[] };
}

/** A draft workflow made through the API, as the editor does: never published, never activated. */
async function draftBot(name: string): Promise<string> {
  const res = await request(t.app)
    .post('/api/workflows')
    .set('Authorization', auth)
    .send({ name, draft: leadBot('ignored') })
    .expect(201);
  return String(res.body.id);
}

async function start(workflowId: string): Promise<Turn> {
  const res = await request(t.app)
    .post(`/api/workflows/${workflowId}/preview`)
    .set('Authorization', auth)
    .send({ language: 'ja' })
    .expect(201);
  return res.body as Turn;
}

async function say(workflowId: string, turn: Turn, text: string, status = 200): Promise<Turn> {
  const res = await request(t.app)
    .post(`/api/workflows/${workflowId}/preview/${turn.previewId}/messages`)
    .set('Authorization', auth)
    .send({ text })
    .expect(status);
  return res.body as Turn;
}

const lines = (turn: Turn): string[] => turn.messages.map((m) => `${m.sender}: ${m.text}`);
const path = (turn: Turn): string[] => turn.run.steps.map((s) => `${s.nodeId}:${s.status}:${s.branch ?? ''}`);

describe('chat preview of a draft bot', () => {
  it('talks with the draft, returns the steps taken each turn, and leaves the workflow unpublished', async () => {
    const id = await draftBot('プレビュー用ボット');
    const first = await start(id);
    expect(first.status).toBe('bot');
    expect(lines(first)).toEqual([
      'bot: こんにちは！お問い合わせを承ります。',
      'bot: お名前を教えてください。',
    ]);
    expect(first.messages[1]?.nodeId).toBe('name');
    expect(path(first)).toEqual(['start:succeeded:next', 'hello:succeeded:next', 'name:waiting:']);

    const named = await say(id, first, '山田 花子');
    expect(lines(named)).toEqual([
      'visitor: 山田 花子',
      'bot: 山田 花子さん、メールアドレスを教えてください。',
    ]);
    expect(path(named)).toContain('name:succeeded:answered');
    expect(path(named).at(-1)).toBe('email:waiting:');

    const mailed = await say(id, first, 'hanako@example.com');
    const choice = mailed.messages.at(-1);
    expect(choice?.text).toBe('優先度を選んでください。');
    expect(choice?.choices).toEqual(['高', '低']);

    const done = await say(id, first, '高');
    expect(lines(done)).toEqual([
      'visitor: 高',
      'bot: 山田 花子さん（hanako@example.com）、優先度「高」で受け付けました。',
      'bot: ありがとうございました。',
    ]);
    expect(done.status).toBe('ended');
    expect(path(done)).toEqual(expect.arrayContaining(['priority:succeeded:高', 'done:succeeded:next']));
    await say(id, first, 'もう一度', 409);

    // Nothing was published or switched on; the run is marked as a preview of the draft.
    const workflow = await request(t.app).get(`/api/workflows/${id}`).set('Authorization', auth).expect(200);
    expect(workflow.body).toMatchObject({ active: false, activeVersion: null, latestVersion: 0 });
    const run = await request(t.app)
      .get(`/api/executions/${first.previewId}`)
      .set('Authorization', auth)
      .expect(200);
    expect(run.body).toMatchObject({ mode: 'preview', version: null, workflowId: id, trigger: 'chat' });
    // Not a live conversation: no conversation row, and the widget's endpoints do not know it.
    expect(await t.db.models.ChatConversation.count()).toBe(0);
    await request(t.app)
      .get(`/api/chat/conversations/${first.previewId}/messages`)
      .set('X-Chat-Token', 'anything')
      .expect(404);
  });

  it('reports a hand-over to a person without forwarding anything to the inbox', async () => {
    const id = await draftBot('転送の確認');
    const turn = await start(id);
    await say(id, turn, 'Taro');
    await say(id, turn, 'taro@example.com');
    const handed = await say(id, turn, '相談したい');
    expect(handed.status).toBe('forwarded');
    const human = handed.run.steps.find((s) => s.nodeId === 'human');
    expect(human).toMatchObject({
      branch: 'forwarded',
      output: { agentName: '佐藤', departmentId: 'support' },
    });
    expect(lines(handed)).toContain('bot: 担当者におつなぎしました。');
    // The agent was available, yet nothing reached them.
    expect(await t.db.models.ChatConversation.count()).toBe(0);
    const inbox = await request(t.app).get('/api/inbox/conversations').set('Authorization', auth).expect(200);
    expect(inbox.body.items).toEqual([]);
    await say(id, turn, 'まだいますか', 409);
  });

  it('reads the lines after a cursor, stops a preview on restart, and refuses what it should', async () => {
    const id = await draftBot('停止の確認');
    const turn = await start(id);
    const cursor = turn.messages[0]?.id ?? 0;
    const read = await request(t.app)
      .get(`/api/workflows/${id}/preview/${turn.previewId}?after=${cursor}`)
      .set('Authorization', auth)
      .expect(200);
    expect(lines(read.body as Turn)).toEqual(['bot: お名前を教えてください。']);

    await request(t.app)
      .post(`/api/workflows/${id}/preview/${turn.previewId}/messages`)
      .set('Authorization', auth)
      .send({ text: '' })
      .expect(400);
    await request(t.app)
      .post(`/api/workflows/${id}/preview`)
      .set('Authorization', viewer)
      .send({})
      .expect(403);
    // A preview belongs to its workflow: another workflow's path does not reach it.
    const other = await draftBot('別のボット');
    await request(t.app)
      .post(`/api/workflows/${other}/preview/${turn.previewId}/messages`)
      .set('Authorization', auth)
      .send({ text: 'hi' })
      .expect(404);

    await request(t.app)
      .delete(`/api/workflows/${id}/preview/${turn.previewId}`)
      .set('Authorization', auth)
      .expect(204);
    const stopped = await request(t.app)
      .get(`/api/executions/${turn.previewId}`)
      .set('Authorization', auth)
      .expect(200);
    expect(stopped.body.status).toBe('canceled');
    await say(id, turn, 'Taro', 409);

    const plain = await request(t.app)
      .post('/api/workflows')
      .set('Authorization', auth)
      .send({
        name: '手動実行だけ',
        draft: {
          ...leadBot('ignored'),
          nodes: [
            {
              id: 'go',
              type: 'trigger.manual',
              typeVersion: 1,
              position: { x: 0, y: 0 },
              label: 'go',
              config: {},
            },
          ],
          edges: [],
        },
      })
      .expect(201);
    const refused = await request(t.app)
      .post(`/api/workflows/${plain.body.id}/preview`)
      .set('Authorization', auth)
      .send({})
      .expect(422);
    expect(refused.body.error.code).toBe('no_chat_trigger');
  });
});

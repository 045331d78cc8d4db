import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let editor: string;
let viewer: string;
const as = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeEach(async () => {
  t = await createTestApp();
  editor = (await t.userWithToken('editor')).token;
  viewer = (await t.userWithToken('viewer')).token;
});
afterEach(async () => {
  await t.dispose();
});

async function salesPipeline(): Promise<{ id: string; stages: Array<{ id: string; name: string }> }> {
  const res = await request(t.app)
    .post('/api/pipelines')
    .set(as(editor))
    .send({
      module: 'deals',
      name: '商談',
      stages: [{ name: '新規' }, { name: '提案' }, { name: '受注', outcome: 'won' }],
      customFields: [
        { key: 'budget', label: { ja: '予算', en: 'Budget' }, type: 'number' },
        {
          key: 'product',
          label: { ja: '商材', en: 'Product' },
          type: 'picklist',
          options: ['クラウド版', '導入支援'],
          required: true,
        },
        { key: 'site', label: { ja: 'サイト', en: 'Site' }, type: 'url' },
      ],
    })
    .expect(201);
  return res.body;
}

describe('records API validation', () => {
  it('refuses a lead with every problem named by field, in both languages', async () => {
    const res = await request(t.app)
      .post('/api/records/leads')
      .set(as(editor))
      .send({ email: 'yamada at example', phone: 'call me', nickname: 'taro' })
      .expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    const fields = res.body.error.details.map((problem: { field: string }) => problem.field).sort();
    expect(fields).toEqual(['email', 'name', 'nickname', 'phone']);
    const email = res.body.error.details.find((problem: { field: string }) => problem.field === 'email');
    expect(email.message.ja).toContain('メールアドレス');
    expect(email.message.en).toContain('E-mail');
    expect(await t.db.models.CrmRecord.count()).toBe(0);
  });

  it('names the custom field that is wrong, and the one that is missing', async () => {
    const pipeline = await salesPipeline();
    const res = await request(t.app)
      .post('/api/records/deals')
      .set(as(editor))
      .send({
        name: '結び商事 導入',
        pipelineId: pipeline.id,
        amount: '百万',
        customFields: { budget: 'たくさん', site: 'musubi.example', color: 'red' },
      })
      .expect(400);
    const fields = res.body.error.details.map((problem: { field: string }) => problem.field).sort();
    expect(fields).toEqual([
      'amount',
      'customFields.budget',
      'customFields.color',
      'customFields.product',
      'customFields.site',
    ]);
  });

  it('refuses a stage of another pipeline, naming stageId', async () => {
    const pipeline = await salesPipeline();
    const other = await request(t.app)
      .post('/api/pipelines')
      .set(as(editor))
      .send({ module: 'deals', name: '別', stages: [{ name: 'A' }] })
      .expect(201);
    const res = await request(t.app)
      .post('/api/records/deals')
      .set(as(editor))
      .send({
        name: 'x',
        pipelineId: pipeline.id,
        stageId: other.body.stages[0].id,
        customFields: { product: '導入支援' },
      })
      .expect(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'stageId' })]);
  });

  it('refuses a deal without a pipeline and a contact id that is not a contact', async () => {
    const lead = await request(t.app)
      .post('/api/records/leads')
      .set(as(editor))
      .send({ name: '見込み' })
      .expect(201);
    const res = await request(t.app)
      .post('/api/records/deals')
      .set(as(editor))
      .send({ name: 'x', contactId: lead.body.id })
      .expect(400);
    expect(res.body.error.details.map((problem: { field: string }) => problem.field).sort()).toEqual([
      'contactId',
      'pipelineId',
    ]);
  });

  it('lets viewers read but not write, and answers 404 for an unknown module', async () => {
    await request(t.app).post('/api/records/leads').set(as(viewer)).send({ name: 'x' }).expect(403);
    await request(t.app).get('/api/records/leads').set(as(viewer)).expect(200);
    await request(t.app).get('/api/records/unicorns').set(as(viewer)).expect(404);
    await request(t.app).get('/api/records/leads').expect(401);
  });
});

describe('records API', () => {
  it('creates, reads, updates (only the fields sent) and deletes a contact, with the creator as owner', async () => {
    const created = await request(t.app)
      .post('/api/records/contacts')
      .set(as(editor))
      .send({ name: '山田 太郎', email: 'Taro@Example.JP', phone: '03-1234-5678', title: '部長' })
      .expect(201);
    expect(created.body).toMatchObject({
      module: 'contacts',
      name: '山田 太郎',
      phone: '03-1234-5678',
      phoneE164: '+81312345678',
      title: '部長',
    });
    expect(created.body.ownerId).toBe(created.body.createdBy);
    const id = created.body.id;
    const updated = await request(t.app)
      .patch(`/api/records/contacts/${id}`)
      .set(as(editor))
      .send({ title: '取締役' })
      .expect(200);
    expect(updated.body).toMatchObject({ title: '取締役', email: 'Taro@Example.JP' });
    const got = await request(t.app).get(`/api/records/contacts/${id}`).set(as(viewer)).expect(200);
    expect(got.body.title).toBe('取締役');
    await request(t.app).get(`/api/records/leads/${id}`).set(as(viewer)).expect(404);
    await request(t.app).delete(`/api/records/contacts/${id}`).set(as(editor)).expect(204);
    await request(t.app).get(`/api/records/contacts/${id}`).set(as(viewer)).expect(404);
  });

  it('finds a contact by its phone in any written form, and by e-mail whatever the case', async () => {
    await request(t.app)
      .post('/api/records/contacts')
      .set(as(editor))
      .send({ name: '山田 太郎', email: 'taro@example.jp', phone: '03-1234-5678' })
      .expect(201);
    await request(t.app)
      .post('/api/records/contacts')
      .set(as(editor))
      .send({ name: '鈴木 花子', phone: '090-8765-4321' })
      .expect(201);
    const names = async (query: Record<string, string>) =>
      (
        await request(t.app).get('/api/records/contacts').query(query).set(as(viewer)).expect(200)
      ).body.items.map((item: { name: string }) => item.name);
    for (const written of [
      '03-1234-5678',
      '+81312345678',
      '(03) 1234-5678',
      '０３－１２３４－５６７８',
      '+81 3-1234-5678',
      '0312345678',
    ]) {
      expect(await names({ q: written }), written).toEqual(['山田 太郎']);
      expect(await names({ phone: written }), written).toEqual(['山田 太郎']);
    }
    expect(await names({ q: '5678' })).toEqual(['山田 太郎']);
    expect(await names({ email: 'TARO@EXAMPLE.JP' })).toEqual(['山田 太郎']);
    expect(await names({ q: '花子' })).toEqual(['鈴木 花子']);
    const bad = await request(t.app)
      .get('/api/records/contacts')
      .query({ phone: 'abc' })
      .set(as(viewer))
      .expect(400);
    expect(bad.body.error.details[0].field).toBe('phone');
  });

  it('pages and filters a list, and names an unknown filter', async () => {
    const pipeline = await salesPipeline();
    for (let i = 1; i <= 5; i++) {
      await request(t.app)
        .post('/api/records/deals')
        .set(as(editor))
        .send({
          name: `商談 ${i}`,
          pipelineId: pipeline.id,
          stageId: pipeline.stages[i % 2]?.id,
          amount: i * 100,
          customFields: { product: 'クラウド版' },
        })
        .expect(201);
    }
    const page = await request(t.app)
      .get('/api/records/deals')
      .query({ limit: '2', offset: '1', sort: 'amount' })
      .set(as(viewer))
      .expect(200);
    expect(page.body).toMatchObject({ total: 5, limit: 2, offset: 1 });
    expect(page.body.items.map((item: { amount: number }) => item.amount)).toEqual([200, 300]);
    const inStage = await request(t.app)
      .get('/api/records/deals')
      .query({ stageId: pipeline.stages[1]?.id })
      .set(as(viewer))
      .expect(200);
    expect(inStage.body.total).toBe(3);
    const unknown = await request(t.app)
      .get('/api/records/deals')
      .query({ colour: 'red', sort: 'size' })
      .set(as(viewer))
      .expect(400);
    expect(unknown.body.error.details.map((problem: { field: string }) => problem.field).sort()).toEqual([
      'colour',
      'sort',
    ]);
  });

  it('moves a deal between stages, keeping the history (from, to, who, when) in its timeline', async () => {
    const pipeline = await salesPipeline();
    const [first, second, third] = pipeline.stages;
    const deal = await request(t.app)
      .post('/api/records/deals')
      .set(as(editor))
      .send({
        name: '結び商事 導入',
        pipelineId: pipeline.id,
        customFields: { product: 'クラウド版', budget: '1,000,000' },
      })
      .expect(201);
    expect(deal.body).toMatchObject({
      stageId: first?.id,
      customFields: { product: 'クラウド版', budget: 1_000_000 },
    });
    await request(t.app)
      .post(`/api/records/deals/${deal.body.id}/stage`)
      .set(as(editor))
      .send({ stageId: second?.id })
      .expect(200);
    const moved = await request(t.app)
      .post(`/api/records/deals/${deal.body.id}/stage`)
      .set(as(editor))
      .set('X-Musubi-Source', 'ui')
      .send({ stageId: third?.id })
      .expect(200);
    expect(moved.body.stageId).toBe(third?.id);
    const bad = await request(t.app)
      .post(`/api/records/deals/${deal.body.id}/stage`)
      .set(as(editor))
      .send({ stageId: 'nowhere' })
      .expect(400);
    expect(bad.body.error.details[0].field).toBe('stageId');
    const timeline = await request(t.app)
      .get(`/api/records/deals/${deal.body.id}/timeline`)
      .set(as(viewer))
      .expect(200);
    expect(
      timeline.body.stageHistory.map(
        (entry: { fromStageName: string | null; toStageName: string; source: string }) => [
          entry.fromStageName,
          entry.toStageName,
          entry.source,
        ],
      ),
    ).toEqual([
      ['提案', '受注', 'ui'],
      ['新規', '提案', 'api'],
      [null, '新規', 'api'],
    ]);
    expect(timeline.body.stageHistory[0].actor).toMatch(/^editor\d+@example.com$/);
    expect(typeof timeline.body.stageHistory[0].at).toBe('string');
  });

  it('numbers tickets 1, 2, 3 beside their ids and finds one by its number', async () => {
    await request(t.app)
      .post('/api/pipelines')
      .set(as(editor))
      .send({
        module: 'tickets',
        name: 'サポート',
        stages: [{ name: '未対応' }, { name: '完了', outcome: 'closed' }],
      })
      .expect(201);
    const numbers: number[] = [];
    for (const name of ['ログインできない', '請求書', 'CSV']) {
      const res = await request(t.app)
        .post('/api/records/tickets')
        .set(as(editor))
        .send({ name, priority: 'high' })
        .expect(201);
      numbers.push(res.body.number);
    }
    expect(numbers).toEqual([1, 2, 3]);
    const found = await request(t.app)
      .get('/api/records/tickets')
      .query({ number: '#2' })
      .set(as(viewer))
      .expect(200);
    expect(found.body.items.map((item: { name: string }) => item.name)).toEqual(['請求書']);
    const bad = await request(t.app)
      .post('/api/records/tickets')
      .set(as(editor))
      .send({ name: 'x', priority: '至急' })
      .expect(400);
    expect(bad.body.error.details[0].field).toBe('priority');
  });

  it('refuses a ticket for a switched-off department, naming departmentId', async () => {
    await request(t.app)
      .post('/api/pipelines')
      .set(as(editor))
      .send({ module: 'tickets', name: 'サポート', stages: [{ name: '未対応' }] })
      .expect(201);
    const dept = await request(t.app)
      .post('/api/desk/departments')
      .set(as(editor))
      .send({ name: 'サポート部' })
      .expect(201);
    await request(t.app)
      .patch(`/api/desk/departments/${dept.body.id}`)
      .set(as(editor))
      .send({ status: 'disabled' })
      .expect(200);
    const res = await request(t.app)
      .post('/api/records/tickets')
      .set(as(editor))
      .send({ name: 'x', departmentId: dept.body.id })
      .expect(400);
    expect(res.body.error.details[0].field).toBe('departmentId');
  });

  it('adds mailing-list members, updating one with the same e-mail', async () => {
    const list = await request(t.app)
      .post('/api/records/mailing_lists')
      .set(as(editor))
      .send({ name: 'ニュース' })
      .expect(201);
    await request(t.app)
      .post(`/api/records/mailing_lists/${list.body.id}/members`)
      .set(as(editor))
      .send({ name: '山田', email: 'yamada@example.jp' })
      .expect(201);
    const again = await request(t.app)
      .post(`/api/records/mailing_lists/${list.body.id}/members`)
      .set(as(editor))
      .send({ name: '山田 太郎', email: 'YAMADA@example.jp' })
      .expect(200);
    expect(again.body.state).toBe('updated');
    const members = await request(t.app)
      .get(`/api/records/mailing_lists/${list.body.id}/members`)
      .set(as(viewer))
      .expect(200);
    expect(members.body).toMatchObject({ total: 1, items: [{ name: '山田 太郎' }] });
    const bad = await request(t.app)
      .post(`/api/records/mailing_lists/${list.body.id}/members`)
      .set(as(editor))
      .send({ name: 'x', email: 'nope' })
      .expect(400);
    expect(bad.body.error.details[0].field).toBe('email');
  });

  it('keeps saved views per person, with shared ones visible to all', async () => {
    await request(t.app)
      .post('/api/record-views')
      .set(as(editor))
      .send({ module: 'deals', name: '自分の提案中', filters: { stageId: 's2' } })
      .expect(201);
    await request(t.app)
      .post('/api/record-views')
      .set(as(editor))
      .send({ module: 'deals', name: '全員', filters: {}, shared: true })
      .expect(201);
    const mine = await request(t.app)
      .get('/api/record-views')
      .query({ module: 'deals' })
      .set(as(editor))
      .expect(200);
    expect(mine.body.items.map((view: { name: string }) => view.name)).toEqual(['全員', '自分の提案中']);
    const theirs = await request(t.app)
      .get('/api/record-views')
      .query({ module: 'deals' })
      .set(as(viewer))
      .expect(200);
    expect(theirs.body.items.map((view: { name: string }) => view.name)).toEqual(['全員']);
  });
});

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

describe('pipelines API', () => {
  it('creates a ticket pipeline with ordered statuses, adds, renames, reorders and deletes stages', async () => {
    const created = await request(t.app)
      .post('/api/pipelines')
      .set(as(editor))
      .send({
        module: 'tickets',
        name: 'サポート',
        stages: [{ name: '未対応' }, { name: '対応中' }, { name: '完了', outcome: 'closed' }],
      })
      .expect(201);
    const id = created.body.id;
    expect(created.body.stages.map((stage: { name: string }) => stage.name)).toEqual([
      '未対応',
      '対応中',
      '完了',
    ]);
    const added = await request(t.app)
      .post(`/api/pipelines/${id}/stages`)
      .set(as(editor))
      .send({ name: '保留', position: 2 })
      .expect(201);
    expect(added.body.stages.map((stage: { name: string }) => stage.name)).toEqual([
      '未対応',
      '対応中',
      '保留',
      '完了',
    ]);
    const ids: string[] = added.body.stages.map((stage: { id: string }) => stage.id);
    const reordered = await request(t.app)
      .put(`/api/pipelines/${id}/stages/order`)
      .set(as(editor))
      .send({ stageIds: [ids[0], ids[2], ids[1], ids[3]] })
      .expect(200);
    expect(reordered.body.stages.map((stage: { name: string }) => stage.name)).toEqual([
      '未対応',
      '保留',
      '対応中',
      '完了',
    ]);
    await request(t.app)
      .patch(`/api/pipelines/${id}/stages/${ids[2]}`)
      .set(as(editor))
      .send({ name: '保留中', color: '#ffaa00' })
      .expect(200);
    const list = await request(t.app)
      .get('/api/pipelines')
      .query({ module: 'tickets' })
      .set(as(viewer))
      .expect(200);
    expect(list.body.items[0].stages[1]).toMatchObject({ name: '保留中', color: '#ffaa00' });
    await request(t.app).delete(`/api/pipelines/${id}/stages/${ids[2]}`).set(as(editor)).expect(200);
    const dup = await request(t.app)
      .post(`/api/pipelines/${id}/stages`)
      .set(as(editor))
      .send({ name: '未対応' })
      .expect(400);
    expect(dup.body.error.details[0].field).toBe('name');
  });

  it('names the wrong parts of a pipeline body', async () => {
    const res = await request(t.app)
      .post('/api/pipelines')
      .set(as(editor))
      .send({
        module: 'contacts',
        name: '',
        stages: [{ name: '' }],
        customFields: [{ key: 'Bad Key', label: { ja: 'x', en: 'x' }, type: 'colour' }],
      })
      .expect(400);
    const fields: string[] = res.body.error.details.map((problem: { field: string }) => problem.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'module',
        'name',
        'stages.0.name',
        'customFields.0.key',
        'customFields.0.type',
      ]),
    );
    const picklist = await request(t.app)
      .post('/api/pipelines')
      .set(as(editor))
      .send({
        module: 'deals',
        name: 'x',
        stages: [{ name: 'a' }],
        customFields: [{ key: 'plan', label: { ja: 'プラン', en: 'Plan' }, type: 'picklist' }],
      })
      .expect(400);
    expect(picklist.body.error.details[0].field).toBe('customFields.0.options');
  });

  it('refuses to delete a stage or a pipeline that still holds records (409)', async () => {
    const pipeline = await request(t.app)
      .post('/api/pipelines')
      .set(as(editor))
      .send({ module: 'deals', name: '商談', stages: [{ name: '新規' }, { name: '提案' }] })
      .expect(201);
    await request(t.app)
      .post('/api/records/deals')
      .set(as(editor))
      .send({ name: 'd', pipelineId: pipeline.body.id })
      .expect(201);
    const stage = await request(t.app)
      .delete(`/api/pipelines/${pipeline.body.id}/stages/${pipeline.body.stages[0].id}`)
      .set(as(editor))
      .expect(409);
    expect(stage.body.error.code).toBe('stage_in_use');
    await request(t.app).delete(`/api/pipelines/${pipeline.body.id}`).set(as(editor)).expect(409);
    await request(t.app)
      .delete(`/api/pipelines/${pipeline.body.id}/stages/${pipeline.body.stages[1].id}`)
      .set(as(editor))
      .expect(200);
  });

  it('shows the board: records per stage with their counts and automations', async () => {
    const pipeline = await request(t.app)
      .post('/api/pipelines')
      .set(as(editor))
      .send({ module: 'deals', name: '商談', stages: [{ name: '新規' }, { name: '受注', outcome: 'won' }] })
      .expect(201);
    const [first, won] = pipeline.body.stages;
    await request(t.app)
      .post('/api/records/deals')
      .set(as(editor))
      .send({ name: 'a', pipelineId: pipeline.body.id })
      .expect(201);
    await request(t.app)
      .post('/api/records/deals')
      .set(as(editor))
      .send({ name: 'b', pipelineId: pipeline.body.id, stageId: won.id })
      .expect(201);
    const workflow = await request(t.app)
      .post('/api/workflows')
      .set(as(editor))
      .send({ name: 'お礼' })
      .expect(201);
    await request(t.app)
      .post(`/api/pipelines/${pipeline.body.id}/stages/${won.id}/automations`)
      .set(as(editor))
      .send({ workflowId: workflow.body.id, delay: { amount: 2, unit: 'hours' } })
      .expect(201);
    const board = await request(t.app)
      .get(`/api/pipelines/${pipeline.body.id}/board`)
      .set(as(viewer))
      .expect(200);
    expect(
      board.body.stages.map((stage: { name: string; total: number }) => [stage.name, stage.total]),
    ).toEqual([
      ['新規', 1],
      ['受注', 1],
    ]);
    expect(board.body.stages[0].id).toBe(first.id);
    expect(board.body.stages[1].automations).toMatchObject([
      { workflowId: workflow.body.id, workflowName: 'お礼', delay: { amount: 2, unit: 'hours' } },
    ]);
    const bad = await request(t.app)
      .post(`/api/pipelines/${pipeline.body.id}/stages/${won.id}/automations`)
      .set(as(editor))
      .send({ workflowId: 'wf_nothing', delay: { amount: 0, unit: 'weeks' } })
      .expect(400);
    expect(bad.body.error.details.map((problem: { field: string }) => problem.field)).toEqual(
      expect.arrayContaining(['delay']),
    );
  });
});

describe('departments and agents API', () => {
  it('switches a department off and on, deletes an agent, and lists deleted ones only when asked', async () => {
    const dept = await request(t.app)
      .post('/api/desk/departments')
      .set(as(editor))
      .send({ name: 'サポート部' })
      .expect(201);
    const agent = await request(t.app)
      .post('/api/desk/agents')
      .set(as(editor))
      .send({ name: '佐藤', email: 'sato@example.jp', departmentId: dept.body.id })
      .expect(201);
    const off = await request(t.app)
      .patch(`/api/desk/departments/${dept.body.id}`)
      .set(as(editor))
      .send({ status: 'disabled' })
      .expect(200);
    expect(off.body.status).toBe('disabled');
    await request(t.app).delete(`/api/desk/agents/${agent.body.id}`).set(as(editor)).expect(204);
    await request(t.app).delete(`/api/desk/agents/${agent.body.id}`).set(as(editor)).expect(404);
    expect((await request(t.app).get('/api/desk/agents').set(as(viewer)).expect(200)).body.items).toEqual([]);
    const all = await request(t.app)
      .get('/api/desk/agents')
      .query({ includeDeleted: 'true' })
      .set(as(viewer))
      .expect(200);
    expect(all.body.items).toMatchObject([{ name: '佐藤', status: 'deleted' }]);
    const bad = await request(t.app)
      .post('/api/desk/agents')
      .set(as(editor))
      .send({ name: 'x', departmentId: 'nowhere' })
      .expect(400);
    expect(bad.body.error.details[0].field).toBe('departmentId');
  });
});

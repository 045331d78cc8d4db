import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../server/cli';
import { openDatabase } from '../../../server/db/index';
import type { Database } from '../../../server/db/index';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let admin: string;
let editor: string;
const as = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeEach(async () => {
  t = await createTestApp();
  admin = (await t.userWithToken('admin')).token;
  editor = (await t.userWithToken('editor')).token;
});
afterEach(async () => {
  await t.dispose();
});

async function counts(db: Database): Promise<Record<string, number>> {
  const { models } = db;
  return {
    pipelines: await models.CrmPipeline.count(),
    stages: await models.CrmStage.count(),
    departments: await models.CrmDepartment.count(),
    agents: await models.CrmAgent.count(),
    records: await models.CrmRecord.count(),
    history: await models.CrmStageHistory.count(),
    members: await models.CrmListMember.count(),
    workflows: await models.Workflow.count(),
    versions: await models.WorkflowVersion.count(),
    automations: await models.CrmStageAutomation.count(),
    connections: await models.Connection.count(),
  };
}

describe('sample workspace', () => {
  it('adds pipelines, departments, agents, about twenty records and example workflows; a second load adds nothing', async () => {
    await request(t.app).post('/api/sample').set(as(editor)).expect(403);
    const first = await request(t.app).post('/api/sample').set(as(admin)).expect(200);
    expect(first.body.drafts).toEqual([]);
    const after = await counts(t.db);
    expect(after).toMatchObject({
      pipelines: 2,
      stages: 9,
      departments: 3,
      agents: 3,
      members: 2,
      workflows: 4,
      versions: 4,
      automations: 2,
      connections: 3,
    });
    expect(after.records).toBeGreaterThanOrEqual(20);

    const second = await request(t.app).post('/api/sample').set(as(admin)).expect(200);
    expect(Object.values(second.body.added).every((value) => value === 0)).toBe(true);
    const total = (part: string) => first.body.added[part] + first.body.existing[part];
    for (const part of Object.keys(first.body.added))
      expect(second.body.existing[part], part).toBe(total(part));
    expect(await counts(t.db)).toEqual(after);
  });

  it('has the support statuses 未対応 → 対応中 → 保留 → 完了, Japanese names and phone numbers stored as E.164', async () => {
    await request(t.app).post('/api/sample').set(as(admin)).expect(200);
    const support = await request(t.app).get('/api/pipelines/sample-support').set(as(editor)).expect(200);
    expect(support.body.stages.map((stage: { name: string }) => stage.name)).toEqual([
      '未対応',
      '対応中',
      '保留',
      '完了',
    ]);
    const found = await request(t.app)
      .get('/api/records/contacts')
      .query({ q: '(03)5555-0111' })
      .set(as(editor))
      .expect(200);
    expect(found.body.items.map((item: { name: string }) => item.name)).toEqual(['山田 太郎']);
    const tickets = await request(t.app)
      .get('/api/records/tickets')
      .query({ sort: 'number' })
      .set(as(editor))
      .expect(200);
    expect(tickets.body.items.map((item: { number: number }) => item.number)).toEqual([1, 2, 3]);
    const sales = await request(t.app).get('/api/pipelines/sample-sales').set(as(editor)).expect(200);
    expect(
      sales.body.automations.map((automation: { workflowName: string }) => automation.workflowName),
    ).toEqual(['商談のフォローアップ / Deal follow-up', '商談のフォローアップ / Deal follow-up']);
  });

  it('keeps what a person changed in the sample when it is loaded again', async () => {
    await request(t.app).post('/api/sample').set(as(admin)).expect(200);
    await request(t.app)
      .patch('/api/records/leads/sample-lead-kato')
      .set(as(editor))
      .send({ status: '商談化' })
      .expect(200);
    await request(t.app).delete('/api/records/tasks/sample-task-quote').set(as(editor)).expect(204);
    const again = await request(t.app).post('/api/sample').set(as(admin)).expect(200);
    expect(again.body.added.records).toBe(1);
    const lead = await request(t.app).get('/api/records/leads/sample-lead-kato').set(as(editor)).expect(200);
    expect(lead.body.status).toBe('商談化');
  });
});

describe('npx musubi sample', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'musubi-sample-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the sample into the configured database, and twice changes nothing', async () => {
    const env = { MUSUBI_DATA_DIR: dir, MUSUBI_SECRET: 'cd'.repeat(32), LANG: 'en_US.UTF-8' };
    const out: string[] = [];
    expect(
      await runCli({
        argv: ['sample'],
        env,
        cwd: dir,
        stdout: (text) => out.push(text),
        stderr: (text) => out.push(text),
      }),
    ).toBe(0);
    expect(out.join('\n')).toContain('pipelines: 2 added, 0 already there');
    const db = await openDatabase({ url: `sqlite:${join(dir, 'musubi.sqlite')}` });
    const first = await counts(db);
    await db.close();
    out.length = 0;
    expect(
      await runCli({
        argv: ['sample'],
        env,
        cwd: dir,
        stdout: (text) => out.push(text),
        stderr: (text) => out.push(text),
      }),
    ).toBe(0);
    expect(out.join('\n')).toContain('pipelines: 0 added, 2 already there');
    const reopened = await openDatabase({ url: `sqlite:${join(dir, 'musubi.sqlite')}` });
    expect(await counts(reopened)).toEqual(first);
    await reopened.close();
  });
});

import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActiveWorkflowsChange } from '../../server/services';
import { validDocument } from './support/documents';
import { createTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

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

async function createWorkflow(name = '問い合わせ対応'): Promise<string> {
  const res = await request(t.app).post('/api/workflows').set(as(editor)).send({ name }).expect(201);
  return res.body.id;
}

describe('workflow drafts', () => {
  it('creates a blank workflow, saves a draft, reads it back, and lists it', async () => {
    const id = await createWorkflow();
    expect(id).toMatch(/^wf_/);
    const doc = { ...validDocument(), id: 'ignored', name: '見積もり' };
    const saved = await request(t.app).put(`/api/workflows/${id}`).set(as(editor)).send(doc).expect(200);
    expect(saved.body.document.id).toBe(id);
    expect(saved.body.name).toBe('見積もり');
    const got = await request(t.app).get(`/api/workflows/${id}`).set(as(viewer)).expect(200);
    expect(got.body.document.nodes).toHaveLength(2);
    const list = await request(t.app).get('/api/workflows').set(as(viewer)).expect(200);
    expect(list.body).toMatchObject({
      total: 1,
      items: [{ id, name: '見積もり', active: false, latestVersion: 0 }],
    });
    expect(list.body.items[0].document).toBeUndefined();
  });

  it('accepts an unfinished draft but refuses a malformed one with the problem list', async () => {
    const id = await createWorkflow();
    // No trigger: a graph problem, fine for a draft.
    const unfinished = { ...validDocument(), nodes: [], edges: [] };
    await request(t.app).put(`/api/workflows/${id}`).set(as(editor)).send(unfinished).expect(200);
    const malformed = { ...validDocument(), nodes: [{ id: 'x', type: 'logic.set' }] };
    const res = await request(t.app).put(`/api/workflows/${id}`).set(as(editor)).send(malformed).expect(400);
    expect(res.body.error.code).toBe('invalid_document');
    expect(res.body.error.details.problems.length).toBeGreaterThan(0);
    expect(res.body.error.details.problems[0]).toMatchObject({ severity: 'error', nodeId: 'x' });
  });

  it('refuses a save made on top of an older revision (409) instead of overwriting', async () => {
    const id = await createWorkflow();
    const first = await request(t.app).get(`/api/workflows/${id}`).set(as(editor)).expect(200);
    const base: string = first.body.updatedAt;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await request(t.app)
      .put(`/api/workflows/${id}`)
      .set(as(editor))
      .send({ draft: validDocument(), baseUpdatedAt: base })
      .expect(200);
    const stale = await request(t.app)
      .put(`/api/workflows/${id}`)
      .set(as(editor))
      .send({ draft: validDocument(), baseUpdatedAt: base });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('draft_conflict');
  });

  it('searches by part of the name and pages', async () => {
    for (const name of ['見積もり 100%', '問い合わせ A', '問い合わせ B', 'Lead capture'])
      await createWorkflow(name);
    const search = await request(t.app).get('/api/workflows?search=問い合わせ').set(as(viewer)).expect(200);
    expect(search.body.total).toBe(2);
    const percent = await request(t.app).get('/api/workflows?search=100%25').set(as(viewer)).expect(200);
    expect(percent.body.items.map((w: { name: string }) => w.name)).toEqual(['見積もり 100%']);
    const lower = await request(t.app).get('/api/workflows?search=LEAD').set(as(viewer)).expect(200);
    expect(lower.body.total).toBe(1);
    const page = await request(t.app).get('/api/workflows?limit=3&offset=3').set(as(viewer)).expect(200);
    expect(page.body).toMatchObject({ total: 4, limit: 3, offset: 3 });
    expect(page.body.items).toHaveLength(1);
    await request(t.app).get('/api/workflows?limit=abc').set(as(viewer)).expect(400);
  });

  it('lets viewers read but not write', async () => {
    const id = await createWorkflow();
    await request(t.app).get(`/api/workflows/${id}`).set(as(viewer)).expect(200);
    const res = await request(t.app)
      .put(`/api/workflows/${id}`)
      .set(as(viewer))
      .send(validDocument())
      .expect(403);
    expect(res.body.error.code).toBe('forbidden');
    await request(t.app).post('/api/workflows').set(as(viewer)).send({ name: 'x' }).expect(403);
    await request(t.app).post(`/api/workflows/${id}/publish`).set(as(viewer)).expect(403);
    await request(t.app).delete(`/api/workflows/${id}`).set(as(viewer)).expect(403);
    await request(t.app).get('/api/workflows').expect(401);
  });

  it('answers 404 JSON for a workflow that does not exist', async () => {
    const res = await request(t.app).get('/api/workflows/wf_nope').set(as(viewer)).expect(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('publishing and activation', () => {
  it('refuses to publish a draft with errors (422, every problem), publishes a valid one as version 1, 2…', async () => {
    const id = await createWorkflow();
    const refused = await request(t.app).post(`/api/workflows/${id}/publish`).set(as(editor)).expect(422);
    expect(refused.body.error.code).toBe('workflow_invalid');
    // A blank draft has no trigger: that problem is in the list, as an error.
    expect(refused.body.error.details.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'no_trigger', severity: 'error' })]),
    );

    await request(t.app).put(`/api/workflows/${id}`).set(as(editor)).send(validDocument()).expect(200);
    const v1 = await request(t.app).post(`/api/workflows/${id}/publish`).set(as(editor)).expect(201);
    expect(v1.body.version.version).toBe(1);
    expect(Array.isArray(v1.body.warnings)).toBe(true);
    const changed = { ...validDocument(), name: '第二版' };
    await request(t.app).put(`/api/workflows/${id}`).set(as(editor)).send(changed).expect(200);
    const v2 = await request(t.app).post(`/api/workflows/${id}/publish`).set(as(editor)).expect(201);
    expect(v2.body.version.version).toBe(2);

    const versions = await request(t.app).get(`/api/workflows/${id}/versions`).set(as(viewer)).expect(200);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    // Versions are immutable: version 1 still holds the first document after later saves.
    await request(t.app)
      .put(`/api/workflows/${id}`)
      .set(as(editor))
      .send({ ...validDocument(), name: '第三版' })
      .expect(200);
    const one = await request(t.app).get(`/api/workflows/${id}/versions/1`).set(as(viewer)).expect(200);
    expect(one.body.document.name).toBe('問い合わせ対応');
    await request(t.app).get(`/api/workflows/${id}/versions/9`).set(as(viewer)).expect(404);
    const audit = await t.db.models.AuditLog.findAll({ where: { action: 'workflow.publish' } });
    expect(audit).toHaveLength(2);
  });

  it('activates only a published workflow and tells listeners; publishing while active moves the live version', async () => {
    const events: ActiveWorkflowsChange[] = [];
    t.services.events.on('activeWorkflowsChanged', (change) => events.push(change));
    const id = await createWorkflow();
    const refused = await request(t.app).post(`/api/workflows/${id}/activate`).set(as(editor)).expect(409);
    expect(refused.body.error.code).toBe('not_published');

    await request(t.app).put(`/api/workflows/${id}`).set(as(editor)).send(validDocument()).expect(200);
    await request(t.app).post(`/api/workflows/${id}/publish`).set(as(editor)).expect(201);
    const active = await request(t.app).post(`/api/workflows/${id}/activate`).set(as(editor)).expect(200);
    expect(active.body).toMatchObject({ active: true, activeVersion: 1 });
    await request(t.app).post(`/api/workflows/${id}/publish`).set(as(editor)).expect(201);
    const after = await request(t.app).get(`/api/workflows/${id}`).set(as(viewer)).expect(200);
    expect(after.body.activeVersion).toBe(2);
    await request(t.app)
      .post(`/api/workflows/${id}/activate`)
      .set(as(editor))
      .send({ version: 1 })
      .expect(200);
    await request(t.app).post(`/api/workflows/${id}/deactivate`).set(as(editor)).expect(200);
    expect(events.map((e) => [e.reason, e.active, e.version])).toEqual([
      ['activate', true, 1],
      ['publish', true, 2],
      ['activate', true, 1],
      ['deactivate', false, null],
    ]);
    const actions = (await t.db.models.AuditLog.findAll({ order: [['id', 'ASC']] })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['workflow.activate', 'workflow.deactivate']));
  });

  it('deactivates a workflow that is deleted while active', async () => {
    const events: ActiveWorkflowsChange[] = [];
    t.services.events.on('activeWorkflowsChanged', (change) => events.push(change));
    const id = await createWorkflow();
    await request(t.app).put(`/api/workflows/${id}`).set(as(editor)).send(validDocument()).expect(200);
    await request(t.app).post(`/api/workflows/${id}/publish`).set(as(editor)).expect(201);
    await request(t.app).post(`/api/workflows/${id}/activate`).set(as(editor)).expect(200);
    await request(t.app).delete(`/api/workflows/${id}`).set(as(editor)).expect(204);
    expect(events.at(-1)).toMatchObject({ workflowId: id, active: false, reason: 'delete' });
    await request(t.app).get(`/api/workflows/${id}`).set(as(viewer)).expect(404);
    expect(await t.db.models.WorkflowVersion.count()).toBe(0);
  });
});

describe('import and export', () => {
  it('exports a document that imports back as a new workflow when the id is taken', async () => {
    const id = await createWorkflow();
    await request(t.app).put(`/api/workflows/${id}`).set(as(editor)).send(validDocument()).expect(200);
    const exported = await request(t.app).get(`/api/workflows/${id}/export`).set(as(viewer)).expect(200);
    expect(exported.headers['content-disposition']).toMatch(/attachment/);
    const doc = JSON.parse(exported.text);
    expect(doc).toMatchObject({ id, schemaVersion: 1, nodes: [{ id: 'start' }, { id: 'set1' }] });

    const copy = await request(t.app).post('/api/workflows/import').set(as(editor)).send(doc).expect(201);
    expect(copy.body.id).not.toBe(id);
    expect(copy.body.document.nodes).toEqual(doc.nodes);
    const fresh = await request(t.app)
      .post('/api/workflows/import')
      .set(as(editor))
      .send({ ...doc, id: 'wf_brand_new' })
      .expect(201);
    expect(fresh.body.id).toBe('wf_brand_new');
    const bad = await request(t.app)
      .post('/api/workflows/import')
      .set(as(editor))
      .send({ hello: 'world' })
      .expect(400);
    expect(bad.body.error.code).toBe('invalid_document');
  });

  it('exports a published version on request', async () => {
    const id = await createWorkflow();
    await request(t.app).put(`/api/workflows/${id}`).set(as(editor)).send(validDocument()).expect(200);
    await request(t.app).post(`/api/workflows/${id}/publish`).set(as(editor)).expect(201);
    await request(t.app)
      .put(`/api/workflows/${id}`)
      .set(as(editor))
      .send({ ...validDocument(), name: 'later' })
      .expect(200);
    const v1 = await request(t.app).get(`/api/workflows/${id}/export?version=1`).set(as(viewer)).expect(200);
    expect(JSON.parse(v1.text).name).toBe('問い合わせ対応');
    await request(t.app).get(`/api/workflows/${id}/export?version=5`).set(as(viewer)).expect(404);
  });

  it('checks a document without saving it', async () => {
    const ok = await request(t.app)
      .post('/api/workflows/validate')
      .set(as(viewer))
      .send({ document: validDocument() })
      .expect(200);
    expect(ok.body.valid).toBe(true);
    const bad = await request(t.app)
      .post('/api/workflows/validate')
      .set(as(viewer))
      .send({ document: { ...validDocument(), nodes: [] } })
      .expect(200);
    expect(bad.body.valid).toBe(false);
    expect(await t.db.models.Workflow.count()).toBe(0);
  });
});

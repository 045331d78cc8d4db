import request from 'supertest';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../server/crm/actor';
import { SENTINELS, sharingFixture } from './support';
import type { SharingFixture } from './support';

let f: SharingFixture;
let auth: string;
let path: string;

beforeEach(async () => {
  f = await sharingFixture();
  const { token } = await f.t.userWithToken('editor');
  await f.t.db.models.User.update({ externalSharing: true }, { where: {} });
  auth = `Bearer ${token}`;
  await request(f.t.app).post(`/api/pipelines/${f.pipelineId}/sharing/enable`).set('Authorization', auth);
  await request(f.t.app)
    .put(`/api/pipelines/${f.pipelineId}/sharing`)
    .set('Authorization', auth)
    .send({ access: 'open', fields: ['name', 'stageId', 'custom.order_no'], stageIds: [f.stages.open] })
    .expect(200);
  const shared = await request(f.t.app)
    .post('/api/shares')
    .set('Authorization', auth)
    .send({ recordId: f.ticketId });
  path = new URL(String(shared.body.url)).pathname;
});
afterEach(async () => {
  await f.t.dispose();
});

const page = async () => (await request(f.t.app).get(path).expect(200)).text;

it('shows every change on the next load: field values, permissions, stage names', async () => {
  expect(await page()).toContain('A-1001');
  await f.records.update({
    module: 'tickets',
    id: f.ticketId,
    input: { customFields: { order_no: 'B-2002' } },
    actor: SYSTEM_ACTOR,
  });
  expect(await page()).toContain('B-2002');

  await request(f.t.app)
    .put(`/api/pipelines/${f.pipelineId}/sharing`)
    .set('Authorization', auth)
    .send({ fields: ['name', 'stageId'] })
    .expect(200);
  expect(await page()).not.toContain('B-2002');

  f.clock.advance(1000);
  await f.t.db.models.CrmStage.update({ name: '受付済み' }, { where: { id: f.stages.open } });
  expect(await page()).toContain('受付済み');
  expect(await page()).not.toContain(SENTINELS.hiddenStage);
});

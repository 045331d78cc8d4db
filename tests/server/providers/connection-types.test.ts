import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../runtime/ports/index';
import { createCrmServices, type CrmServices } from '../../../server/crm/context';
import { newTelephonyToken, setTelephonyToken } from '../../../server/telephony/calls';
import { openTempDatabase, type TempDatabase } from '../support/temp-db';

let temp: TempDatabase;
let crm: CrmServices;
const secretKey = randomBytes(32);
beforeEach(async () => {
  temp = await openTempDatabase();
  crm = createCrmServices({
    db: temp.db,
    clock: { now: () => Date.now(), sleep: async () => {} },
    logger: silentLogger,
    secretKey,
  });
});
afterEach(async () => {
  await temp.dispose();
});

describe('connection types', () => {
  it('names every integration in Japanese and English', () => {
    const types = crm.connections.listTypes();
    for (const type of ['zoho', 'salesforce', 'slack', 'kintone', 'telephony']) {
      const found = types.find((candidate) => candidate.type === type);
      expect(found?.labels.ja).toBeTruthy();
      expect(found?.labels.en).toBeTruthy();
    }
  });

  it('a Zoho connection serves crm, desk and lists nodes; a Salesforce one none of them', async () => {
    await crm.connections.create({ id: 'z', type: 'zoho', name: 'Zoho' }, null);
    await crm.connections.create({ id: 's', type: 'salesforce', name: 'SF' }, null);
    for (const kind of ['crm', 'desk', 'lists'] as const) {
      expect(await crm.connections.state('z', kind)).toBe('ok');
      expect(await crm.connections.state('s', kind)).toBe('missing');
    }
  });

  it('testing a phone-system connection checks its receiving token', async () => {
    await crm.connections.create({ id: 't', type: 'telephony', name: 'Phone' }, null);
    expect((await crm.connections.test('t'))?.message.en).toBe('There is no receiving token.');
    // A client cannot set the hash through an edit; only issuing a token does.
    await crm.connections.update('t', { settings: { tokenHash: 'a'.repeat(64) } });
    expect((await crm.connections.test('t'))?.ok).toBe(false);
    const row = await temp.db.models.Connection.findByPk('t');
    await setTelephonyToken({ row: row!, token: newTelephonyToken(), secretKey });
    expect((await crm.connections.test('t'))?.ok).toBe(true);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKintoneClient, KintoneError } from '../../../server/kintone/client';
import type { KintoneClient } from '../../../server/kintone/client';
import { createCustomerSync, kintoneTime, MappingError, runCustomerSync } from '../../../server/kintone/sync';
import type { SyncProgress } from '../../../server/kintone/sync';
import { startKintoneEmulator } from '../../emulators/kintone/server';
import type { KintoneEmulator } from '../../emulators/kintone/server';
import {
  CUSTOMER_MAPPING,
  minutesAgo,
  phoneOf,
  seedCustomers,
  setUpApps,
  TOKENS,
} from '../../emulators/kintone/fixtures';
import { openTempDatabase } from '../support/temp-db';
import type { TempDatabase } from '../support/temp-db';

const NOW = Date.parse('2026-11-22T00:00:00Z');

let emulator: KintoneEmulator;
let temp: TempDatabase;
let client: KintoneClient;

beforeEach(async () => {
  emulator = await startKintoneEmulator({ now: () => NOW });
  setUpApps(emulator);
  temp = await openTempDatabase();
  await temp.db.models.Connection.create({
    id: 'kintone-1',
    type: 'kintone',
    name: 'kintone',
    status: 'enabled',
    settings: { domain: emulator.url },
  });
  client = createKintoneClient({ baseUrl: emulator.url, tokens: [TOKENS.customer], sleep: async () => {} });
});

afterEach(async () => {
  await emulator.close();
  await temp.dispose();
});

async function contactPhones(): Promise<string[]> {
  const contacts = await temp.db.models.CrmRecord.findAll({ where: { module: 'contacts' } });
  return contacts.map((contact) => contact.phone ?? '');
}

describe('kintone customer sync', () => {
  it('first sync imports the 3,000 newest customers with a phone, paged by seek, with progress', async () => {
    const expected = seedCustomers(emulator, NOW);
    const sync = await createCustomerSync({
      db: temp.db,
      client,
      connectionId: 'kintone-1',
      settings: { customer: CUSTOMER_MAPPING },
    });
    const progress: SyncProgress[] = [];
    const report = await runCustomerSync({
      db: temp.db,
      client,
      syncId: sync.id,
      now: NOW,
      onProgress: (p) => progress.push(p),
    });

    expect(report.created).toBe(3000);
    expect(report.updated).toBe(0);
    expect(report.skipped.no_phone).toBeGreaterThan(0);
    expect((await contactPhones()).sort()).toEqual([...expected].sort());
    // Nothing older than 60 days came in.
    expect(await contactPhones()).not.toContain(phoneOf(9000));
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(progress.at(-1)?.done).toBe(3000);
    const pages = emulator.requests.filter((r) => r === 'GET /k/v1/records.json').length;
    expect(pages).toBeLessThanOrEqual(8);
    const row = await temp.db.models.KintoneSync.findByPk(sync.id);
    expect(row?.phase).toBe('incremental');
    expect(row?.status).toBe('idle');
  });

  it('an hourly run takes only what changed since the high-water mark', async () => {
    seedCustomers(emulator, NOW, 600);
    const sync = await createCustomerSync({
      db: temp.db,
      client,
      connectionId: 'kintone-1',
      settings: { customer: CUSTOMER_MAPPING },
    });
    await runCustomerSync({ db: temp.db, client, syncId: sync.id, now: NOW });
    const later = NOW + 3_600_000;
    emulator.edit('1', 1, { 顧客名: '改名した顧客' }, minutesAgo(later, 30));
    emulator.edit('1', 2, { 電話番号: '' }, minutesAgo(later, 20));
    emulator.seed('1', { 顧客名: '新しい顧客', 電話番号: '090-1111-2222' }, minutesAgo(later, 10));

    const report = await runCustomerSync({ db: temp.db, client, syncId: sync.id, now: later });
    expect(report.created).toBe(1);
    expect(report.updated).toBe(1);
    expect(report.skipped.no_phone).toBe(1);
    const renamed = await temp.db.models.CrmRecord.findOne({ where: { name: '改名した顧客' } });
    expect(renamed?.phoneE164).toBe('+81310000001');
    const fresh = await temp.db.models.CrmRecord.findOne({ where: { phoneE164: '+819011112222' } });
    expect(fresh?.name).toBe('新しい顧客');
  });

  it('last writer wins: a CRM edit newer than the kintone change stays, an older one is overwritten', async () => {
    emulator.seed('1', { 顧客名: '元の名前', 電話番号: '03-1111-2222' }, minutesAgo(NOW, 10));
    emulator.seed('1', { 顧客名: '元の名前 2', 電話番号: '03-1111-3333' }, minutesAgo(NOW, 10));
    const sync = await createCustomerSync({
      db: temp.db,
      client,
      connectionId: 'kintone-1',
      settings: { customer: CUSTOMER_MAPPING },
    });
    await runCustomerSync({ db: temp.db, client, syncId: sync.id, now: NOW });
    // Someone edits both contacts in Musubi a minute after the import (row stamps are wall-clock time).
    const wall = Date.now();
    const editedAt = new Date(wall + 60_000);
    for (const phone of ['+81311112222', '+81311113333']) {
      const contact = await temp.db.models.CrmRecord.findOne({ where: { phoneE164: phone } });
      await temp.db.sequelize.query('UPDATE crm_records SET name = ?, updated_at = ? WHERE id = ?', {
        replacements: [
          'Musubi で編集',
          editedAt.toISOString().replace('T', ' ').replace('Z', ' +00:00'),
          contact?.id ?? '',
        ],
      });
    }
    const later = NOW + 3_600_000;
    emulator.edit('1', 1, { 顧客名: 'kintone で先に編集' }, kintoneTime(wall + 30_000));
    emulator.edit('1', 2, { 顧客名: 'kintone で後から編集' }, kintoneTime(wall + 120_000));
    const report = await runCustomerSync({ db: temp.db, client, syncId: sync.id, now: later });
    expect(report).toMatchObject({ updated: 1, skipped: { crm_newer: 1 } });
    const names = (
      await temp.db.models.CrmRecord.findAll({ where: { module: 'contacts' }, order: [['phoneE164', 'ASC']] })
    ).map((c) => c.name);
    expect(names).toEqual(['Musubi で編集', 'kintone で後から編集']);
  });

  it('an interrupted import resumes where it stopped, without duplicates', async () => {
    const expected = seedCustomers(emulator, NOW);
    const sync = await createCustomerSync({
      db: temp.db,
      client,
      connectionId: 'kintone-1',
      settings: { customer: CUSTOMER_MAPPING },
    });
    let calls = 0;
    const flaky: KintoneClient = {
      request: async (method, path, body) => {
        calls += 1;
        if (calls === 5) throw new KintoneError({ status: 503, code: 'HTTP_503', message: 'down' });
        return client.request(method, path, body);
      },
    };
    await expect(runCustomerSync({ db: temp.db, client: flaky, syncId: sync.id, now: NOW })).rejects.toThrow(
      'down',
    );
    const stopped = await temp.db.models.KintoneSync.findByPk(sync.id);
    expect(stopped?.status).toBe('interrupted');
    // Three pages of 500 went in (the tenth of each without a phone skipped) before the fourth failed.
    expect(stopped?.progressDone).toBe(1350);

    const report = await runCustomerSync({ db: temp.db, client, syncId: sync.id, now: NOW });
    expect(report.created).toBe(3000);
    const phones = await contactPhones();
    expect(phones).toHaveLength(3000);
    expect(phones.sort()).toEqual([...expected].sort());
  });

  it('refuses a mapping with every problem named before any write', async () => {
    emulator.apps
      .get('1')
      ?.fields.push({ code: '担当者メモ', type: 'SINGLE_LINE_TEXT', label: '担当者メモ', required: true });
    const settings = {
      customer: { appId: '1', fields: { phone: '電話', name: '対応内容', company: 'ランク' } },
    };
    const error = await createCustomerSync({
      db: temp.db,
      client,
      connectionId: 'kintone-1',
      settings,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MappingError);
    const problems = (error as MappingError).problems.map((p) => [p.code, p.field]);
    expect(problems).toEqual([
      ['unknown_field', 'phone'],
      ['subtable_field', 'name'],
      ['wrong_type', 'company'],
      ['required_unmapped', '担当者メモ'],
    ]);
    expect((error as MappingError).problems[1]?.message.ja).toContain('テーブル');
    expect(emulator.requests.filter((r) => !r.startsWith('GET'))).toEqual([]);
    expect(await temp.db.models.KintoneSync.count()).toBe(0);
  });

  it('refuses a mapping without a phone field code', async () => {
    const error = await createCustomerSync({
      db: temp.db,
      client,
      connectionId: 'kintone-1',
      settings: { customer: { appId: '1', fields: {} } },
    }).catch((e: unknown) => e);
    expect((error as MappingError).problems.map((p) => p.code)).toEqual(['phone_missing']);
  });

  it('discovers the updated-time field from the form whatever its code', async () => {
    await emulator.close();
    emulator = await startKintoneEmulator({ now: () => NOW, updatedTimeCode: 'Updated_datetime' });
    setUpApps(emulator);
    client = createKintoneClient({ baseUrl: emulator.url, tokens: [TOKENS.customer], sleep: async () => {} });
    emulator.seed('1', { 顧客名: 'A', 電話番号: '03-1234-5678' }, minutesAgo(NOW, 5));
    const sync = await createCustomerSync({
      db: temp.db,
      client,
      connectionId: 'kintone-1',
      settings: { customer: CUSTOMER_MAPPING },
    });
    expect(sync.updatedTimeCode).toBe('Updated_datetime');
    const report = await runCustomerSync({ db: temp.db, client, syncId: sync.id, now: NOW });
    expect(report.created).toBe(1);
  });
});

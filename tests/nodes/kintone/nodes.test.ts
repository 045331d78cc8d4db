import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findRecordsNode } from '../../../nodes/kintone/find-records';
import { upsertByPhoneNode } from '../../../nodes/kintone/upsert-by-phone';
import { writeCallHistoryNode } from '../../../nodes/kintone/write-call-history';
import { NodeError } from '../../../runtime/model/errors';
import type { NodeDefinition, NodeResult } from '../../../runtime/model/node-definition';
import { createKintoneAdapter } from '../../../server/adapters/kintone';
import { sealSecret } from '../../../server/crypto/secret-box';
import { CUSTOMER_FIELDS, minutesAgo, setUpApps, TOKENS } from '../../emulators/kintone/fixtures';
import { startKintoneEmulator } from '../../emulators/kintone/server';
import type { KintoneEmulator } from '../../emulators/kintone/server';
import { openTempDatabase } from '../../server/support/temp-db';
import type { TempDatabase } from '../../server/support/temp-db';
import { makeContext, T } from '../context';

const KEY = Buffer.alloc(32, 7);
let emulator: KintoneEmulator;
let temp: TempDatabase;

async function addConnection(id: string, tokens: string[], status: 'enabled' | 'disabled' = 'enabled') {
  await temp.db.models.Connection.create({
    id,
    type: 'kintone',
    name: id,
    status,
    settings: { domain: emulator.url },
    credentials: sealSecret({
      key: KEY,
      plaintext: JSON.stringify({ tokens: tokens.join(',') }),
      aad: `connection:${id}`,
    }),
  });
}

beforeEach(async () => {
  emulator = await startKintoneEmulator({ now: () => T });
  setUpApps(emulator);
  temp = await openTempDatabase();
  await addConnection('kintone-1', [TOKENS.customer, TOKENS.history]);
  await addConnection('kintone-view', [TOKENS.viewOnly]);
  await addConnection('kintone-off', [TOKENS.customer], 'disabled');
});
afterEach(async () => {
  await emulator.close();
  await temp.dispose();
});

const CALL = {
  id: 'call-row-1',
  callId: 'c-1',
  direction: 'outbound',
  from: '+81312345678',
  to: '090-1234-5678',
  startedAt: '2026-11-22T00:00:00.000Z',
  answered: true,
  durationSec: 75,
  user: 'sato@example.jp',
  recordingUrls: ['https://pbx.example.jp/r/1.mp3', 'https://pbx.example.jp/r/2.mp3'],
};

async function run(
  node: NodeDefinition,
  config: Record<string, unknown>,
  trigger: unknown = {},
): Promise<NodeResult> {
  const kintone = createKintoneAdapter({
    db: temp.db,
    secretKey: KEY,
    client: { sleep: async () => {}, attempts: 3 },
  });
  return node.run(makeContext({ config, trigger, ports: { kintone } }));
}

async function failureOf(promise: Promise<unknown>): Promise<NodeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof NodeError)) throw new Error('expected a NodeError');
  return error;
}

describe('kintone.find_records', () => {
  beforeEach(() => {
    for (let index = 1; index <= 1200; index += 1) {
      emulator.seed(
        '1',
        {
          顧客名: `顧客 ${index}`,
          会社名: index % 2 === 0 ? '偶数商事' : '奇数商事',
          電話番号: `03-0000-${String(index).padStart(4, '0')}`,
        },
        minutesAgo(T, index),
      );
    }
  });

  it('finds with conditions, order and limit', async () => {
    const result = await run(findRecordsNode, {
      connectionId: 'kintone-1',
      appId: '1',
      conditions: [
        { field: '会社名', operator: '=', value: '偶数商事' },
        { field: '顧客名', operator: 'like', value: '顧客 1' },
      ],
      orderBy: '$id',
      orderDirection: 'asc',
      limit: 3,
    });
    expect(result.branch).toBe('found');
    const output = result.output as { records: Array<{ 顧客名: { value: string } }>; count: number };
    expect(output.records.map((r) => r.顧客名.value)).toEqual(['顧客 10', '顧客 12', '顧客 14']);
  });

  it('fetches all by seeking on $id, 500 at a time', async () => {
    const result = await run(findRecordsNode, {
      connectionId: 'kintone-1',
      appId: '1',
      conditions: [{ field: '会社名', operator: 'in', value: '偶数商事, 奇数商事' }],
      fetchAll: true,
    });
    expect((result.output as { count: number }).count).toBe(1200);
    expect(emulator.requests.filter((r) => r === 'GET /k/v1/records.json')).toHaveLength(3);
  });

  it('takes not_found when nothing matches', async () => {
    const result = await run(findRecordsNode, {
      connectionId: 'kintone-1',
      appId: '1',
      conditions: [{ field: '顧客名', operator: '=', value: 'いない人' }],
    });
    expect(result.branch).toBe('not_found');
  });

  it('fails with kintone’s code when the token does not belong to the app', async () => {
    const error = await failureOf(run(findRecordsNode, { connectionId: 'kintone-1', appId: '3' }));
    expect(error.code).toBe('GAIA_AP01');
    emulator.addApp({ id: '3', fields: CUSTOMER_FIELDS });
    expect((await failureOf(run(findRecordsNode, { connectionId: 'kintone-1', appId: '3' }))).code).toBe(
      'GAIA_IA02',
    );
  });

  it('takes integration_disabled for a connection switched off or missing', async () => {
    expect((await run(findRecordsNode, { connectionId: 'kintone-off', appId: '1' })).branch).toBe(
      'integration_disabled',
    );
    expect((await run(findRecordsNode, { connectionId: 'nope', appId: '1' })).branch).toBe(
      'integration_disabled',
    );
  });

  it('retries 429 GAIA_TO04 with backoff, then succeeds', async () => {
    emulator.failNext(2);
    expect((await run(findRecordsNode, { connectionId: 'kintone-1', appId: '1', limit: 1 })).branch).toBe(
      'found',
    );
  });
});

describe('kintone.upsert_by_phone', () => {
  const config = { connectionId: 'kintone-1', appId: '1', phoneField: '電話番号' };

  it('creates a record for an unknown caller with only the phone when that is all that is known', async () => {
    const result = await run(upsertByPhoneNode, { ...config, phone: '090-1234-5678' });
    expect(result.branch).toBe('created');
    const id = Number((result.output as { recordId: string }).recordId);
    expect(emulator.apps.get('1')?.records.get(id)?.values.電話番号).toBe('090-1234-5678');
  });

  it('updates the record whose phone is the same number written another way', async () => {
    const seeded = emulator.seed('1', { 顧客名: '山田', 電話番号: '03-1234-5678' }, minutesAgo(T, 5));
    const result = await run(upsertByPhoneNode, {
      ...config,
      phone: '+81312345678',
      fields: [{ code: '会社名', value: '山田商店' }],
    });
    expect(result.branch).toBe('updated');
    expect((result.output as { recordId: string }).recordId).toBe(String(seeded.id));
    expect(seeded.values.会社名).toBe('山田商店');
    expect(seeded.revision).toBe(2);
  });

  it('skips a call without a number', async () => {
    expect((await run(upsertByPhoneNode, { ...config, phone: '非通知' })).branch).toBe('skipped_no_phone');
  });

  it('takes validation_error with kintone’s per-field messages when a required field is left empty', async () => {
    emulator.apps.get('1')?.fields.push({ code: '担当者', type: 'SINGLE_LINE_TEXT', required: true });
    const result = await run(upsertByPhoneNode, { ...config, phone: '090-1234-5678' });
    expect(result.branch).toBe('validation_error');
    expect(result.output).toMatchObject({
      error: { code: 'CB_VA01', errors: { 'record.担当者.value': ['必須です。'] } },
    });
  });

  it('fails with CB_NO02 when the token may not add', async () => {
    expect(
      (
        await failureOf(
          run(upsertByPhoneNode, { ...config, connectionId: 'kintone-view', phone: '090-1234-5678' }),
        )
      ).code,
    ).toBe('CB_NO02');
  });

  it('takes integration_disabled for a switched-off connection', async () => {
    expect(
      (await run(upsertByPhoneNode, { ...config, connectionId: 'kintone-off', phone: '090-1234-5678' }))
        .branch,
    ).toBe('integration_disabled');
  });
});

describe('kintone.write_call_history', () => {
  const config = {
    connectionId: 'kintone-1',
    appId: '2',
    phoneField: '電話番号',
    directionField: '発着信',
    durationField: '通話秒数',
    recordingsField: '録音URL',
    callIdField: '通話ID',
  };

  it('writes the call with its recording URLs joined in one single-line field; a repeat updates it', async () => {
    const first = await run(writeCallHistoryNode, config, CALL);
    expect(first.branch).toBe('success');
    const again = await run(writeCallHistoryNode, config, { ...CALL, durationSec: 80 });
    expect(again.output).toEqual(first.output);
    const records = [...(emulator.apps.get('2')?.records.values() ?? [])];
    expect(records).toHaveLength(1);
    expect(records[0]?.values).toMatchObject({
      電話番号: '090-1234-5678',
      発着信: 'outbound',
      通話秒数: '80',
      録音URL: 'https://pbx.example.jp/r/1.mp3 , https://pbx.example.jp/r/2.mp3',
    });
  });

  it('takes validation_error when the recordings go to a Link field, which refuses several URLs', async () => {
    const result = await run(
      writeCallHistoryNode,
      { ...config, recordingsField: '録音リンク', callIdField: undefined },
      CALL,
    );
    expect(result.branch).toBe('validation_error');
  });

  it('fails with GAIA_TO04 once the retries are spent', async () => {
    emulator.failNext(10);
    expect((await failureOf(run(writeCallHistoryNode, config, CALL))).code).toBe('GAIA_TO04');
  });

  it('takes integration_disabled for a switched-off connection', async () => {
    expect((await run(writeCallHistoryNode, { ...config, connectionId: 'kintone-off' }, CALL)).branch).toBe(
      'integration_disabled',
    );
  });
});

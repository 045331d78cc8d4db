import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKintoneClient, KintoneError, kintoneBaseUrl } from '../../../server/kintone/client';
import type { KintoneClient } from '../../../server/kintone/client';
import { setUpApps, TOKENS } from '../../emulators/kintone/fixtures';
import { startKintoneEmulator } from '../../emulators/kintone/server';
import type { KintoneEmulator } from '../../emulators/kintone/server';

let emulator: KintoneEmulator;
let client: KintoneClient;

beforeEach(async () => {
  emulator = await startKintoneEmulator();
  setUpApps(emulator);
  client = createKintoneClient({
    baseUrl: emulator.url,
    tokens: [TOKENS.customer, TOKENS.history],
    sleep: async () => {},
    attempts: 3,
  });
  for (let index = 1; index <= 30; index += 1) {
    emulator.seed(
      '1',
      {
        顧客名: `顧客 ${index}`,
        会社名: index % 3 === 0 ? 'A社' : 'B社',
        電話番号: `03-0000-${String(index).padStart(4, '0')}`,
      },
      `2026-11-${String(index % 28 || 28).padStart(2, '0')}T00:00:00Z`,
    );
  }
});
afterEach(async () => {
  await emulator.close();
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return error instanceof KintoneError ? error.code : 'no error';
}

const names = (body: unknown) =>
  (body as { records: Array<{ 顧客名: { value: string } }> }).records.map((r) => r.顧客名.value);

describe('kintone client against the emulator', () => {
  it('reads with and/or, parentheses, in, order by, limit and offset', async () => {
    const query =
      '(会社名 = "A社" and $id <= 9) or 顧客名 in ("顧客 10", "顧客 11") order by $id asc limit 3 offset 1';
    expect(names(await client.request('GET', '/k/v1/records.json', { app: '1', query }))).toEqual([
      '顧客 6',
      '顧客 9',
      '顧客 10',
    ]);
    const counted = await client.request('GET', '/k/v1/records.json', {
      app: '1',
      query: '会社名 != "A社" limit 1',
      totalCount: true,
    });
    expect((counted as { totalCount: string }).totalCount).toBe('20');
  });

  it('refuses a limit over 500 and an offset over 10,000 (CB_VA01)', async () => {
    expect(await codeOf(client.request('GET', '/k/v1/records.json', { app: '1', query: 'limit 501' }))).toBe(
      'CB_VA01',
    );
    expect(
      await codeOf(client.request('GET', '/k/v1/records.json', { app: '1', query: 'limit 1 offset 10001' })),
    ).toBe('CB_VA01');
  });

  it('checks revisions (GAIA_CO02) and reports unknown records (GAIA_RE01)', async () => {
    const update = { app: '1', id: '1', record: { 会社名: { value: 'C社' } } };
    expect(await client.request('PUT', '/k/v1/record.json', { ...update, revision: '1' })).toEqual({
      revision: '2',
    });
    expect(await codeOf(client.request('PUT', '/k/v1/record.json', { ...update, revision: '1' }))).toBe(
      'GAIA_CO02',
    );
    expect(await codeOf(client.request('GET', '/k/v1/record.json', { app: '1', id: '999' }))).toBe(
      'GAIA_RE01',
    );
  });

  it('adds at most 100 records at once, all or nothing', async () => {
    const records = (count: number) => Array.from({ length: count }, () => ({ 電話番号: { value: '' } }));
    expect(
      (
        (await client.request('POST', '/k/v1/records.json', {
          app: '2',
          records: [{ 電話番号: { value: '1' } }, { 電話番号: { value: '2' } }],
        })) as { ids: string[] }
      ).ids,
    ).toEqual(['1', '2']);
    expect(
      await codeOf(client.request('POST', '/k/v1/records.json', { app: '2', records: records(101) })),
    ).toBe('CB_VA01');
    expect(
      await codeOf(
        client.request('POST', '/k/v1/records.json', {
          app: '2',
          records: [{ 電話番号: { value: '3' } }, { 電話番号: { value: '' } }],
        }),
      ),
    ).toBe('CB_VA01');
    expect(emulator.apps.get('2')?.records.size).toBe(2);
  });

  it('binds tokens to apps and permissions (GAIA_IA02, CB_NO02) and refuses more than nine tokens', async () => {
    const viewOnly = createKintoneClient({ baseUrl: emulator.url, tokens: [TOKENS.viewOnly] });
    expect(await codeOf(viewOnly.request('GET', '/k/v1/records.json', { app: '2' }))).toBe('GAIA_IA02');
    expect(await codeOf(viewOnly.request('POST', '/k/v1/record.json', { app: '1', record: {} }))).toBe(
      'CB_NO02',
    );
    expect(() =>
      createKintoneClient({ baseUrl: emulator.url, tokens: Array.from({ length: 10 }, (_, i) => `t${i}`) }),
    ).toThrow(/At most 9/);
  });

  it('retries GAIA_TO04 and 5xx with growing delays, then gives up with the code', async () => {
    const delays: number[] = [];
    const patient = createKintoneClient({
      baseUrl: emulator.url,
      tokens: [TOKENS.customer],
      attempts: 4,
      initialDelayMs: 100,
      sleep: async (ms) => void delays.push(ms),
    });
    emulator.failNext(2);
    emulator.failNext(1, { status: 503, code: 'CB_UNAVAILABLE' });
    await patient.request('GET', '/k/v1/records.json', { app: '1', query: 'limit 1' });
    expect(delays).toHaveLength(3);
    expect(delays[2]).toBeGreaterThan(delays[0] ?? 0);
    emulator.failNext(4);
    expect(await codeOf(patient.request('GET', '/k/v1/records.json', { app: '1' }))).toBe('GAIA_TO04');
  });

  it('sends a long read as POST with X-HTTP-Method-Override: GET', async () => {
    // 400 quoted names: well past what a URL should carry once percent-encoded.
    const list = Array.from({ length: 400 }, (_, i) => `"顧客 ${i}"`).join(', ');
    const body = await client.request('GET', '/k/v1/records.json', {
      app: '1',
      query: `顧客名 in (${list}) order by $id asc limit 500`,
    });
    expect((body as { records: unknown[] }).records).toHaveLength(30);
    expect(emulator.requests.at(-1)).toBe('POST /k/v1/records.json');
  });

  it('turns a domain into a base URL', () => {
    expect(kintoneBaseUrl('acme')).toBe('https://acme.cybozu.com');
    expect(kintoneBaseUrl('acme.kintone.com')).toBe('https://acme.kintone.com');
    expect(kintoneBaseUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080');
    expect(() => kintoneBaseUrl('example.com/k')).toThrow(KintoneError);
  });
});

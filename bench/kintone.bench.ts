/**
 * kintone first sync: `npm run bench:kintone`.
 * Imports 3,000 customers from the kintone emulator into the built-in CRM (a fresh temp SQLite
 * database, 500 per page by keyset) and prints seconds and records/s beside a baseline measured in
 * the same run: the same pages fetched from the emulator without any writes. Target: < 5 s.
 */
import { performance } from 'node:perf_hooks';
import { createKintoneClient } from '../server/kintone/client';
import {
  createCustomerSync,
  INITIAL_WINDOW_DAYS,
  pageQuery,
  kintoneTime,
  runCustomerSync,
} from '../server/kintone/sync';
import { CUSTOMER_MAPPING, seedCustomers, setUpApps, TOKENS } from '../tests/emulators/kintone/fixtures';
import { startKintoneEmulator } from '../tests/emulators/kintone/server';
import { openTempDatabase } from '../tests/server/support/temp-db';

const TARGET_SECONDS = 5;
const now = Date.now();
const emulator = await startKintoneEmulator({ now: () => now });
setUpApps(emulator);
// 3,500 customers, a tenth without a phone: 3,150 candidates, of which the 3,000 newest come in.
seedCustomers(emulator, now, 3500);
const client = createKintoneClient({ baseUrl: emulator.url, tokens: [TOKENS.customer] });
const temp = await openTempDatabase();

try {
  // Baseline: the same keyset pages, fetched and parsed, nothing written.
  const baselineStart = performance.now();
  let fetched = 0;
  let cursor: { updatedAt: string; id: string } | null = null;
  for (;;) {
    const query = pageQuery({
      updatedCode: '更新日時',
      since: kintoneTime(now - INITIAL_WINDOW_DAYS * 86_400_000),
      cursor,
      descending: true,
      limit: 500,
    });
    const body = await client.request('GET', '/k/v1/records.json', { app: '1', query });
    const records =
      typeof body === 'object' && body !== null && 'records' in body && Array.isArray(body.records)
        ? body.records
        : [];
    fetched += records.length;
    const last: unknown = records[records.length - 1];
    if (records.length < 500 || typeof last !== 'object' || last === null) break;
    const value = (key: string): string => {
      const field: unknown = Reflect.get(last, key);
      const inner: unknown =
        typeof field === 'object' && field !== null ? Reflect.get(field, 'value') : undefined;
      return typeof inner === 'string' ? inner : '';
    };
    cursor = { updatedAt: value('更新日時'), id: value('$id') };
    if (fetched >= 3500) break;
  }
  const baselineSeconds = (performance.now() - baselineStart) / 1000;

  await temp.db.models.Connection.create({
    id: 'kintone-bench',
    type: 'kintone',
    name: 'bench',
    status: 'enabled',
    settings: { domain: emulator.url },
  });
  const start = performance.now();
  const sync = await createCustomerSync({
    db: temp.db,
    client,
    connectionId: 'kintone-bench',
    settings: { customer: CUSTOMER_MAPPING },
  });
  const report = await runCustomerSync({ db: temp.db, client, syncId: sync.id, now });
  const seconds = (performance.now() - start) / 1000;
  const imported = report.created + report.updated;

  const pad = (text: string) => text.padEnd(44);
  console.log(`kintone first sync (emulator on 127.0.0.1, temp SQLite)`);
  console.log(
    `${pad('baseline: the window paged, fetch only')}${fetched} records  ${baselineSeconds.toFixed(2)} s  ${Math.round(fetched / baselineSeconds)} records/s`,
  );
  console.log(
    `${pad('first sync: validate form + import')}${imported} records  ${seconds.toFixed(2)} s  ${Math.round(imported / seconds)} records/s`,
  );
  console.log(`skipped: ${JSON.stringify(report.skipped)}`);
  console.log(`target: < ${TARGET_SECONDS} s → ${seconds < TARGET_SECONDS ? 'met' : 'MISSED'}`);
  if (imported !== 3000) throw new Error(`expected 3,000 imported, got ${imported}`);
  if (seconds >= TARGET_SECONDS) process.exitCode = 1;
} finally {
  await emulator.close();
  await temp.dispose();
}

import { randomUUID } from 'node:crypto';
import { Op } from 'sequelize';
import { isRecord } from '../../runtime/engine/registry';
import type { Database } from '../db/index';
import type { KintoneCursor, KintoneSyncModel, KintoneSyncReport } from '../db/models/kintone/index';
import { toE164 } from '../telephony/phone';
import { KintoneError } from './client';
import type { KintoneClient } from './client';
import { checkMapping, readForm } from './form';
import type { MappingProblem } from './form';
import { readSettings } from './settings';
import type { CustomerMapping, KintoneSyncSettings } from './settings';

/**
 * The customer sync: kintone app → the built-in CRM's contacts. The first run imports records
 * updated in the last 60 days, newest first, at most 3,000 with a phone, 500 per page by keyset
 * on (updated time, $id) — never an offset — saving the cursor after each page so an interrupted
 * import resumes where it stopped. Later runs take what changed since the high-water mark.
 */

export const INITIAL_WINDOW_DAYS = 60;
export const INITIAL_LIMIT = 3000;
export const PAGE_SIZE = 500;

export class MappingError extends Error {
  constructor(readonly problems: MappingProblem[]) {
    super(problems.map((problem) => problem.message.en).join(' '));
    this.name = 'MappingError';
  }
}

export interface SyncProgress {
  done: number;
  total: number;
  /** Records read (skipped ones included) and pages read so far in this run. */
  fetched: number;
  pages: number;
  phase: 'initial' | 'incremental';
}

/** kintone's DATETIME form: seconds, UTC. */
export function kintoneTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A field's value of a kintone record as text ('' when absent). */
export function fieldText(record: Record<string, unknown>, code: string | undefined): string {
  if (!code) return '';
  const field = record[code];
  if (!isRecord(field)) return '';
  const value = field.value;
  if (Array.isArray(value))
    return value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(', ');
  if (typeof value === 'string') return value;
  return value === null || value === undefined ? '' : JSON.stringify(value);
}

/** The query of one page: the window, the keyset after the cursor, the order. */
export function pageQuery(options: {
  updatedCode: string;
  since: string;
  cursor: KintoneCursor | null;
  descending: boolean;
  limit: number;
}): string {
  const u = options.updatedCode;
  const parts = [`${u} >= ${quote(options.since)}`];
  const cursor = options.cursor;
  if (cursor) {
    const beyond = options.descending ? '<' : '>';
    parts.push(
      `(${u} ${beyond} ${quote(cursor.updatedAt)} or (${u} = ${quote(cursor.updatedAt)} and $id ${beyond} ${cursor.id}))`,
    );
  }
  const direction = options.descending ? 'desc' : 'asc';
  return `${parts.join(' and ')} order by ${u} ${direction}, $id ${direction} limit ${options.limit}`;
}

const emptyReport = (now: number): KintoneSyncReport => ({
  created: 0,
  updated: 0,
  skipped: {},
  fetched: 0,
  pages: 0,
  startedAt: kintoneTime(now),
});

/** Reads the form and checks the sync's mapping; throws MappingError listing every problem. */
export async function validateCustomerMapping(
  client: KintoneClient,
  mapping: CustomerMapping,
): Promise<string> {
  const form = await readForm(client, mapping.appId);
  const { problems, updatedTimeCode } = checkMapping({
    form,
    mapping: {
      phone: mapping.fields.phone,
      name: mapping.fields.name,
      company: mapping.fields.company,
      email: mapping.fields.email,
    },
    requiredKeys: ['phone'],
    needsUpdatedTime: true,
  });
  if (problems.length > 0 || !updatedTimeCode) throw new MappingError(problems);
  return updatedTimeCode;
}

/**
 * The call-history app's form, or undefined when its token may only add records (all the seed
 * asks of it): kintone then refuses to show the form, and the mapping is checked by the writes.
 */
async function readHistoryForm(client: KintoneClient, appId: string) {
  try {
    return await readForm(client, appId);
  } catch (error) {
    if (error instanceof KintoneError && error.code === 'CB_NO02') return undefined;
    throw error;
  }
}

/**
 * Checks the whole sync: the customer mapping, and the call-history app's mapping when there is
 * one (its phone required, the recording URLs in a single-line text field). Every problem is
 * listed at once; call-history problems name their field `callHistory.<key>`.
 */
export async function validateSyncSettings(
  client: KintoneClient,
  settings: KintoneSyncSettings,
): Promise<string> {
  const problems: MappingProblem[] = [];
  let updatedTimeCode = '';
  try {
    updatedTimeCode = await validateCustomerMapping(client, settings.customer);
  } catch (error) {
    if (!(error instanceof MappingError)) throw error;
    problems.push(...error.problems);
  }
  const history = settings.callHistory;
  const form = history ? await readHistoryForm(client, history.appId) : undefined;
  if (history && form) {
    const checked = checkMapping({
      form,
      mapping: { ...history.fields },
      requiredKeys: ['phone'],
      singleLineKeys: ['recordings'],
    });
    problems.push(
      ...checked.problems.map((problem) => ({ ...problem, field: `callHistory.${problem.field}` })),
    );
  }
  if (problems.length > 0) throw new MappingError(problems);
  return updatedTimeCode;
}

/**
 * Runs one sync pass (initial or incremental, resuming an interrupted one). Progress is saved
 * after every page and reported through `onProgress`. On a failure the row keeps its cursor and is
 * marked `interrupted`; the error is rethrown.
 */
export async function runCustomerSync(options: {
  db: Database;
  client: KintoneClient;
  syncId: string;
  now: number;
  onProgress?: (progress: SyncProgress) => void;
  pageSize?: number;
}): Promise<KintoneSyncReport> {
  const { db, client } = options;
  const sync = await db.models.KintoneSync.findByPk(options.syncId);
  if (!sync) throw new Error(`No kintone sync ${options.syncId}`);
  const settings = readSettings(sync.settings);
  const pageSize = Math.min(options.pageSize ?? PAGE_SIZE, PAGE_SIZE);
  // `running` here means a process stopped mid-import (the runner never starts a sync twice).
  const resuming = sync.cursor !== null && (sync.status === 'interrupted' || sync.status === 'running');
  try {
    const updatedCode = await validateCustomerMapping(client, settings.customer);
    const initial = sync.phase === 'initial';
    const report = resuming ? sync.report : { ...emptyReport(options.now), initial };
    const since = initial
      ? kintoneTime(options.now - INITIAL_WINDOW_DAYS * 86_400_000)
      : (sync.highWaterMark ?? kintoneTime(0));
    await sync.update({
      status: 'running',
      updatedTimeCode: updatedCode,
      report,
      lastError: null,
      ...(resuming ? {} : { cursor: null, progressDone: 0, progressTotal: 0 }),
    });
    let cursor = sync.cursor;
    let highWater = sync.highWaterMark;
    let done = sync.progressDone;
    let first = !resuming;
    for (;;) {
      if (initial && done >= INITIAL_LIMIT) break;
      const query = pageQuery({ updatedCode, since, cursor, descending: initial, limit: pageSize });
      const response = await client.request('GET', '/k/v1/records.json', {
        app: settings.customer.appId,
        query,
        totalCount: first,
      });
      const records =
        isRecord(response) && Array.isArray(response.records) ? response.records.filter(isRecord) : [];
      if (first) {
        const total = isRecord(response) ? Number(response.totalCount ?? records.length) : records.length;
        await sync.update({ progressTotal: initial ? Math.min(total, INITIAL_LIMIT) : total });
        first = false;
      }
      const limit = initial ? INITIAL_LIMIT - done : Number.POSITIVE_INFINITY;
      const page = await applyPage({
        db,
        syncId: sync.id,
        records,
        mapping: settings.customer,
        updatedCode,
        report,
        limit,
        now: options.now,
        boundary: initial ? null : since,
      });
      done += page.imported;
      report.fetched = (report.fetched ?? 0) + records.length;
      report.pages = (report.pages ?? 0) + 1;
      const last = records[records.length - 1];
      if (last) cursor = { updatedAt: fieldText(last, updatedCode), id: fieldText(last, '$id') };
      for (const record of records) {
        const updated = fieldText(record, updatedCode);
        if (highWater === null || updated > highWater) highWater = updated;
      }
      await sync.update({
        cursor,
        highWaterMark: highWater,
        progressDone: done,
        report: { ...report, skipped: { ...report.skipped } },
      });
      options.onProgress?.({
        done,
        total: sync.progressTotal,
        fetched: report.fetched ?? 0,
        pages: report.pages ?? 0,
        phase: sync.phase,
      });
      if (records.length < pageSize) break;
    }
    const finished = { ...report, skipped: { ...report.skipped }, finishedAt: kintoneTime(options.now) };
    await sync.update({
      status: 'idle',
      phase: 'incremental',
      cursor: null,
      highWaterMark: highWater,
      progressTotal: initial ? done : sync.progressTotal,
      report: finished,
      nextRunAt: options.now + 3_600_000,
    });
    return finished;
  } catch (error) {
    await sync.update({
      status: 'interrupted',
      lastError: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
}

interface NewContact {
  id: string;
  module: 'contacts';
  name: string;
  email: string | null;
  emailNormalized: string | null;
  phone: string;
  phoneE164: string;
  fields: Record<string, unknown>;
}

/** Applies one page in a transaction; returns how many records were created or updated. */
async function applyPage(options: {
  db: Database;
  syncId: string;
  records: Record<string, unknown>[];
  mapping: CustomerMapping;
  updatedCode: string;
  report: KintoneSyncReport;
  limit: number;
  now: number;
  /** The high-water mark the run started from (incremental runs). */
  boundary: string | null;
}): Promise<{ imported: number }> {
  const { db, report, mapping } = options;
  let atBoundary = false;
  const skip = (reason: string) => {
    // A record at the previous high-water mark is read again (times have minute precision); a
    // skip there was already reported by the run before.
    if (!atBoundary) report.skipped[reason] = (report.skipped[reason] ?? 0) + 1;
  };
  const ids = options.records.map((record) => fieldText(record, '$id'));
  return db.sequelize.transaction(async (transaction) => {
    const links = await db.models.KintoneLink.findAll({
      where: { syncId: options.syncId, kintoneId: { [Op.in]: ids } },
      transaction,
    });
    const linkById = new Map(links.map((link) => [link.kintoneId, link]));
    const linked = await db.models.CrmRecord.findAll({
      where: { id: { [Op.in]: links.map((link) => link.crmRecordId) } },
      transaction,
    });
    const crmById = new Map(linked.map((record) => [record.id, record]));
    let imported = 0;
    const newContacts: NewContact[] = [];
    const newLinks: Array<{
      syncId: string;
      kintoneId: string;
      crmRecordId: string;
      kintoneRevision: string;
      kintoneUpdatedAt: string;
      syncedAt: Date;
    }> = [];
    const syncedAt = new Date(options.now);
    for (const record of options.records) {
      if (imported >= options.limit) break;
      const kintoneId = fieldText(record, '$id');
      const revision = fieldText(record, '$revision');
      const updatedAt = fieldText(record, options.updatedCode);
      atBoundary = updatedAt === options.boundary;
      const phone = fieldText(record, mapping.fields.phone).trim();
      if (phone === '') {
        skip('no_phone');
        continue;
      }
      const e164 = toE164(phone);
      if (!e164) {
        skip('invalid_phone');
        continue;
      }
      const values = {
        name: fieldText(record, mapping.fields.name).trim() || phone,
        email: fieldText(record, mapping.fields.email).trim() || null,
        phone,
        phoneE164: e164,
        company: fieldText(record, mapping.fields.company).trim(),
      };
      const link = linkById.get(kintoneId);
      const existing = link ? crmById.get(link.crmRecordId) : undefined;
      if (link && existing) {
        if (link.kintoneRevision === revision) {
          skip('unchanged');
          continue;
        }
        // Last writer wins: a CRM edit made after our last write and after kintone's change stays.
        if (existing.updatedAt > link.syncedAt && existing.updatedAt.getTime() > Date.parse(updatedAt)) {
          skip('crm_newer');
          continue;
        }
        await existing.update(
          {
            name: values.name,
            email: values.email,
            emailNormalized: values.email?.toLowerCase() ?? null,
            phone: values.phone,
            phoneE164: values.phoneE164,
            fields: { ...existing.fields, company: values.company, kintoneRecordId: kintoneId },
          },
          { transaction },
        );
        // The CRM record's own stamp after our write: a later stamp means someone edited it since.
        await link.update(
          { kintoneRevision: revision, kintoneUpdatedAt: updatedAt, syncedAt: existing.updatedAt },
          { transaction },
        );
        report.updated += 1;
        imported += 1;
        continue;
      }
      const id = randomUUID();
      newContacts.push({
        id,
        module: 'contacts' as const,
        name: values.name,
        email: values.email,
        emailNormalized: values.email?.toLowerCase() ?? null,
        phone: values.phone,
        phoneE164: values.phoneE164,
        fields: { company: values.company, kintoneRecordId: kintoneId },
      });
      newLinks.push({
        syncId: options.syncId,
        kintoneId,
        crmRecordId: id,
        kintoneRevision: revision,
        kintoneUpdatedAt: updatedAt,
        syncedAt,
      });
      report.created += 1;
      imported += 1;
    }
    if (newContacts.length > 0) {
      const created = await db.models.CrmRecord.bulkCreate(newContacts, { transaction });
      const stamps = new Map(created.map((record) => [record.id, record.updatedAt]));
      await db.models.KintoneLink.bulkCreate(
        newLinks.map((link) => ({ ...link, syncedAt: stamps.get(link.crmRecordId) ?? link.syncedAt })),
        { transaction },
      );
    }
    return { imported };
  });
}

/** Creates a sync row (after the mapping was validated against the form). */
export async function createCustomerSync(options: {
  db: Database;
  client: KintoneClient;
  connectionId: string;
  settings: Record<string, unknown>;
}): Promise<KintoneSyncModel> {
  const settings = readSettings(options.settings);
  const updatedTimeCode = await validateSyncSettings(options.client, settings);
  return options.db.models.KintoneSync.create({
    id: randomUUID(),
    connectionId: options.connectionId,
    settings: options.settings,
    enabled: true,
    status: 'idle',
    phase: 'initial',
    updatedTimeCode,
  });
}

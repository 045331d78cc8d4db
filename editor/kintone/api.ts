import { request } from '../api/client';
import { isRecord } from '../api/guards';

/** A kintone connection as GET /api/connections lists it. */
export interface KintoneConnection {
  id: string;
  name: string;
  status: string;
  domain: string;
  appId: string;
}

export interface SyncProgress {
  done: number;
  total: number;
  percent: number;
  fetched: number;
  pages: number;
  pageSize: number;
}

export interface SyncReport {
  created: number;
  updated: number;
  skipped: Record<string, number>;
  startedAt: string | null;
  finishedAt: string | null;
  /** The run was the first import (false: an hourly / manual pull of changes). */
  initial: boolean;
}

/** A customer sync with what its progress bar and report need. */
export interface KintoneSync {
  id: string;
  connectionId: string;
  status: string;
  running: boolean;
  phase: string;
  appId: string;
  progress: SyncProgress;
  report: SyncReport;
  lastError: string | null;
  nextRunAt: string | null;
}

export interface MappingProblem {
  code: string;
  field: string;
  message: string;
}

/** What "Integrate" sends: the customer app's mapping, and optionally the call-history app's. */
export interface SyncInput {
  connectionId: string;
  customer: { appId: string; fields: Record<string, string> };
  createCustomer: boolean;
  callHistory?: { appId: string; fields: Record<string, string>; events: string[] };
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

function toSync(value: unknown): KintoneSync {
  if (!isRecord(value) || typeof value.id !== 'string') throw new Error('unexpected answer');
  const progress = isRecord(value.progress) ? value.progress : {};
  const report = isRecord(value.report) ? value.report : {};
  const settings = isRecord(value.settings) ? value.settings : {};
  const customer = isRecord(settings.customer) ? settings.customer : {};
  const skipped = isRecord(report.skipped) ? report.skipped : {};
  return {
    id: value.id,
    connectionId: str(value.connectionId),
    status: str(value.status),
    running: value.running === true,
    phase: str(value.phase),
    appId: str(customer.appId),
    progress: {
      done: num(progress.done),
      total: num(progress.total),
      percent: num(progress.percent),
      fetched: num(progress.fetched),
      pages: num(progress.pages),
      pageSize: num(progress.pageSize),
    },
    report: {
      created: num(report.created),
      updated: num(report.updated),
      skipped: Object.fromEntries(Object.entries(skipped).map(([reason, count]) => [reason, num(count)])),
      startedAt: typeof report.startedAt === 'string' ? report.startedAt : null,
      finishedAt: typeof report.finishedAt === 'string' ? report.finishedAt : null,
      initial: report.initial !== false,
    },
    lastError: typeof value.lastError === 'string' ? value.lastError : null,
    nextRunAt: typeof value.nextRunAt === 'string' ? value.nextRunAt : null,
  };
}

function toProblems(value: unknown): MappingProblem[] {
  return (Array.isArray(value) ? value : []).flatMap((p) =>
    isRecord(p) ? [{ code: str(p.code), field: str(p.field), message: str(p.message) }] : [],
  );
}

const language = (lang: 'ja' | 'en') => ({ 'Accept-Language': lang });

export const kintoneApi = {
  async connections(): Promise<KintoneConnection[]> {
    const body = await request('/api/connections');
    const rows = isRecord(body) && Array.isArray(body.items) ? body.items : [];
    return rows.flatMap((row): KintoneConnection[] => {
      if (!isRecord(row) || row.type !== 'kintone' || typeof row.id !== 'string') return [];
      const settings = isRecord(row.settings) ? row.settings : {};
      return [
        {
          id: row.id,
          name: str(row.name),
          status: str(row.status),
          domain: str(settings.domain),
          appId: str(settings.appId),
        },
      ];
    });
  },
  async createConnection(input: {
    name: string;
    domain: string;
    appId: string;
    tokens: string;
    basicUser: string;
    basicPassword: string;
  }): Promise<void> {
    await request('/api/kintone/connections', {
      method: 'POST',
      body: {
        name: input.name,
        domain: input.domain,
        tokens: input.tokens,
        ...(input.appId ? { appId: input.appId } : {}),
        ...(input.basicUser ? { basicUser: input.basicUser, basicPassword: input.basicPassword } : {}),
      },
    });
  },
  async test(id: string, appId: string, lang: 'ja' | 'en'): Promise<{ ok: boolean; message: string }> {
    const body = await request(`/api/kintone/connections/${encodeURIComponent(id)}/test`, {
      method: 'POST',
      body: appId ? { appId } : {},
      headers: language(lang),
    });
    return { ok: isRecord(body) && body.ok === true, message: isRecord(body) ? str(body.message) : '' };
  },
  async syncs(connectionId: string): Promise<KintoneSync[]> {
    const body = await request(`/api/kintone/syncs?connectionId=${encodeURIComponent(connectionId)}`);
    return (isRecord(body) && Array.isArray(body.items) ? body.items : []).map(toSync);
  },
  async sync(id: string): Promise<KintoneSync> {
    return toSync(await request(`/api/kintone/syncs/${encodeURIComponent(id)}`));
  },
  async validate(
    input: SyncInput,
    lang: 'ja' | 'en',
  ): Promise<{ problems: MappingProblem[]; updatedTimeField: string }> {
    const body = await request('/api/kintone/syncs/validate', {
      method: 'POST',
      body: input,
      headers: language(lang),
    });
    return {
      problems: isRecord(body) ? toProblems(body.problems) : [],
      updatedTimeField: isRecord(body) ? str(body.updatedTimeField) : '',
    };
  },
  /** Saves and starts the first import ("Integrate"). */
  async integrate(input: SyncInput, lang: 'ja' | 'en'): Promise<KintoneSync> {
    return toSync(
      await request('/api/kintone/syncs', { method: 'POST', body: input, headers: language(lang) }),
    );
  },
  async runNow(id: string): Promise<void> {
    await request(`/api/kintone/syncs/${encodeURIComponent(id)}/run`, { method: 'POST' });
  },
  problemsOf(details: unknown): MappingProblem[] {
    return isRecord(details) ? toProblems(details.problems) : [];
  },
};

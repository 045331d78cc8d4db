import type { Localized } from '../../runtime/model/localized';
import { request } from '../api/client';
import { isRecord } from '../api/guards';

/** The modules the records screens show, in tab order. */
export const RECORD_SCREEN_MODULES = [
  'leads',
  'contacts',
  'companies',
  'deals',
  'tickets',
  'tasks',
  'calls',
] as const;

/** One record as the API describes it: fields flat, custom fields under `customFields`. */
export type RecordRow = Record<string, unknown> & { id: string; name: string };

/** A field of a module (`GET /api/records`). */
export interface FieldInfo {
  key: string;
  label: Localized;
  kind: string;
  required: boolean;
  options: string[];
}

export interface ModuleInfo {
  module: string;
  labels: Localized;
  pipeline: boolean;
  fields: FieldInfo[];
}

export interface RecordPage {
  items: RecordRow[];
  total: number;
  limit: number;
  offset: number;
}

export interface StageAutomation {
  id: string;
  workflowId: string;
  workflowName: string | null;
  /** null: "now"; else after `amount` `unit`s. */
  delay: { amount: number; unit: string } | null;
}

export interface BoardStage {
  id: string;
  name: string;
  total: number;
  records: RecordRow[];
  automations: StageAutomation[];
}

export interface Board {
  pipeline: { id: string; module: string; name: string };
  stages: BoardStage[];
}

export interface PipelineInfo {
  id: string;
  module: string;
  name: string;
  stages: Array<{ id: string; name: string }>;
}

export interface Timeline {
  stageHistory: Array<{
    fromStageName: string | null;
    toStageName: string | null;
    actor: string;
    source: string;
    at: string;
  }>;
  runs: Array<{ runId: string; workflowId: string | null; at: string }>;
  calls: RecordRow[];
  tasks: RecordRow[];
}

/** The list filters (they are also the query parameters of a saved view). */
export interface RecordFilters {
  q?: string;
  stageId?: string;
  pipelineId?: string;
  ownerId?: string;
  status?: string;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const localized = (value: unknown): Localized =>
  isRecord(value) ? { ja: str(value.ja), en: str(value.en) } : { ja: '', en: '' };

function toRow(value: unknown): RecordRow[] {
  if (!isRecord(value) || typeof value.id !== 'string') return [];
  return [{ ...value, id: value.id, name: str(value.name) }];
}

function toAutomation(value: unknown): StageAutomation[] {
  if (!isRecord(value)) return [];
  const delay = isRecord(value.delay)
    ? { amount: num(value.delay.amount), unit: str(value.delay.unit) }
    : null;
  const workflowName = typeof value.workflowName === 'string' ? value.workflowName : null;
  return [{ id: str(value.id), workflowId: str(value.workflowId), workflowName, delay }];
}

/** GET /api/records: every module with its fields. */
export async function fetchModules(): Promise<ModuleInfo[]> {
  const body = await request('/api/records');
  return list(isRecord(body) ? body.items : []).flatMap((m) =>
    isRecord(m)
      ? [
          {
            module: str(m.module),
            labels: localized(m.labels),
            pipeline: m.pipeline === true,
            fields: list(m.fields).flatMap((f) =>
              isRecord(f)
                ? [
                    {
                      key: str(f.key),
                      label: localized(f.label),
                      kind: str(f.kind),
                      required: f.required === true,
                      options: list(f.options).filter((o): o is string => typeof o === 'string'),
                    },
                  ]
                : [],
            ),
          },
        ]
      : [],
  );
}

/** GET /api/records/:module with filters and paging. */
export async function fetchRecords(
  module: string,
  o: { filters: RecordFilters; limit: number; offset: number },
): Promise<RecordPage> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(o.filters))
    if (typeof value === 'string' && value) params.set(key, value);
  params.set('sort', '-updatedAt');
  params.set('limit', String(o.limit));
  params.set('offset', String(o.offset));
  const body = await request(`/api/records/${encodeURIComponent(module)}?${params.toString()}`);
  const b = isRecord(body) ? body : {};
  return {
    items: list(b.items).flatMap(toRow),
    total: num(b.total),
    limit: num(b.limit),
    offset: num(b.offset),
  };
}

export async function fetchRecord(module: string, id: string): Promise<RecordRow> {
  const row = toRow(await request(`/api/records/${encodeURIComponent(module)}/${encodeURIComponent(id)}`))[0];
  if (!row) throw new Error('unexpected answer');
  return row;
}

/** POST (create) or PATCH (edit) a record; a 400 carries `details` naming the fields. */
export async function saveRecord(o: {
  module: string;
  id?: string;
  values: Record<string, unknown>;
}): Promise<RecordRow> {
  const base = `/api/records/${encodeURIComponent(o.module)}`;
  const body = o.id
    ? await request(`${base}/${encodeURIComponent(o.id)}`, { method: 'PATCH', body: o.values })
    : await request(base, { method: 'POST', body: o.values });
  const row = toRow(body)[0];
  if (!row) throw new Error('unexpected answer');
  return row;
}

export async function fetchTimeline(module: string, id: string): Promise<Timeline> {
  const body = await request(`/api/records/${encodeURIComponent(module)}/${encodeURIComponent(id)}/timeline`);
  const b = isRecord(body) ? body : {};
  return {
    stageHistory: list(b.stageHistory).flatMap((h) =>
      isRecord(h)
        ? [
            {
              fromStageName: typeof h.fromStageName === 'string' ? h.fromStageName : null,
              toStageName: typeof h.toStageName === 'string' ? h.toStageName : null,
              actor: str(h.actor),
              source: str(h.source),
              at: str(h.at),
            },
          ]
        : [],
    ),
    runs: list(b.runs).flatMap((r) =>
      isRecord(r)
        ? [
            {
              runId: str(r.runId),
              workflowId: typeof r.workflowId === 'string' ? r.workflowId : null,
              at: str(r.at),
            },
          ]
        : [],
    ),
    calls: list(b.calls).flatMap(toRow),
    tasks: list(b.tasks).flatMap(toRow),
  };
}

export async function fetchPipelines(module: string): Promise<PipelineInfo[]> {
  const body = await request(`/api/pipelines?module=${encodeURIComponent(module)}`);
  return list(isRecord(body) ? body.items : []).flatMap((p) =>
    isRecord(p)
      ? [
          {
            id: str(p.id),
            module: str(p.module),
            name: str(p.name),
            stages: list(p.stages).flatMap((s) =>
              isRecord(s) ? [{ id: str(s.id), name: str(s.name) }] : [],
            ),
          },
        ]
      : [],
  );
}

export async function fetchBoard(pipelineId: string): Promise<Board> {
  const body = await request(`/api/pipelines/${encodeURIComponent(pipelineId)}/board`);
  const b = isRecord(body) ? body : {};
  const p = isRecord(b.pipeline) ? b.pipeline : {};
  return {
    pipeline: { id: str(p.id), module: str(p.module), name: str(p.name) },
    stages: list(b.stages).flatMap((s) =>
      isRecord(s)
        ? [
            {
              id: str(s.id),
              name: str(s.name),
              total: num(s.total),
              records: list(s.records).flatMap(toRow),
              automations: list(s.automations).flatMap(toAutomation),
            },
          ]
        : [],
    ),
  };
}

/** A drop on the board: the stage move, marked as the UI's so the history says so. */
export async function moveToStage(o: { module: string; id: string; stageId: string }): Promise<void> {
  await request(`/api/records/${encodeURIComponent(o.module)}/${encodeURIComponent(o.id)}/stage`, {
    method: 'POST',
    body: { stageId: o.stageId },
    headers: { 'X-Musubi-Source': 'ui' },
  });
}

/** POST /api/sample (admins): adds the sample workspace; loading it twice adds nothing twice. */
export async function loadSample(): Promise<void> {
  await request('/api/sample', { method: 'POST' });
}

/** The ids of the given records that have a live external share link (empty when sharing is off). */
export async function fetchSharedIds(recordIds: string[]): Promise<Set<string>> {
  if (recordIds.length === 0) return new Set();
  const body = await request(`/api/shares?recordIds=${recordIds.map(encodeURIComponent).join(',')}`);
  return new Set(
    list(isRecord(body) ? body.items : []).flatMap((s) =>
      isRecord(s) && typeof s.recordId === 'string' ? [s.recordId] : [],
    ),
  );
}

/** The field errors of a 400 `validation_failed` answer, by field name. */
export function fieldErrors(details: unknown, lang: 'ja' | 'en'): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const d of list(details)) {
    if (isRecord(d) && typeof d.field === 'string')
      errors[d.field] = localized(d.message)[lang] || str(d.message);
  }
  return errors;
}

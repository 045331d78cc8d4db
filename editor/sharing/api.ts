import { request } from '../api/client';
import { isRecord } from '../api/guards';

/** A pipeline as the sharing screen needs it. */
export interface PipelineItem {
  id: string;
  module: string;
  name: string;
}

/** A record of a pipeline, for the share picker. */
export interface RecordItem {
  id: string;
  name: string;
}

export interface Labelled {
  key: string;
  label: { ja: string; en: string };
}

/** GET /api/pipelines/:id/sharing. */
export interface SharingSettings {
  enabled: boolean;
  fields: string[];
  contactFields: string[];
  stageIds: string[];
  orgName: string | null;
  pageTitle: string | null;
  hideHistory: boolean;
  access: 'otp' | 'open';
  hasLogo: boolean;
  available: { fields: Labelled[]; contactFields: Labelled[]; stages: Array<{ id: string; name: string }> };
}

/** One row of "all externally shared". */
export interface SharedItem {
  recordId: string;
  recordName: string;
  sharedByLabel: string;
  sharedAt: string;
}

/** POST /api/shares: the link (shown once) and the e-mail draft. */
export interface ShareResult {
  url: string;
  recipient: string | null;
  draft: { to: string | null; subject: string; text: string };
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];
const items = (body: unknown): unknown[] => (isRecord(body) && Array.isArray(body.items) ? body.items : []);

function labelled(value: unknown): Labelled[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) =>
    isRecord(entry) && isRecord(entry.label)
      ? [{ key: str(entry.key), label: { ja: str(entry.label.ja), en: str(entry.label.en) } }]
      : [],
  );
}

function toSettings(body: unknown): SharingSettings {
  const b = isRecord(body) ? body : {};
  const available = isRecord(b.available) ? b.available : {};
  const stages = Array.isArray(available.stages) ? available.stages : [];
  return {
    enabled: b.enabled === true,
    fields: strings(b.fields),
    contactFields: strings(b.contactFields),
    stageIds: strings(b.stageIds),
    orgName: typeof b.orgName === 'string' ? b.orgName : null,
    pageTitle: typeof b.pageTitle === 'string' ? b.pageTitle : null,
    hideHistory: b.hideHistory === true,
    access: b.access === 'open' ? 'open' : 'otp',
    hasLogo: b.hasLogo === true,
    available: {
      fields: labelled(available.fields),
      contactFields: labelled(available.contactFields),
      stages: stages.flatMap((s) => (isRecord(s) ? [{ id: str(s.id), name: str(s.name) }] : [])),
    },
  };
}

export async function listPipelines(): Promise<PipelineItem[]> {
  return items(await request('/api/pipelines')).flatMap((p) =>
    isRecord(p) ? [{ id: str(p.id), module: str(p.module), name: str(p.name) }] : [],
  );
}

export async function listRecords(pipeline: PipelineItem): Promise<RecordItem[]> {
  const query = `pipelineId=${encodeURIComponent(pipeline.id)}&limit=200`;
  return items(await request(`/api/records/${pipeline.module}?${query}`)).flatMap((r) =>
    isRecord(r) ? [{ id: str(r.id), name: str(r.name) }] : [],
  );
}

export async function getSettings(pipelineId: string): Promise<SharingSettings> {
  return toSettings(await request(`/api/pipelines/${encodeURIComponent(pipelineId)}/sharing`));
}

export async function saveSettings(
  pipelineId: string,
  body: Partial<SharingSettings>,
): Promise<SharingSettings> {
  const { fields, contactFields, stageIds, orgName, pageTitle, hideHistory, access } = body;
  return toSettings(
    await request(`/api/pipelines/${encodeURIComponent(pipelineId)}/sharing`, {
      method: 'PUT',
      body: { fields, contactFields, stageIds, orgName, pageTitle, hideHistory, access },
    }),
  );
}

export async function setEnabled(pipelineId: string, enabled: boolean): Promise<SharingSettings> {
  const action = enabled ? 'enable' : 'disable';
  return toSettings(
    await request(`/api/pipelines/${encodeURIComponent(pipelineId)}/sharing/${action}`, { method: 'POST' }),
  );
}

/** Uploads the logo as raw bytes (the JSON client cannot send a file). */
export async function uploadLogo(pipelineId: string, file: File): Promise<void> {
  const csrf = globalThis.sessionStorage?.getItem('musubi.csrf');
  const response = await fetch(`/api/pipelines/${encodeURIComponent(pipelineId)}/sharing/logo`, {
    method: 'PUT',
    credentials: 'same-origin',
    headers: {
      'Content-Type': file.type || 'application/octet-stream',
      ...(csrf ? { 'X-CSRF-Token': csrf } : {}),
    },
    body: file,
  });
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    const error = isRecord(body) && isRecord(body.error) ? body.error : {};
    const message = isRecord(error.message) ? error.message : {};
    throw new Error(str(message.ja) || str(error.message) || `HTTP ${response.status}`);
  }
}

export async function listShared(pipelineId: string): Promise<SharedItem[]> {
  return items(await request(`/api/shares?pipelineId=${encodeURIComponent(pipelineId)}`)).flatMap((s) =>
    isRecord(s)
      ? [
          {
            recordId: str(s.recordId),
            recordName: str(s.recordName),
            sharedByLabel: str(s.sharedByLabel),
            sharedAt: str(s.sharedAt),
          },
        ]
      : [],
  );
}

export async function shareRecord(recordId: string): Promise<ShareResult> {
  const body = await request('/api/shares', { method: 'POST', body: { recordId } });
  const b = isRecord(body) ? body : {};
  const draft = isRecord(b.draft) ? b.draft : {};
  return {
    url: str(b.url),
    recipient: typeof b.recipient === 'string' ? b.recipient : null,
    draft: {
      to: typeof draft.to === 'string' ? draft.to : null,
      subject: str(draft.subject),
      text: str(draft.text),
    },
  };
}

export async function sendShareMail(body: { recordId: string; to?: string; subject: string; text: string }) {
  await request('/api/shares/mail', { method: 'POST', body });
}

export async function unshareRecord(recordId: string): Promise<void> {
  await request(`/api/shares/records/${encodeURIComponent(recordId)}`, { method: 'DELETE' });
}

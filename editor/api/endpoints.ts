import type { NodeDescriptor } from '../../runtime/model/node-definition';
import type { RunState } from '../../runtime/model/run';
import type { WorkflowDocument } from '../../runtime/model/workflow';
import { ApiError, request, setCsrfToken } from './client';
import {
  isNodeDescriptor,
  isRecord,
  isRunState,
  isWorkflowDocument,
  listFrom,
  numberField,
  stringField,
} from './guards';
import type {
  CurrentUser,
  ExecutionSummary,
  Problem,
  VersionSummary,
  WorkflowDetail,
  WorkflowSummary,
} from './types';

/* ---------- auth ---------- */

function toUser(value: unknown): CurrentUser | null {
  const record = isRecord(value) && isRecord(value.user) ? value.user : value;
  if (!isRecord(record)) return null;
  const id = stringField(record, 'id');
  const email = stringField(record, 'email');
  if (!id || !email) return null;
  return {
    id,
    email,
    name: stringField(record, 'name') ?? email,
    role: stringField(record, 'role') ?? 'viewer',
  };
}

function rememberCsrf(value: unknown): void {
  if (isRecord(value) && typeof value.csrfToken === 'string') setCsrfToken(value.csrfToken);
}

/** The signed-in user, or null when nobody is (401). */
export async function fetchMe(): Promise<CurrentUser | null> {
  try {
    const body = await request('/api/auth/me');
    rememberCsrf(body);
    return toUser(body);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** Whether the first owner still has to be created. */
export async function fetchSetupNeeded(): Promise<boolean> {
  const body = await request('/api/setup');
  if (isRecord(body)) {
    if (typeof body.needed === 'boolean') return body.needed;
    if (typeof body.setupRequired === 'boolean') return body.setupRequired;
    if (typeof body.hasOwner === 'boolean') return !body.hasOwner;
  }
  return false;
}

export async function signIn(o: { email: string; password: string }): Promise<CurrentUser | null> {
  const body = await request('/api/auth/login', { method: 'POST', body: o });
  rememberCsrf(body);
  return toUser(body) ?? (await fetchMe());
}

export async function createOwner(o: {
  email: string;
  password: string;
  name: string;
}): Promise<CurrentUser | null> {
  const body = await request('/api/setup', { method: 'POST', body: o });
  rememberCsrf(body);
  return toUser(body) ?? (await fetchMe());
}

export async function signOut(): Promise<void> {
  await request('/api/auth/logout', { method: 'POST' });
  setCsrfToken(null);
}

/* ---------- node types ---------- */

export async function fetchNodeTypes(): Promise<NodeDescriptor[]> {
  const body = await request('/api/node-types');
  return listFrom(body, ['nodeTypes', 'items', 'descriptors']).filter(isNodeDescriptor);
}

/* ---------- workflows ---------- */

function toSummary(value: unknown): WorkflowSummary | null {
  if (!isRecord(value)) return null;
  const id = stringField(value, 'id');
  if (!id) return null;
  const lastRun = isRecord(value.lastRun) ? value.lastRun : undefined;
  return {
    id,
    name: stringField(value, 'name') ?? id,
    description: stringField(value, 'description') ?? '',
    active: value.active === true,
    activeVersion: numberField(value, 'activeVersion') ?? null,
    latestVersion: numberField(value, 'latestVersion') ?? 0,
    updatedAt: stringField(value, 'updatedAt') ?? '',
    lastRun: lastRun
      ? { status: stringField(lastRun, 'status') ?? '', startedAt: stringField(lastRun, 'startedAt') ?? '' }
      : undefined,
  };
}

function toDetail(value: unknown): WorkflowDetail {
  const record = isRecord(value) && isRecord(value.workflow) ? value.workflow : value;
  const summary = toSummary(record);
  const draft = isRecord(record) ? (record.draft ?? record.document) : undefined;
  if (!summary || !isWorkflowDocument(draft))
    throw new Error('The server sent a workflow the editor cannot read.');
  return { ...summary, draft: { ...draft, notes: draft.notes ?? [] } };
}

export async function listWorkflows(): Promise<WorkflowSummary[]> {
  const body = await request('/api/workflows');
  return listFrom(body, ['workflows', 'items']).flatMap((item) => toSummary(item) ?? []);
}

export async function getWorkflow(id: string): Promise<WorkflowDetail> {
  return toDetail(await request(`/api/workflows/${encodeURIComponent(id)}`));
}

export async function createWorkflow(o: { name: string; draft?: WorkflowDocument }): Promise<WorkflowDetail> {
  const body = await request('/api/workflows', {
    method: 'POST',
    body: o.draft ? { name: o.name, draft: o.draft } : { name: o.name },
  });
  return toDetail(body);
}

/**
 * Saves the draft. `baseUpdatedAt` is the revision we edited on top of: the server answers 409
 * when its draft moved on since (someone else saved), so we can ask the user instead of overwriting.
 */
export async function saveDraft(o: {
  id: string;
  draft: WorkflowDocument;
  baseUpdatedAt: string;
}): Promise<WorkflowDetail> {
  const body = await request(`/api/workflows/${encodeURIComponent(o.id)}`, {
    method: 'PUT',
    body: {
      name: o.draft.name,
      description: o.draft.description ?? '',
      draft: o.draft,
      baseUpdatedAt: o.baseUpdatedAt,
    },
    headers: o.baseUpdatedAt ? { 'If-Unmodified-Since-Revision': o.baseUpdatedAt } : {},
  });
  return toDetail(body);
}

export async function deleteWorkflow(id: string): Promise<void> {
  await request(`/api/workflows/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export async function setActive(o: { id: string; active: boolean }): Promise<void> {
  await request(`/api/workflows/${encodeURIComponent(o.id)}/${o.active ? 'activate' : 'deactivate'}`, {
    method: 'POST',
  });
}

/** Publishes the draft; refused with 422 and the problems when errors remain. */
export async function publishWorkflow(id: string): Promise<{ version: number; warnings: Problem[] }> {
  const body = await request(`/api/workflows/${encodeURIComponent(id)}/publish`, { method: 'POST' });
  const record = isRecord(body) ? body : {};
  const version =
    numberField(record, 'version') ??
    (isRecord(record.version) ? numberField(record.version, 'version') : undefined);
  return { version: version ?? 0, warnings: problemsFrom(record.warnings ?? record.problems) };
}

/** Problems found in a draft without publishing it. */
export async function validateDraft(document: WorkflowDocument): Promise<Problem[]> {
  const body = await request('/api/workflows/validate', { method: 'POST', body: { document } });
  return problemsFrom(isRecord(body) ? (body.problems ?? body.details) : body);
}

export function problemsFrom(value: unknown): Problem[] {
  return listFrom(value, ['problems', 'items']).flatMap((item): Problem[] => {
    if (!isRecord(item) || (item.severity !== 'error' && item.severity !== 'warning')) return [];
    const message = item.message;
    if (!isRecord(message) || typeof message.ja !== 'string' || typeof message.en !== 'string') return [];
    const problem: Problem = {
      severity: item.severity,
      code: stringField(item, 'code') ?? '',
      message: { ja: message.ja, en: message.en },
      path: stringField(item, 'path') ?? '',
    };
    const nodeId = stringField(item, 'nodeId');
    const nodeLabel = stringField(item, 'nodeLabel');
    const edgeId = stringField(item, 'edgeId');
    if (nodeId) problem.nodeId = nodeId;
    if (nodeLabel) problem.nodeLabel = nodeLabel;
    if (edgeId) problem.edgeId = edgeId;
    return [problem];
  });
}

export async function listVersions(id: string): Promise<VersionSummary[]> {
  const body = await request(`/api/workflows/${encodeURIComponent(id)}/versions`);
  return listFrom(body, ['versions', 'items']).flatMap((item): VersionSummary[] => {
    if (!isRecord(item)) return [];
    const version = numberField(item, 'version');
    if (version === undefined) return [];
    return [
      {
        version,
        createdAt: stringField(item, 'createdAt') ?? stringField(item, 'publishedAt') ?? '',
        publishedBy: stringField(item, 'publishedBy') ?? null,
        warnings: Array.isArray(item.warnings) ? item.warnings : [],
      },
    ];
  });
}

export async function getVersion(o: { id: string; version: number }): Promise<WorkflowDocument> {
  const body = await request(`/api/workflows/${encodeURIComponent(o.id)}/versions/${o.version}`);
  const document = isRecord(body)
    ? (body.document ?? (isRecord(body.version) ? body.version.document : body))
    : body;
  if (!isWorkflowDocument(document)) throw new Error('The server sent a version the editor cannot read.');
  return { ...document, notes: document.notes ?? [] };
}

export async function importWorkflow(document: unknown): Promise<WorkflowDetail> {
  return toDetail(await request('/api/workflows/import', { method: 'POST', body: document }));
}

export async function exportWorkflow(id: string): Promise<unknown> {
  return request(`/api/workflows/${encodeURIComponent(id)}/export`);
}

/* ---------- runs ---------- */

/** Runs the draft once with the given trigger input; answers the finished (or waiting) run. */
export async function runWorkflow(o: { id: string; input: unknown }): Promise<RunState> {
  const body = await request(`/api/workflows/${encodeURIComponent(o.id)}/run`, {
    method: 'POST',
    body: { input: o.input },
  });
  return runFrom(body);
}

function runFrom(body: unknown): RunState {
  const candidate = isRecord(body) ? (body.run ?? body.state ?? body.execution ?? body) : body;
  const inner = isRecord(candidate) && isRunState(candidate.state) ? candidate.state : candidate;
  if (!isRunState(inner)) throw new Error('The server sent a run the editor cannot read.');
  return inner;
}

function toExecution(value: unknown): ExecutionSummary | null {
  if (!isRecord(value)) return null;
  const id = stringField(value, 'id') ?? stringField(value, 'runId');
  if (!id) return null;
  const error = value.error;
  return {
    id,
    workflowId: stringField(value, 'workflowId') ?? '',
    workflowName: stringField(value, 'workflowName') ?? stringField(value, 'workflowId') ?? '',
    version: numberField(value, 'version') ?? null,
    status: stringField(value, 'status') ?? '',
    mode: stringField(value, 'mode') ?? stringField(value, 'trigger') ?? '',
    startedAt: stringField(value, 'startedAt') ?? '',
    finishedAt: stringField(value, 'finishedAt') ?? null,
    error: typeof error === 'string' ? error : isRecord(error) ? (stringField(error, 'code') ?? null) : null,
  };
}

export async function listExecutions(o: {
  workflowId?: string;
  status?: string;
}): Promise<ExecutionSummary[]> {
  const params = new URLSearchParams();
  if (o.workflowId) params.set('workflowId', o.workflowId);
  if (o.status) params.set('status', o.status);
  const query = params.toString();
  const body = await request(`/api/executions${query ? `?${query}` : ''}`);
  return listFrom(body, ['executions', 'items']).flatMap((item) => toExecution(item) ?? []);
}

export interface ExecutionDetail {
  summary: ExecutionSummary;
  run: RunState;
}

export async function getExecution(id: string): Promise<ExecutionDetail> {
  const body = await request(`/api/executions/${encodeURIComponent(id)}`);
  const record = isRecord(body) && isRecord(body.execution) ? body.execution : body;
  const summary = toExecution(record);
  if (!summary) throw new Error('The server sent an execution the editor cannot read.');
  return { summary, run: runFrom(record) };
}

export async function retryExecution(id: string): Promise<string | undefined> {
  const body = await request(`/api/executions/${encodeURIComponent(id)}/retry`, { method: 'POST' });
  return isRecord(body) ? (stringField(body, 'id') ?? stringField(body, 'runId')) : undefined;
}

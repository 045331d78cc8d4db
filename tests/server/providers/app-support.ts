import request from 'supertest';
import { expect } from 'vitest';
import type { RunState, WorkflowDocument } from '../../../runtime/index';
import { executionForApp } from '../../../server/execution/app-wiring';
import type { TestApp } from '../support/test-app';

/** Helpers for provider tests that go through the running app: workflows saved, published, live. */

export const as = (token: string) => ({ Authorization: `Bearer ${token}` });

export const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({
  id,
  type,
  typeVersion: 1,
  position: { x: 0, y: 0 },
  label: id,
  config,
});

/** Edges from `[source, branch, target]` triples. */
export function edges(list: Array<[string, string, string]>) {
  return list.map(([source, sourceHandle, target], i) => ({ id: `e${i}`, source, sourceHandle, target }));
}

/** Creates, publishes and activates a workflow through the API; returns its id. */
export async function liveWorkflow(
  t: TestApp,
  admin: string,
  parts: Pick<WorkflowDocument, 'name' | 'nodes' | 'edges'>,
): Promise<string> {
  const created = await request(t.app).post('/api/workflows').set(as(admin)).send({ name: parts.name });
  expect(created.status).toBe(201);
  const id = String((created.body as { id: string }).id);
  const document = { schemaVersion: 1, id, settings: {}, notes: [], ...parts };
  const saved = await request(t.app).put(`/api/workflows/${id}`).set(as(admin)).send(document);
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  await request(t.app).post(`/api/workflows/${id}/publish`).set(as(admin)).expect(201);
  await request(t.app).post(`/api/workflows/${id}/activate`).set(as(admin)).expect(200);
  return id;
}

/** Starts the app's loops and loads the live workflows (webhooks and triggers answer after this). */
export async function goLive(t: TestApp): Promise<void> {
  await t.services.lifecycle.start();
  await executionForApp({ db: t.db, config: t.config, services: t.services }).reloadWorkflows();
}

/** Polls until `check` holds (or five seconds pass) and returns the last value read. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const until = Date.now() + 5000;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The finished runs of a workflow, oldest first, with their steps. */
export async function finishedRuns(t: TestApp, workflowId: string, count: number): Promise<RunState[]> {
  const execution = executionForApp({ db: t.db, config: t.config, services: t.services });
  const rows = await eventually(
    () => t.db.models.Run.findAll({ where: { workflowId }, order: [['startedAt', 'ASC']] }),
    (found) =>
      found.length >= count && found.every((run) => run.status !== 'running' && run.status !== 'queued'),
  );
  const states: RunState[] = [];
  for (const row of rows) {
    const detail = await execution.getRun(row.id);
    if (detail) states.push(detail.state);
  }
  return states;
}

/** The branch the node took in a run ('(failed)' when it failed without a failure edge). */
export function branchOf(run: RunState | undefined, nodeId: string): string | undefined {
  const step = run?.steps.find((candidate) => candidate.nodeId === nodeId);
  if (!step) return undefined;
  return step.branch ?? (step.status === 'failed' ? '(failed)' : undefined);
}

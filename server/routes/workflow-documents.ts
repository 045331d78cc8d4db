import { randomBytes } from 'node:crypto';
import { isRecord } from '../../runtime/engine/registry';
import type { NodeRegistry } from '../../runtime/engine/registry';
import { validateWorkflow } from '../../runtime/engine/validate-graph';
import type { Problem } from '../../runtime/engine/validate-graph';
import { WORKFLOW_SCHEMA_VERSION } from '../../runtime/model/workflow';
import type { Database } from '../db/index';
import type { WorkflowModel, WorkflowVersionModel } from '../db/models/index';
import { HttpError, notFoundError } from '../http/errors';

/** `wf_` + 72 random bits: short enough for URLs, unguessable enough to be no hint. */
export function newWorkflowId(): string {
  return `wf_${randomBytes(9).toString('base64url')}`;
}

/** A document the editor can open: schema fields filled, nothing on the canvas. */
export function blankDocument(options: { id: string; name: string }): Record<string, unknown> {
  return {
    schemaVersion: WORKFLOW_SCHEMA_VERSION,
    id: options.id,
    name: options.name,
    description: '',
    settings: {},
    nodes: [],
    edges: [],
    notes: [],
  };
}

/** Problems that mean "this is not a workflow document" rather than "this graph is unfinished". */
function isMalformation(problem: Problem): boolean {
  return (
    problem.severity === 'error' && (problem.code === 'not_a_workflow' || problem.code.startsWith('schema_'))
  );
}

/**
 * A draft may be unfinished (no trigger, a node not yet configured) but must be a workflow
 * document: anything failing the document schema is refused with a 400 and the whole list.
 */
export function checkDraft(options: { doc: unknown; registry: NodeRegistry }): Record<string, unknown> {
  const problems = validateWorkflow(options.doc, options.registry);
  const malformed = problems.filter(isMalformation);
  if (malformed.length > 0 || !isRecord(options.doc)) {
    throw new HttpError({
      status: 400,
      code: 'invalid_document',
      message: {
        ja: `ワークフロー文書の形が正しくありません（${malformed.length} 件）。`,
        en: `The workflow document is malformed (${malformed.length} problem${malformed.length === 1 ? '' : 's'}).`,
      },
      details: { problems: malformed },
    });
  }
  return options.doc;
}

/** Every problem for publishing: errors refuse it (422, all listed), warnings go along. */
export function checkPublishable(options: { doc: unknown; registry: NodeRegistry }): { warnings: Problem[] } {
  const problems = validateWorkflow(options.doc, options.registry);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    throw new HttpError({
      status: 422,
      code: 'workflow_invalid',
      message: {
        ja: `エラーが ${errors.length} 件あるため公開できません。`,
        en: `The workflow has ${errors.length} error${errors.length === 1 ? '' : 's'} and cannot be published.`,
      },
      details: { problems },
    });
  }
  return { warnings: problems };
}

export async function findWorkflow(db: Database, id: string): Promise<WorkflowModel> {
  const workflow = await db.models.Workflow.findByPk(id);
  if (!workflow)
    throw notFoundError({ ja: 'そのワークフローはありません。', en: 'There is no such workflow.' });
  return workflow;
}

/** A workflow as the API shows it; the draft document only when asked (lists stay light). */
export function describeWorkflow(workflow: WorkflowModel, options: { withDocument?: boolean } = {}) {
  return {
    id: workflow.id,
    name: workflow.name,
    description: workflow.description,
    active: workflow.active,
    activeVersion: workflow.activeVersion,
    latestVersion: workflow.latestVersion,
    createdBy: workflow.createdBy,
    updatedBy: workflow.updatedBy,
    createdAt: workflow.createdAt.toISOString(),
    updatedAt: workflow.updatedAt.toISOString(),
    ...(options.withDocument ? { document: workflow.draft } : {}),
  };
}

export function describeVersion(version: WorkflowVersionModel, options: { withDocument?: boolean } = {}) {
  return {
    workflowId: version.workflowId,
    version: version.version,
    publishedBy: version.publishedBy,
    createdAt: version.createdAt.toISOString(),
    warnings: version.warnings,
    ...(options.withDocument ? { document: version.document } : {}),
  };
}

/** The name and description columns mirror the document's, for listing and search. */
export function columnsOf(doc: Record<string, unknown>): { name: string; description: string } {
  return {
    name: typeof doc.name === 'string' ? doc.name : '',
    description: typeof doc.description === 'string' ? doc.description : '',
  };
}

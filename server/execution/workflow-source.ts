import { isRecord } from '../../runtime/engine/registry';
import type { WorkflowDocument } from '../../runtime/model/workflow';
import { parseJson } from './run-codec';
import { num, str, type SqlClient } from './sql';

/**
 * A shallow check that a stored value is a workflow document (documents were validated in full
 * when they were published; this guards against a damaged row).
 */
export function isWorkflowDocument(value: unknown): value is WorkflowDocument {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.name === 'string' &&
    Array.isArray(value.nodes) &&
    Array.isArray(value.edges) &&
    value.nodes.every(
      (node) => isRecord(node) && typeof node.id === 'string' && typeof node.type === 'string',
    )
  );
}

/** JSON columns come back as text from SQLite and parsed from Postgres. */
function documentFrom(value: unknown): WorkflowDocument | undefined {
  const parsed = typeof value === 'string' ? parseJson(value) : value;
  return isWorkflowDocument(parsed) ? parsed : undefined;
}

/** An active workflow: the version its triggers run. */
export interface ActiveWorkflow {
  workflowId: string;
  version: number;
  document: WorkflowDocument;
}

const CACHE_SIZE = 500;

/**
 * Published versions never change, so their documents are cached by `id@version`: the hot path
 * never reads a document from the database twice. Drafts used by manual runs are read per run.
 */
export class WorkflowSource {
  private readonly cache = new Map<string, WorkflowDocument>();

  constructor(private readonly sql: SqlClient) {}

  /** Remembers a document (the one a trigger just used). */
  remember(input: { workflowId: string; version: number; document: WorkflowDocument }): void {
    const key = `${input.workflowId}@${input.version}`;
    if (this.cache.has(key)) return;
    this.cache.set(key, input.document);
    if (this.cache.size > CACHE_SIZE) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }

  /** The document a run executes: its published version, or the draft copy stored with the run. */
  async forRun(input: {
    runId: string;
    workflowId: string;
    version: number | null;
  }): Promise<WorkflowDocument> {
    if (input.version !== null) return this.version(input.workflowId, input.version);
    const rows = await this.sql.read.all(
      "SELECT data FROM run_payloads WHERE run_id = ? AND kind = 'document' AND step_index IS NULL",
      [input.runId],
    );
    const document = documentFrom(rows[0]?.data);
    if (!document) throw new Error(`The workflow document of run ${input.runId} is missing.`);
    return document;
  }

  /** A published version's document. */
  async version(workflowId: string, version: number): Promise<WorkflowDocument> {
    const cached = this.cache.get(`${workflowId}@${version}`);
    if (cached) return cached;
    const rows = await this.sql.read.all(
      'SELECT document FROM workflow_versions WHERE workflow_id = ? AND version = ?',
      [workflowId, version],
    );
    const document = documentFrom(rows[0]?.document);
    if (!document) throw new Error(`Version ${version} of workflow ${workflowId} does not exist.`);
    this.remember({ workflowId, version, document });
    return document;
  }

  /** Every active workflow with the document of its active version. */
  async active(): Promise<ActiveWorkflow[]> {
    const rows = await this.sql.read.all(
      `SELECT w.id AS workflow_id, w.active_version AS version, v.document AS document
         FROM workflows w
         JOIN workflow_versions v ON v.workflow_id = w.id AND v.version = w.active_version
        WHERE w.active = ?
        ORDER BY w.updated_at, w.id`,
      [true],
    );
    const result: ActiveWorkflow[] = [];
    for (const row of rows) {
      const workflowId = str(row.workflow_id);
      const version = num(row.version);
      const cached = this.cache.get(`${workflowId}@${version}`);
      const document = cached ?? documentFrom(row.document);
      if (!document) continue;
      this.remember({ workflowId, version, document });
      result.push({ workflowId, version, document });
    }
    return result;
  }
}

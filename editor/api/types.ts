import type { Localized } from '../../runtime/model/localized';
import type { WorkflowDocument } from '../../runtime/model/workflow';

/** The signed-in person. */
export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: string;
}

/** One row of the workflows list. */
export interface WorkflowSummary {
  id: string;
  name: string;
  description: string;
  active: boolean;
  activeVersion: number | null;
  latestVersion: number;
  updatedAt: string;
  lastRun?: { status: string; startedAt: string } | undefined;
}

/** A workflow with its editable draft. `updatedAt` identifies the draft revision we edit on top of. */
export interface WorkflowDetail extends WorkflowSummary {
  draft: WorkflowDocument;
}

export interface VersionSummary {
  version: number;
  createdAt: string;
  publishedBy: string | null;
  warnings: unknown[];
}

/** A validation problem as the server reports it (runtime/engine/validate-problem.ts). */
export interface Problem {
  severity: 'error' | 'warning';
  code: string;
  message: Localized;
  path: string;
  nodeId?: string;
  nodeLabel?: string;
  edgeId?: string;
}

/** One row of the executions list. */
export interface ExecutionSummary {
  id: string;
  workflowId: string;
  workflowName: string;
  version: number | null;
  status: string;
  mode: string;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

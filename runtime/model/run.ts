import type { ErrorRecord } from './errors';

export type RunStatus = 'running' | 'waiting' | 'succeeded' | 'failed' | 'stopped' | 'canceled';

/** What a waiting node waits for. All fields are JSON so a run can be stored and resumed anywhere. */
export interface WaitRequest {
  /** `message`: the next chat message; `until`: a time; `callback`: an external event. */
  kind: 'message' | 'until' | 'callback';
  /** For `until`: when to resume (ms since epoch). */
  until?: number;
  /** For `message` / `callback`: give up at this time and resume with a `timeout` event. */
  timeoutAt?: number;
  /** Private state the node gets back on resume (e.g. how many times it has re-asked). */
  state?: Record<string, unknown>;
}

/** What resumes a waiting run. */
export type ResumeEvent =
  | { kind: 'message'; text: string; payload?: unknown }
  | { kind: 'time' }
  | { kind: 'timeout' }
  | { kind: 'callback'; payload?: unknown };

export type StepStatus = 'succeeded' | 'failed' | 'waiting';

/** One node execution as the run history shows it. */
export interface StepRecord {
  index: number;
  nodeId: string;
  nodeType: string;
  label: string;
  status: StepStatus;
  branch?: string;
  /** The node's resolved config (templates rendered, secrets redacted, large values truncated). */
  input?: unknown;
  output?: unknown;
  error?: ErrorRecord;
  attempt: number;
  startedAt: number;
  durationMs: number;
}

/** A pending visit to a node, kept on the depth-first stack. */
export interface PendingVisit {
  nodeId: string;
}

export interface WebhookResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * The whole state of a run. A plain JSON value: the executor returns a new one after each
 * pass, a store keeps it, and `resumeRun` continues it in any process.
 */
export interface RunState {
  runId: string;
  workflowId: string;
  status: RunStatus;
  trigger: unknown;
  triggerNodeId: string;
  vars: Record<string, unknown>;
  /** Each node's latest output, by node id (templates read `nodes.<id>`). */
  nodes: Record<string, unknown>;
  /** Depth-first stack; the last element runs next. */
  stack: PendingVisit[];
  waiting?: { nodeId: string; stepIndex: number; wait: WaitRequest; since: number };
  steps: StepRecord[];
  startedAt: number;
  finishedAt?: number;
  error?: ErrorRecord & { nodeId?: string };
  response?: WebhookResponse;
}

export function isFinished(status: RunStatus): boolean {
  return status !== 'running' && status !== 'waiting';
}

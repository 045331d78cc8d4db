import type { NodeRegistry } from './registry';
import type { ResumeEvent, RunState, StepRecord } from '../model/run';
import type { WorkflowDocument } from '../model/workflow';
import type { Ports } from '../ports/index';

/** Called around every step: the place a store checkpoints the run and fences its execution. */
export interface RunHooks {
  /** `state` is the executor's working copy: serialise it now, do not keep the reference. */
  onStep?(step: StepRecord, state: RunState): void | Promise<void>;
  /**
   * Called before a node starts. A store that runs the run under a lease confirms it still holds
   * it here, and aborts the run's signal when it does not: the node is then not started at all
   * (another process owns the run now). Return nothing when there is nothing to wait for, so
   * synchronous nodes stay on the fast path.
   */
  beforeStep?(nodeId: string): void | Promise<void>;
}

export interface RunEnvironment {
  workflow: WorkflowDocument;
  registry: NodeRegistry;
  ports: Ports;
  hooks?: RunHooks;
  /** Cancels the run: the current node's signal aborts and the run ends `canceled`. */
  signal?: AbortSignal;
}

export interface CreateRunOptions {
  workflow: WorkflowDocument;
  registry: NodeRegistry;
  /** The trigger node to start from; default: the first trigger node of the document. */
  triggerNodeId?: string;
  /** The event: webhook body/headers/query, chat visitor, schedule tick … */
  payload?: unknown;
  runId?: string;
  vars?: Record<string, unknown>;
  now: number;
}

export interface ContinueRunOptions extends RunEnvironment {
  state: RunState;
}

export interface ResumeRunOptions extends RunEnvironment {
  state: RunState;
  event: ResumeEvent;
}

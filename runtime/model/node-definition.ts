import type { Static, TSchema } from 'typebox';
import type { Localized } from './localized';
import type { ResumeEvent, WaitRequest, WebhookResponse } from './run';
import type { Logger, Ports } from '../ports/index';

export type NodeCategory =
  | 'trigger'
  | 'bot'
  | 'logic'
  | 'crm'
  | 'desk'
  | 'lists'
  | 'sharing'
  | 'telephony'
  | 'slack'
  | 'kintone'
  | 'mail';

export type TriggerKind =
  | 'manual'
  | 'webhook'
  | 'schedule'
  | 'chat'
  | 'record_event'
  | 'call_ended'
  | 'slack_command'
  | 'kintone_poll';

/** Exponential backoff with jitter. `attempts` counts the first try. */
export interface RetryPolicy {
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  factor: number;
  jitter: boolean;
}

export const NO_RETRY: RetryPolicy = {
  attempts: 1,
  initialDelayMs: 0,
  maxDelayMs: 0,
  factor: 1,
  jitter: false,
};

/** Settings of the run as the node sees them (workflow settings over defaults). */
export interface RunSettings {
  maxSteps: number;
  nodeTimeoutMs: number;
  runTimeoutMs: number;
  timeZone: string;
  payloadLimitBytes: number;
  allowPrivateNetwork: boolean;
}

/** The one object a node's `run` receives. */
export interface NodeContext<C> {
  /** The node's config with every template already rendered. */
  config: C;
  vars: Readonly<Record<string, unknown>>;
  trigger: unknown;
  nodes: Readonly<Record<string, unknown>>;
  node: { id: string; type: string; label: string };
  run: {
    id: string;
    workflowId: string;
    stepIndex: number;
    attempt: number;
    /** `run:step:attempt`: a new key per attempt, for receivers that must see each attempt. */
    idempotencyKey: string;
    /**
     * `run:step`: the same key for every attempt of this step, for side effects whose receiver
     * dedupes (a mail resent after an ambiguous failure must not become a second mail).
     */
    stepKey: string;
    settings: RunSettings;
  };
  ports: Ports;
  log: Logger;
  /** Aborts on the node timeout or when the run is cancelled. */
  signal: AbortSignal;
  /** The port, or a clear `port_missing` error naming it. */
  port<K extends keyof Ports>(name: K): NonNullable<Ports[K]>;
}

/** What `resume` receives: the event that woke the run and the state the node asked to keep. */
export interface ResumeContext<C> extends NodeContext<C> {
  event: ResumeEvent;
  waitState: Record<string, unknown>;
}

export interface NodeResult {
  /** The branch to follow: must be one of the node's branches. */
  branch: string;
  /** Becomes `nodes.<id>` for later templates. */
  output?: unknown;
  /** Variables to set (a bot conversation keeps them across turns). */
  setVars?: Record<string, unknown>;
  /** Pause the run here; `resume` is called with the event that wakes it. */
  wait?: WaitRequest;
  /** The answer to a waiting webhook caller. */
  respond?: WebhookResponse;
  /** End the whole run now. */
  stop?: { status: 'succeeded' | 'failed'; message?: string };
}

/**
 * Names read from the config: `config[field]` is a string, or a list whose items are the names
 * themselves or objects holding the name under `key`. Used for branches that come from the config
 * (switch cases, choice options) and for the variables a node sets.
 */
export interface ConfigNames {
  field: string;
  key?: string;
}

export interface NodeDefinition<C = Record<string, unknown>> {
  type: string;
  version: number;
  category: NodeCategory;
  labels: Localized;
  description: Localized;
  /** JSON Schema of the config (TypeBox), closed with additionalProperties: false. */
  config: TSchema;
  /** Fixed branches, in the order the editor shows them. */
  branches: readonly string[];
  /** Branches that come from the config (switch cases, choice options), placed before `branches`. */
  dynamicBranches?: ConfigNames;
  /** The variables the node sets (logic.set names, bot.ask's variable): lets validation warn on unknown ones. */
  setsVariables?: ConfigNames | readonly ConfigNames[];
  branchLabels?: Record<string, Localized>;
  /** JSON Schema of the output it writes to `nodes.<id>`. */
  outputs: TSchema;
  trigger?: TriggerKind;
  waits?: boolean;
  retry?: RetryPolicy;
  /** Marks an action with side effects: the editor asks before test-running it. */
  sideEffects?: boolean;
  /** Upgrades an older document's config to `version`. */
  migrate?(config: Record<string, unknown>, fromVersion: number): Record<string, unknown>;
  run(ctx: NodeContext<C>): Promise<NodeResult> | NodeResult;
  resume?(ctx: ResumeContext<C>): Promise<NodeResult> | NodeResult;
}

/** A node definition as data: what `/api/node-types` serves and the editor renders. */
export type NodeDescriptor = Omit<NodeDefinition, 'run' | 'resume' | 'migrate'> & { migrates: boolean };

/**
 * Declares a node. The config type is derived from its JSON Schema, so it is written once.
 */
export function defineNode<S extends TSchema>(
  definition: Omit<NodeDefinition<Static<S>>, 'config'> & { config: S },
): NodeDefinition {
  return definition;
}

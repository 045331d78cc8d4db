import { isRecord } from '../../runtime/engine/registry';

/** Run history retention (like n8n's EXECUTIONS_DATA_* settings). */
export interface RetentionSettings {
  /** Finished runs older than this are pruned. */
  maxAgeDays: number;
  /** At most this many finished runs are kept (the newest). */
  maxCount: number;
  /** Off: a run started by a trigger that succeeds is removed as soon as it ends. */
  saveSuccessfulRuns: boolean;
}

/** How this process executes runs. */
export interface ExecutionSettings {
  /** Runs this process executes at once. */
  concurrency: number;
  /** Optional limits per workflow id (runs at once, across the processes sharing the database). */
  workflowConcurrency: Record<string, number>;
  /** How long a claimed job stays ours without renewal. */
  leaseMs: number;
  /** A job whose lease ran out more than this many times ends its run as `crashed`. */
  maxLeaseExpiries: number;
  /** How often an idle worker looks for queued jobs another process wrote. */
  pollMs: number;
  /** How often expired leases are looked for. */
  reapMs: number;
  /** How often due waits (delays, timeouts) are woken. */
  wakeMs: number;
  /** Postgres: how often a standby scheduler tries for the lock (the fail-over time). */
  electMs: number;
  /** How long shutdown lets running runs finish before handing them back to the queue. */
  shutdownGraceMs: number;
  retention: RetentionSettings;
  /** How often retention runs (and the SQLite WAL is truncated). */
  pruneEveryMs: number;
  /** Webhook requests per minute per path and client address; 0 switches the limit off. */
  webhookRateLimitPerMinute: number;
  /** Largest webhook body. */
  webhookBodyLimitBytes: number;
}

export const DEFAULT_RETENTION: RetentionSettings = {
  maxAgeDays: 14,
  maxCount: 10_000,
  saveSuccessfulRuns: true,
};

export const DEFAULT_EXECUTION_SETTINGS: ExecutionSettings = {
  concurrency: 100,
  workflowConcurrency: {},
  leaseMs: 30_000,
  maxLeaseExpiries: 3,
  pollMs: 1000,
  reapMs: 5000,
  wakeMs: 1000,
  electMs: 2000,
  shutdownGraceMs: 10_000,
  retention: DEFAULT_RETENTION,
  pruneEveryMs: 60 * 60 * 1000,
  webhookRateLimitPerMinute: 3000,
  webhookBodyLimitBytes: 1024 * 1024,
};

/** Keys in the settings table. */
export const RETENTION_SETTING_KEY = 'executions.retention';
export const CONCURRENCY_SETTING_KEY = 'executions.concurrency';

type Env = Record<string, string | undefined>;

function positiveInt(raw: string | undefined, fallback: number, allowZero = false): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new Error(`"${raw}" is not a whole number${allowZero ? '' : ' above 0'}.`);
  }
  return value;
}

/**
 * Settings from the environment (operators: MUSUBI_CONCURRENCY, MUSUBI_JOB_LEASE_MS,
 * MUSUBI_WEBHOOK_RATE_LIMIT) over the defaults.
 */
export function executionSettingsFromEnv(env: Env, base = DEFAULT_EXECUTION_SETTINGS): ExecutionSettings {
  const read = (name: string, fallback: number, allowZero = false): number => {
    try {
      return positiveInt(env[name], fallback, allowZero);
    } catch (error) {
      throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const leaseMs = read('MUSUBI_JOB_LEASE_MS', base.leaseMs);
  return {
    ...base,
    concurrency: read('MUSUBI_CONCURRENCY', base.concurrency),
    leaseMs,
    reapMs: Math.min(base.reapMs, Math.max(200, Math.floor(leaseMs / 3))),
    webhookRateLimitPerMinute: read('MUSUBI_WEBHOOK_RATE_LIMIT', base.webhookRateLimitPerMinute, true),
  };
}

/** Retention as stored in the settings table, over the defaults; bad fields are ignored. */
export function retentionFromStored(value: unknown): RetentionSettings {
  const stored = isRecord(value) ? value : {};
  const number = (key: string, fallback: number): number => {
    const field = stored[key];
    return typeof field === 'number' && Number.isFinite(field) && field > 0 ? field : fallback;
  };
  return {
    maxAgeDays: number('maxAgeDays', DEFAULT_RETENTION.maxAgeDays),
    maxCount: Math.floor(number('maxCount', DEFAULT_RETENTION.maxCount)),
    saveSuccessfulRuns:
      typeof stored.saveSuccessfulRuns === 'boolean'
        ? stored.saveSuccessfulRuns
        : DEFAULT_RETENTION.saveSuccessfulRuns,
  };
}

/** Concurrency as stored in the settings table: `{ perProcess?, perWorkflow?: { [id]: n } }`. */
export function concurrencyFromStored(
  value: unknown,
  base: Pick<ExecutionSettings, 'concurrency' | 'workflowConcurrency'>,
): Pick<ExecutionSettings, 'concurrency' | 'workflowConcurrency'> {
  if (!isRecord(value)) return base;
  const perProcess = value.perProcess;
  const perWorkflow: Record<string, number> = { ...base.workflowConcurrency };
  if (isRecord(value.perWorkflow)) {
    for (const [id, limit] of Object.entries(value.perWorkflow)) {
      if (typeof limit === 'number' && Number.isInteger(limit) && limit > 0) perWorkflow[id] = limit;
    }
  }
  return {
    concurrency:
      typeof perProcess === 'number' && Number.isInteger(perProcess) && perProcess > 0
        ? perProcess
        : base.concurrency,
    workflowConcurrency: perWorkflow,
  };
}

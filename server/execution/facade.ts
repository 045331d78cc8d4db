import type { WorkflowDocument } from '../../runtime/model/workflow';
import type { Ports } from '../../runtime/ports/index';
import type { ExecutionContext } from './context';
import type { ExecutionLoops } from './loops';
import type { TableQueue } from './queue-port';
import type { QueueKind } from './delivery';
import { PgBossDelivery } from './pgboss/delivery';
import type { ClusterSession } from './pgboss/session';
import { reapAndAnnounce, type ReapResult } from './reaper';
import { pruneHistory, type PruneResult } from './retention';
import { cancelRun, retryRun, runManually, type CancelResult, type ManualRunResult } from './run-actions';
import { getRun, listRuns, type RunDetail, type RunFilter, type RunPage } from './run-queries';
import type { RunService, TriggerResult } from './run-service';
import type { Scheduler } from './scheduler';
import type { SqlRunner } from './sql';
import { deliverEvent, wakeDueWaits } from './waits';
import type { WebhookRegistry } from './webhook-registry';
import type { Worker } from './worker';

/** The execution layer as the rest of the server sees it. */
export type Execution = ExecutionFacade;

/** The execution layer's part of /readyz. */
export interface ExecutionReadiness {
  ready: boolean;
  checks: Record<string, string>;
}

interface EventSource {
  on(event: 'activeWorkflowsChanged', listener: () => void): unknown;
  off(event: 'activeWorkflowsChanged', listener: () => void): unknown;
}

/**
 * One object for routes, the chat and the CLI: trigger runs, deliver messages and callbacks to
 * waiting runs, retry and cancel, list the history; plus start/stop for the server's lifecycle.
 */
export class ExecutionFacade {
  readonly context: ExecutionContext;
  readonly worker: Worker;
  readonly queue: TableQueue;
  readonly service: RunService;
  readonly webhooks: WebhookRegistry;
  readonly scheduler: Scheduler;
  private readonly loops: ExecutionLoops;
  private readonly session: ClusterSession | undefined;
  private readonly events: EventSource | undefined;
  private stopping = false;
  private readonly onChange = (): void => {
    void this.loops
      .reloadWorkflows()
      .catch((error: unknown) =>
        this.context.logger.error('reloading active workflows failed', { error: String(error) }),
      );
  };

  constructor(parts: {
    ctx: ExecutionContext;
    worker: Worker;
    queue: TableQueue;
    service: RunService;
    webhooks: WebhookRegistry;
    scheduler: Scheduler;
    loops: ExecutionLoops;
    session: ClusterSession | undefined;
    events: EventSource | undefined;
  }) {
    this.context = parts.ctx;
    this.worker = parts.worker;
    this.queue = parts.queue;
    this.service = parts.service;
    this.webhooks = parts.webhooks;
    this.scheduler = parts.scheduler;
    this.loops = parts.loops;
    this.session = parts.session;
    this.events = parts.events;
  }

  /** True once `stop` began: webhooks answer 503 and nothing new starts. */
  get isStopping(): boolean {
    return this.stopping;
  }

  /** Loads active workflows (webhooks, schedules), reclaims dead leases, starts the loops. */
  async start(): Promise<void> {
    this.events?.on('activeWorkflowsChanged', this.onChange);
    await this.context.delivery.start();
    await this.loops.start();
  }

  /** MUSUBI_QUEUE of this process. */
  get queueKind(): QueueKind {
    return this.context.delivery.kind;
  }

  /**
   * True when this process does the once-per-cluster duties (schedules, wakes, retention, kintone
   * polls): the elected scheduler on Postgres; every process on SQLite (one machine).
   */
  get schedulerActive(): boolean {
    return this.loops.dutyHolder;
  }

  /** One scheduler election step now (the loops do it every `electMs`; tests call it by hand). */
  async elect(): Promise<boolean> {
    await this.session?.tick();
    return this.loops.dutyHolder;
  }

  /**
   * What /readyz reports for the execution layer, by role: pg-boss started (every role sends or
   * fetches through it), the cluster session open (scheduler election, worker wake-ups), and for
   * schedulers whether this one is active or standing by (both are ready).
   */
  readiness(): ExecutionReadiness {
    const checks: Record<string, string> = { queue: this.queueKind };
    let ready = !this.stopping;
    if (this.stopping) checks.execution = 'stopping';
    const delivery = this.context.delivery;
    if (delivery instanceof PgBossDelivery) {
      checks.pgboss = delivery.isStarted ? 'ok' : 'not started';
      ready &&= delivery.isStarted;
    }
    if (this.session) {
      checks.session = this.session.isConnected ? 'ok' : 'disconnected';
      if (this.loops.schedules) {
        checks.scheduler = this.session.isLeader ? 'active' : 'standby';
        // A scheduler without its session can neither lead nor take over.
        ready &&= this.session.isConnected;
      }
    } else if (this.loops.schedules) {
      checks.scheduler = 'active';
    }
    return { ready, checks };
  }

  /**
   * Graceful shutdown: stop claiming and firing, let running runs finish for the grace period,
   * hand the rest back to the queue (their finished steps written), flush and close.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.events?.off('activeWorkflowsChanged', this.onChange);
    await this.loops.stop();
    await this.worker.stop(this.context.settings.shutdownGraceMs);
    await this.context.batcher.idle();
    await this.context.delivery.stop();
    await this.context.sql.close();
  }

  /**
   * Adds ports runs may use (crm, chat, slack …): each feature wires its adapter here. Runs
   * started afterwards see them.
   */
  providePorts(ports: Partial<Omit<Ports, 'clock' | 'queue'>>): void {
    this.context.ports = { ...this.context.ports, ...ports };
  }

  /**
   * Starts a run of an active workflow's live version (the CRM's record events and stage
   * automations use this). `reason` says why nothing started.
   */
  async startWorkflowRun(input: {
    workflowId: string;
    triggerNodeId?: string;
    payload: unknown;
    singletonKey?: string;
  }): Promise<{ runId: string } | { runId?: undefined; reason: string }> {
    const live = (await this.context.workflows.active()).find(
      (entry) => entry.workflowId === input.workflowId,
    );
    if (!live) return { reason: `Workflow ${input.workflowId} is not active.` };
    const triggerNode = input.triggerNodeId
      ? live.document.nodes.find((node) => node.id === input.triggerNodeId)
      : live.document.nodes.find((node) => this.context.registry.get(node.type)?.trigger !== undefined);
    if (!triggerNode)
      return { reason: `Workflow ${input.workflowId} has no trigger node ${input.triggerNodeId ?? ''}.` };
    const result = await this.service.trigger({
      workflowId: live.workflowId,
      version: live.version,
      document: live.document,
      triggerNodeId: triggerNode.id,
      triggerKind: this.context.registry.get(triggerNode.type)?.trigger ?? 'manual',
      payload: input.payload,
      singletonKey: input.singletonKey,
    });
    return result.outcome === 'skipped'
      ? { reason: 'This start already happened (same key).' }
      : { runId: result.runId };
  }

  /** Re-reads the active workflows now (the routes call it after activate / deactivate / publish). */
  reloadWorkflows(): Promise<void> {
    return this.loops.reloadWorkflows();
  }

  /**
   * Delivers a chat message to a run waiting for one; false when it is not waiting for a message
   * (or `within`, run first in the same transaction, said no).
   */
  deliverMessage(input: {
    runId: string;
    text: string;
    payload?: unknown;
    within?: (tx: SqlRunner, waiting: boolean) => Promise<boolean>;
  }): Promise<boolean> {
    return deliverEvent({
      ctx: this.context,
      worker: this.worker,
      where: { runId: input.runId },
      event: { kind: 'message', text: input.text, payload: input.payload },
      ...(input.within ? { within: input.within } : {}),
    });
  }

  /** Delivers an external callback to a run waiting for one (by run id or the node's callback key). */
  deliverCallback(
    input: { runId: string; payload?: unknown } | { callbackKey: string; payload?: unknown },
  ): Promise<boolean> {
    const where = 'runId' in input ? { runId: input.runId } : { callbackKey: input.callbackKey };
    return deliverEvent({
      ctx: this.context,
      worker: this.worker,
      where,
      event: { kind: 'callback', payload: input.payload },
    });
  }

  retry(input: { runId: string; userId: string | null }): Promise<TriggerResult> {
    return retryRun({ ctx: this.context, service: this.service, ...input });
  }

  cancel(runId: string): Promise<CancelResult> {
    return cancelRun({ ctx: this.context, worker: this.worker, runId });
  }

  /** The editor's Run button: runs the draft (version null) or a version and waits up to `waitMs`. */
  runManually(input: {
    workflowId: string;
    version: number | null;
    document: WorkflowDocument;
    payload: unknown;
    triggerNodeId?: string;
    userId: string | null;
    waitMs?: number;
  }): Promise<ManualRunResult> {
    return runManually({
      ctx: this.context,
      service: this.service,
      ...input,
      waitMs: input.waitMs ?? 30_000,
    });
  }

  listRuns(filter: RunFilter): Promise<RunPage> {
    return listRuns(this.context.sql.read, filter);
  }

  getRun(runId: string): Promise<RunDetail | undefined> {
    return getRun(this.context.sql.read, runId);
  }

  /** Background steps, callable by hand. */
  claim(): Promise<number> {
    return this.worker.claimNow({ force: true });
  }

  renew(): Promise<void> {
    return this.worker.renewNow();
  }

  reap(): Promise<ReapResult> {
    return reapAndAnnounce(this.context);
  }

  wakeDueWaits(): Promise<number> {
    return wakeDueWaits(this.context, this.worker);
  }

  prune(): Promise<PruneResult> {
    return pruneHistory(this.context);
  }

  /** Resolves when no run executes here and every write is committed (tests). */
  async settle(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      await this.worker.drain();
      await this.context.batcher.idle();
      await this.context.delivery.idle();
      if (this.worker.busy === 0) return;
    }
  }
}

import { randomUUID } from 'node:crypto';
import { Op } from 'sequelize';
import { Type } from 'typebox';
import type { RecordEventPayload } from '../../nodes/trigger/record-event';
import type { Clock } from '../../runtime/ports/clock';
import type { Logger } from '../../runtime/ports/logger';
import type { Database } from '../db/index';
import {
  DELAY_UNITS,
  type AutomationTimerModel,
  type DelayUnit,
  type StageAutomationModel,
} from '../db/models/crm/index';
import { crmBodyChecker } from './check';
import { describeRecord } from './describe';
import { refuse } from './errors';
import { MAX_RECORD_EVENT_DEPTH } from './events';
import type { RecordTriggerIndex, WorkflowRunStarter } from './run-starter';

const UNIT_MS: Record<DelayUnit, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };
const MAX_DELAY_MS = 366 * UNIT_MS.days;

const delaySchema = Type.Union([
  Type.Null(),
  Type.Object(
    {
      amount: Type.Integer({ minimum: 1, maximum: 527_040 }),
      unit: Type.Union(DELAY_UNITS.map((unit) => Type.Literal(unit))),
    },
    { additionalProperties: false },
  ),
]);
const readCreate = crmBodyChecker(
  Type.Object(
    {
      workflowId: Type.String({ minLength: 1, maxLength: 100 }),
      delay: Type.Optional(delaySchema),
      enabled: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
);
const readUpdate = crmBodyChecker(
  Type.Object(
    {
      workflowId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
      delay: Type.Optional(delaySchema),
      enabled: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
);

export interface AutomationView {
  id: string;
  pipelineId: string;
  stageId: string;
  workflowId: string;
  workflowName: string | null;
  workflowActive: boolean;
  delay: { amount: number; unit: DelayUnit } | null;
  enabled: boolean;
  pendingTimers: number;
}

/** The payload of a run a stage automation starts: the change, plus which automation it was. */
export type AutomationPayload = RecordEventPayload & {
  automation: { id: string; stageId: string; delay: AutomationView['delay']; timerId?: string };
};

/**
 * "When a record enters this stage, run workflow X now / after N minutes, hours or days." A delayed
 * one is a row in crm_automation_timers (durable across restarts); leaving the stage before it is
 * due cancels it, and `fireDue` (run every few seconds by the server) starts the ones that are due.
 */
export class StageAutomationService {
  constructor(
    private readonly deps: {
      db: Database;
      clock: Clock;
      logger: Logger;
      triggers: RecordTriggerIndex;
      starter: () => WorkflowRunStarter | undefined;
    },
  ) {}

  async list(options: { pipelineId: string; stageId?: string }): Promise<AutomationView[]> {
    const rows = await this.deps.db.models.CrmStageAutomation.findAll({
      where: { pipelineId: options.pipelineId, ...(options.stageId ? { stageId: options.stageId } : {}) },
      order: [
        ['createdAt', 'ASC'],
        ['id', 'ASC'],
      ],
    });
    return Promise.all(rows.map((row) => this.describe(row)));
  }

  async create(options: {
    pipelineId: string;
    stageId: string;
    body: unknown;
    userId: string | null;
  }): Promise<AutomationView> {
    const input = readCreate(options.body);
    await this.checkWorkflow(input.workflowId);
    const row = await this.deps.db.models.CrmStageAutomation.create({
      id: randomUUID(),
      pipelineId: options.pipelineId,
      stageId: options.stageId,
      workflowId: input.workflowId,
      delayAmount: input.delay?.amount ?? 0,
      delayUnit: input.delay?.unit ?? null,
      enabled: input.enabled ?? true,
      createdBy: options.userId,
    });
    return this.describe(row);
  }

  async update(options: {
    pipelineId: string;
    id: string;
    body: unknown;
  }): Promise<AutomationView | undefined> {
    const input = readUpdate(options.body);
    const row = await this.find(options.pipelineId, options.id);
    if (!row) return undefined;
    if (input.workflowId !== undefined) await this.checkWorkflow(input.workflowId);
    await row.update({
      ...(input.workflowId === undefined ? {} : { workflowId: input.workflowId }),
      ...(input.delay === undefined
        ? {}
        : { delayAmount: input.delay?.amount ?? 0, delayUnit: input.delay?.unit ?? null }),
      ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
    });
    if (input.enabled === false) await this.cancelTimers({ automationId: row.id }, 'automation switched off');
    return this.describe(row);
  }

  async remove(options: { pipelineId: string; id: string }): Promise<boolean> {
    const row = await this.find(options.pipelineId, options.id);
    if (!row) return false;
    await row.destroy();
    return true;
  }

  /** Called for every record change: cancels timers of a stage left, starts or schedules those of a stage entered. */
  async onRecordChange(payload: RecordEventPayload): Promise<void> {
    if (payload.change === 'deleted') return; // the timers went with the record (ON DELETE CASCADE)
    if (payload.fromStageId) {
      await this.cancelTimers(
        { recordId: payload.recordId, stageId: payload.fromStageId },
        'record left the stage',
      );
    }
    if (!payload.toStageId || payload.eventDepth >= MAX_RECORD_EVENT_DEPTH) return;
    const automations = await this.deps.db.models.CrmStageAutomation.findAll({
      where: { stageId: payload.toStageId, enabled: true },
      order: [['createdAt', 'ASC']],
    });
    const now = this.deps.clock.now();
    for (const automation of automations) {
      const delayMs = automation.delayUnit
        ? Math.min(automation.delayAmount * UNIT_MS[automation.delayUnit], MAX_DELAY_MS)
        : 0;
      // "Now" goes through a timer row too: the record's timeline shows the run, and the run is
      // claimed and started the same way as a delayed one (a sweep cannot start it a second time).
      const timer = await this.deps.db.models.CrmAutomationTimer.create({
        id: randomUUID(),
        automationId: automation.id,
        recordId: payload.recordId,
        stageId: payload.toStageId,
        dueAt: now + delayMs,
        status: 'pending',
        eventDepth: payload.eventDepth,
        createdAt: now,
        updatedAt: now,
      });
      if (delayMs === 0) await this.fire(timer, payload);
    }
  }

  /** Starts every timer that is due and whose record is still in the stage; returns how many ran. */
  async fireDue(): Promise<number> {
    const now = this.deps.clock.now();
    const due = await this.deps.db.models.CrmAutomationTimer.findAll({
      where: { status: 'pending', dueAt: { [Op.lte]: now } },
      order: [['dueAt', 'ASC']],
      limit: 100,
    });
    let fired = 0;
    for (const timer of due) if (await this.fire(timer)) fired++;
    return fired;
  }

  /** Timers of one record (for its timeline and for tests). */
  async timersOf(recordId: string): Promise<AutomationTimerModel[]> {
    return this.deps.db.models.CrmAutomationTimer.findAll({
      where: { recordId },
      order: [['createdAt', 'ASC']],
    });
  }

  /** Starts a due timer's run; `change` is the change that entered the stage, for one due at once. */
  private async fire(timer: AutomationTimerModel, change?: RecordEventPayload): Promise<boolean> {
    const { db } = this.deps;
    const now = this.deps.clock.now();
    // Claim it: another process sweeping at the same time updates nothing and moves on.
    const [claimed] = await db.models.CrmAutomationTimer.update(
      { status: 'fired', updatedAt: now },
      { where: { id: timer.id, status: 'pending' } },
    );
    if (claimed === 0) return false;
    const record = await db.models.CrmRecord.findByPk(timer.recordId);
    const automation = await db.models.CrmStageAutomation.findByPk(timer.automationId);
    if (!record || !automation || !automation.enabled || record.stageId !== timer.stageId) {
      await db.models.CrmAutomationTimer.update(
        { status: 'canceled', note: 'record is no longer in the stage', updatedAt: now },
        { where: { id: timer.id } },
      );
      return false;
    }
    const view = describeRecord(record);
    const payload: RecordEventPayload = change ?? {
      change: 'updated',
      module: record.module,
      recordId: record.id,
      record: view,
      changedFields: [],
      source: 'automation',
      actor: { label: `automation:${automation.id}` },
      eventDepth: timer.eventDepth,
      occurredAt: new Date(now).toISOString(),
      toStageId: timer.stageId,
      ...(record.pipelineId ? { pipelineId: record.pipelineId } : {}),
    };
    const runId = await this.start({ automation, payload, timerId: timer.id });
    await db.models.CrmAutomationTimer.update(
      runId
        ? { runId, updatedAt: now }
        : { status: 'failed', note: 'the workflow could not be started', updatedAt: now },
      { where: { id: timer.id } },
    );
    return runId !== undefined;
  }

  private async start(options: {
    automation: StageAutomationModel;
    payload: RecordEventPayload;
    timerId?: string;
  }): Promise<string | undefined> {
    const { automation, payload } = options;
    const starter = this.deps.starter();
    if (!starter) {
      this.deps.logger.warn('stage automation due but no run service is wired', {
        automationId: automation.id,
      });
      return undefined;
    }
    const entry = await this.deps.triggers.entryNode(automation.workflowId);
    if (!entry) {
      this.deps.logger.warn('stage automation skipped: the workflow is not active', {
        automationId: automation.id,
        workflowId: automation.workflowId,
      });
      return undefined;
    }
    const body: AutomationPayload = {
      ...payload,
      automation: {
        id: automation.id,
        stageId: automation.stageId,
        delay: automation.delayUnit ? { amount: automation.delayAmount, unit: automation.delayUnit } : null,
        ...(options.timerId ? { timerId: options.timerId } : {}),
      },
    };
    const result = await starter.startWorkflowRun({
      workflowId: automation.workflowId,
      ...(entry.nodeId ? { triggerNodeId: entry.nodeId } : {}),
      payload: body,
      ...(options.timerId ? { singletonKey: `crm-automation:${options.timerId}` } : {}),
    });
    return result.runId;
  }

  private async cancelTimers(
    where: { recordId?: string; stageId?: string; automationId?: string },
    note: string,
  ): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.db.models.CrmAutomationTimer.update(
      { status: 'canceled', note, updatedAt: now },
      { where: { ...where, status: 'pending' } },
    );
  }

  private async find(pipelineId: string, id: string): Promise<StageAutomationModel | undefined> {
    const row = await this.deps.db.models.CrmStageAutomation.findByPk(id);
    return row && row.pipelineId === pipelineId ? row : undefined;
  }

  private async checkWorkflow(workflowId: string): Promise<void> {
    if (!(await this.deps.db.models.Workflow.findByPk(workflowId, { attributes: ['id'] }))) {
      refuse('workflowId', {
        ja: `ワークフロー「${workflowId}」は見つかりません。`,
        en: `There is no workflow "${workflowId}".`,
      });
    }
  }

  private async describe(row: StageAutomationModel): Promise<AutomationView> {
    const workflow = await this.deps.db.models.Workflow.findByPk(row.workflowId, {
      attributes: ['id', 'name', 'active'],
    });
    const pendingTimers = await this.deps.db.models.CrmAutomationTimer.count({
      where: { automationId: row.id, status: 'pending' },
    });
    return {
      id: row.id,
      pipelineId: row.pipelineId,
      stageId: row.stageId,
      workflowId: row.workflowId,
      workflowName: workflow?.name ?? null,
      workflowActive: workflow?.active ?? false,
      delay: row.delayUnit ? { amount: row.delayAmount, unit: row.delayUnit } : null,
      enabled: row.enabled,
      pendingTimers,
    };
  }
}

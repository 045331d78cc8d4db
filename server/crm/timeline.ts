import { Op } from 'sequelize';
import type { Database } from '../db/index';
import { describeRecord, type RecordView } from './describe';

export interface Timeline {
  stageHistory: Array<{
    fromStageId: string | null;
    fromStageName: string | null;
    toStageId: string;
    toStageName: string | null;
    userId: string | null;
    actor: string;
    source: string;
    runId: string | null;
    at: string;
  }>;
  activity: Array<{
    action: string;
    changedFields: string[];
    userId: string | null;
    actor: string;
    source: string;
    runId: string | null;
    workflowId: string | null;
    at: string;
  }>;
  /** Runs that changed the record, newest first. */
  runs: Array<{ runId: string; workflowId: string | null; at: string }>;
  calls: RecordView[];
  tasks: RecordView[];
  /** Stage automations waiting for this record (pending timers). */
  pendingAutomations: Array<{ automationId: string; stageId: string; dueAt: string }>;
}

/** Everything that happened to a record, for its detail screen. */
export async function recordTimeline(db: Database, recordId: string): Promise<Timeline> {
  const { CrmStageHistory, CrmRecordActivity, CrmRecord, CrmStage, CrmAutomationTimer } = db.models;
  const history = await CrmStageHistory.findAll({
    where: { recordId },
    order: [
      ['changedAt', 'DESC'],
      ['id', 'DESC'],
    ],
  });
  const stageIds = [
    ...new Set(history.flatMap((row) => [row.fromStageId, row.toStageId]).filter((id) => id !== null)),
  ];
  const stages = await CrmStage.findAll({ where: { id: { [Op.in]: stageIds } }, attributes: ['id', 'name'] });
  const nameOf = (id: string | null) =>
    id === null ? null : (stages.find((stage) => stage.id === id)?.name ?? null);
  const activity = await CrmRecordActivity.findAll({
    where: { recordId },
    order: [
      ['createdAt', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: 200,
  });
  const related = await CrmRecord.findAll({
    where: {
      module: { [Op.in]: ['calls', 'tasks'] },
      [Op.or]: [{ relatedId: recordId }, { contactId: recordId }],
    },
    order: [['createdAt', 'DESC']],
    limit: 200,
  });
  const timers = await CrmAutomationTimer.findAll({
    where: { recordId },
    order: [['dueAt', 'ASC']],
  });
  const runs = new Map<string, { runId: string; workflowId: string | null; at: string }>();
  for (const row of activity) {
    if (row.runId && !runs.has(row.runId))
      runs.set(row.runId, { runId: row.runId, workflowId: row.workflowId, at: row.createdAt.toISOString() });
  }
  // Runs a stage automation started for the record touched it too, even when they changed nothing.
  const automations = await db.models.CrmStageAutomation.findAll({
    where: { id: { [Op.in]: [...new Set(timers.map((timer) => timer.automationId))] } },
    attributes: ['id', 'workflowId'],
  });
  for (const timer of timers) {
    if (!timer.runId || runs.has(timer.runId)) continue;
    const workflowId =
      automations.find((automation) => automation.id === timer.automationId)?.workflowId ?? null;
    runs.set(timer.runId, { runId: timer.runId, workflowId, at: new Date(timer.updatedAt).toISOString() });
  }
  return {
    stageHistory: history.map((row) => ({
      fromStageId: row.fromStageId,
      fromStageName: nameOf(row.fromStageId),
      toStageId: row.toStageId,
      toStageName: nameOf(row.toStageId),
      userId: row.changedBy,
      actor: row.actorLabel,
      source: row.source,
      runId: row.runId,
      at: row.changedAt.toISOString(),
    })),
    activity: activity.map((row) => ({
      action: row.action,
      changedFields: row.changedFields,
      userId: row.userId,
      actor: row.actorLabel,
      source: row.source,
      runId: row.runId,
      workflowId: row.workflowId,
      at: row.createdAt.toISOString(),
    })),
    runs: [...runs.values()].sort((a, b) => b.at.localeCompare(a.at)),
    calls: related.filter((row) => row.module === 'calls').map(describeRecord),
    tasks: related.filter((row) => row.module === 'tasks').map(describeRecord),
    pendingAutomations: timers
      .filter((timer) => timer.status === 'pending')
      .map((timer) => ({
        automationId: timer.automationId,
        stageId: timer.stageId,
        dueAt: new Date(timer.dueAt).toISOString(),
      })),
  };
}

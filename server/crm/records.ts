import { randomUUID } from 'node:crypto';
import { UniqueConstraintError, type Transaction } from 'sequelize';
import { isRecord } from '../../runtime/engine/registry';
import type { RecordModule } from '../../runtime/ports/crm';
import type { Clock } from '../../runtime/ports/clock';
import type { Logger } from '../../runtime/ports/logger';
import type { RecordEventPayload } from '../../nodes/trigger/record-event';
import type { Database } from '../db/index';
import type { CrmRecordModel } from '../db/models/crm/index';
import type { CrmActor } from './actor';
import { changedFields, describeRecord, type RecordView } from './describe';
import type { RecordColumn } from './modules';
import { normalizeEmail, normalizePhone } from './normalize';
import { parseRecordInput, type ParsedRecordInput } from './record-input';
import { listRecords, type RecordListResult } from './record-query';
import type { FieldValue } from './values';

/** Told about every change after it is committed: record-event triggers and stage automations. */
export type RecordChangeListener = (payload: RecordEventPayload) => Promise<void>;

/**
 * Records of every module: create, update, move between stages, delete. Each change is written
 * with its activity entry (and stage history for a move) in one transaction, then announced.
 */
export class RecordService {
  private readonly listeners: RecordChangeListener[] = [];

  constructor(private readonly deps: { db: Database; clock: Clock; logger: Logger }) {}

  /** Adds a listener (the event dispatcher registers itself here). */
  onChange(listener: RecordChangeListener): void {
    this.listeners.push(listener);
  }

  async get(module: RecordModule, id: string): Promise<CrmRecordModel | undefined> {
    const record = await this.deps.db.models.CrmRecord.findByPk(id);
    return record && record.module === module ? record : undefined;
  }

  /** One page of a module's records; `query` is the list endpoint's query string. */
  list(module: RecordModule, query: Record<string, unknown>): Promise<RecordListResult> {
    return listRecords({ db: this.deps.db, module, query });
  }

  async create(options: {
    module: RecordModule;
    input: unknown;
    actor: CrmActor;
    id?: string;
  }): Promise<RecordView> {
    const { module, actor } = options;
    const parsed = await parseRecordInput({ db: this.deps.db, module, body: options.input });
    const now = new Date(this.deps.clock.now());
    const record = await this.withTicketNumberRetry(() =>
      this.deps.db.sequelize.transaction(async (transaction) => {
        const record = this.deps.db.models.CrmRecord.build({
          id: options.id ?? randomUUID(),
          module,
          name: '',
          fields: {},
          ownerId: actor.userId,
          createdBy: actor.userId,
          updatedBy: actor.userId,
        });
        applyParsed(record, parsed);
        if (module === 'tickets') record.number = await nextTicketNumber(this.deps.db, transaction);
        if (record.stageId) record.stageEnteredAt = now;
        await record.save({ transaction });
        await this.writeActivity({ record, action: 'created', changed: [], actor, now, transaction });
        if (record.stageId && record.pipelineId) {
          await this.writeStageHistory({ record, from: null, actor, now, transaction });
        }
        return record;
      }),
    );
    const view = describeRecord(record);
    await this.announce({
      change: 'created',
      record: view,
      changedFields: [],
      actor,
      now,
      pipelineId: record.pipelineId,
      toStageId: record.stageId,
    });
    return view;
  }

  /** Changes the fields given; a changed stage (or pipeline) is a move, kept in the stage history. */
  async update(options: {
    module: RecordModule;
    id: string;
    input: unknown;
    actor: CrmActor;
  }): Promise<RecordView | undefined> {
    const { module, actor } = options;
    const existing = await this.get(module, options.id);
    if (!existing) return undefined;
    const previous = describeRecord(existing);
    const fromStageId = existing.stageId;
    const parsed = await parseRecordInput({ db: this.deps.db, module, body: options.input, existing });
    const now = new Date(this.deps.clock.now());
    applyParsed(existing, parsed);
    existing.updatedBy = actor.userId;
    const moved = existing.stageId !== fromStageId;
    if (moved) existing.stageEnteredAt = now;
    const after = describeRecord(existing);
    const changed = changedFields(previous, after);
    if (changed.length === 0) return previous;
    await this.deps.db.sequelize.transaction(async (transaction) => {
      await existing.save({ transaction });
      await this.writeActivity({
        record: existing,
        action: moved ? 'stage' : 'updated',
        changed,
        actor,
        now,
        transaction,
      });
      if (moved && existing.stageId)
        await this.writeStageHistory({ record: existing, from: fromStageId, actor, now, transaction });
    });
    const view = describeRecord(existing);
    await this.announce({
      change: 'updated',
      record: view,
      previous,
      changedFields: changedFields(previous, view),
      actor,
      now,
      pipelineId: existing.pipelineId,
      ...(moved ? { toStageId: existing.stageId, fromStageId } : {}),
    });
    return view;
  }

  /** Moves a deal or ticket to another stage of its pipeline. */
  moveStage(options: {
    module: RecordModule;
    id: string;
    stageId: unknown;
    actor: CrmActor;
  }): Promise<RecordView | undefined> {
    return this.update({
      module: options.module,
      id: options.id,
      input: { stageId: options.stageId },
      actor: options.actor,
    });
  }

  async remove(options: { module: RecordModule; id: string; actor: CrmActor }): Promise<boolean> {
    const record = await this.get(options.module, options.id);
    if (!record) return false;
    const view = describeRecord(record);
    await record.destroy();
    await this.announce({
      change: 'deleted',
      record: view,
      previous: view,
      changedFields: [],
      actor: options.actor,
      now: new Date(this.deps.clock.now()),
      pipelineId: record.pipelineId,
    });
    return true;
  }

  /** A lead or contact with this e-mail (lower-cased), else with this phone (as E.164). */
  async findDuplicate(options: {
    module: RecordModule;
    email?: string;
    phone?: string;
  }): Promise<{ id: string; matchedBy: 'email' | 'phone' } | undefined> {
    const { CrmRecord } = this.deps.db.models;
    if (options.email) {
      const found = await CrmRecord.findOne({
        where: { module: options.module, emailNormalized: normalizeEmail(options.email) },
        order: [['createdAt', 'ASC']],
      });
      if (found) return { id: found.id, matchedBy: 'email' };
    }
    const e164 = options.phone ? normalizePhone(options.phone) : undefined;
    if (e164) {
      const found = await CrmRecord.findOne({
        where: { module: options.module, phoneE164: e164 },
        order: [['createdAt', 'ASC']],
      });
      if (found) return { id: found.id, matchedBy: 'phone' };
    }
    return undefined;
  }

  private async writeActivity(input: {
    record: CrmRecordModel;
    action: 'created' | 'updated' | 'stage';
    changed: string[];
    actor: CrmActor;
    now: Date;
    transaction: Transaction;
  }): Promise<void> {
    const { actor } = input;
    await this.deps.db.models.CrmRecordActivity.create(
      {
        recordId: input.record.id,
        action: input.action,
        changedFields: input.changed,
        userId: actor.userId,
        actorLabel: actor.label,
        source: actor.source,
        runId: actor.runId ?? null,
        workflowId: actor.workflowId ?? null,
        createdAt: input.now,
      },
      { transaction: input.transaction },
    );
  }

  private async writeStageHistory(input: {
    record: CrmRecordModel;
    from: string | null;
    actor: CrmActor;
    now: Date;
    transaction: Transaction;
  }): Promise<void> {
    const { record, actor } = input;
    if (!record.stageId || !record.pipelineId) return;
    await this.deps.db.models.CrmStageHistory.create(
      {
        recordId: record.id,
        pipelineId: record.pipelineId,
        fromStageId: input.from,
        toStageId: record.stageId,
        changedBy: actor.userId,
        actorLabel: actor.label,
        source: actor.source,
        runId: actor.runId ?? null,
        changedAt: input.now,
      },
      { transaction: input.transaction },
    );
  }

  private async announce(input: {
    change: RecordEventPayload['change'];
    record: RecordView;
    previous?: RecordView;
    changedFields: string[];
    actor: CrmActor;
    now: Date;
    pipelineId: string | null;
    toStageId?: string | null;
    fromStageId?: string | null;
  }): Promise<void> {
    const { record, actor } = input;
    const payload: RecordEventPayload = {
      change: input.change,
      module: record.module,
      recordId: record.id,
      record,
      changedFields: input.changedFields,
      source: actor.source,
      actor: { ...(actor.userId ? { userId: actor.userId } : {}), label: actor.label },
      eventDepth: actor.eventDepth,
      occurredAt: input.now.toISOString(),
    };
    if (input.previous) payload.previous = input.previous;
    if (input.pipelineId) payload.pipelineId = input.pipelineId;
    if (input.toStageId) payload.toStageId = input.toStageId;
    if (input.fromStageId) payload.fromStageId = input.fromStageId;
    for (const listener of this.listeners) {
      try {
        await listener(payload);
      } catch (error) {
        // The change is saved; a failing trigger must not turn it into an error for the caller.
        this.deps.logger.error('record event listener failed', {
          recordId: record.id,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
      }
    }
  }

  /** Two tickets created at once may pick the same number; the unique index refuses one: try again. */
  private async withTicketNumberRetry<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (!(error instanceof UniqueConstraintError) || attempt >= 3) throw error;
      }
    }
  }
}

async function nextTicketNumber(db: Database, transaction: Transaction): Promise<number> {
  const max: unknown = await db.models.CrmRecord.max('number', { where: { module: 'tickets' }, transaction });
  return (typeof max === 'number' && Number.isFinite(max) ? max : 0) + 1;
}

/** Writes parsed input into a record (columns, normalised match keys, JSON fields). */
export function applyParsed(record: CrmRecordModel, parsed: ParsedRecordInput): void {
  for (const [column, value] of parsed.columns) applyColumn(record, column, value);
  if (parsed.extras.size === 0 && parsed.custom.size === 0) return;
  const fields: Record<string, unknown> = isRecord(record.fields) ? { ...record.fields } : {};
  for (const [key, value] of parsed.extras) {
    if (value === null) delete fields[key];
    else fields[key] = value instanceof Date ? value.toISOString() : value;
  }
  if (parsed.custom.size > 0) {
    const custom: Record<string, unknown> = isRecord(fields.custom) ? { ...fields.custom } : {};
    for (const [key, value] of parsed.custom) {
      if (value === null) delete custom[key];
      else custom[key] = value;
    }
    fields.custom = custom;
  }
  record.fields = fields;
  record.changed('fields', true);
}

function applyColumn(record: CrmRecordModel, column: RecordColumn, value: FieldValue): void {
  const text = typeof value === 'string' ? value : value === null ? null : String(value);
  switch (column) {
    case 'name':
      if (text) record.name = text;
      return;
    case 'amount':
      record.amount = typeof value === 'number' ? value : null;
      return;
    case 'dueAt':
      record.dueAt = value instanceof Date ? value : null;
      return;
    case 'email':
      record.email = text;
      record.emailNormalized = text === null ? null : normalizeEmail(text);
      return;
    case 'phone':
      record.phone = text;
      record.phoneE164 = text === null ? null : (normalizePhone(text) ?? null);
      return;
    default:
      record[column] = text;
  }
}

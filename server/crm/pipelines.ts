import { randomUUID } from 'node:crypto';
import { Type } from 'typebox';
import { PIPELINE_MODULES, type PipelineModule } from '../../runtime/ports/crm';
import type { Database } from '../db/index';
import {
  CUSTOM_FIELD_TYPES,
  STAGE_OUTCOMES,
  type CustomFieldDefinition,
  type PipelineModel,
  type StageModel,
} from '../db/models/crm/index';
import { HttpError } from '../http/errors';
import { crmBodyChecker } from './check';
import { refuse, refuseAll, type FieldProblem } from './errors';

const localizedName = Type.Object(
  { ja: Type.String({ minLength: 1, maxLength: 100 }), en: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);

const customFieldSchema = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,49}$' }),
    label: localizedName,
    type: Type.Union(CUSTOM_FIELD_TYPES.map((type) => Type.Literal(type))),
    required: Type.Optional(Type.Boolean()),
    options: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100 })),
  },
  { additionalProperties: false },
);

const stageInput = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  outcome: Type.Optional(Type.Union(STAGE_OUTCOMES.map((outcome) => Type.Literal(outcome)))),
  color: Type.Optional(Type.Union([Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }), Type.Null()])),
};

const readCreate = crmBodyChecker(
  Type.Object(
    {
      id: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$' })),
      module: Type.Union(PIPELINE_MODULES.map((module) => Type.Literal(module))),
      name: Type.String({ minLength: 1, maxLength: 200 }),
      stages: Type.Array(Type.Object(stageInput, { additionalProperties: false }), {
        minItems: 1,
        maxItems: 50,
      }),
      customFields: Type.Optional(Type.Array(customFieldSchema, { maxItems: 100 })),
    },
    { additionalProperties: false },
  ),
);

const readUpdate = crmBodyChecker(
  Type.Object(
    {
      name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
      customFields: Type.Optional(Type.Array(customFieldSchema, { maxItems: 100 })),
    },
    { additionalProperties: false },
  ),
);

const readStage = crmBodyChecker(
  Type.Object(
    { ...stageInput, position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })) },
    { additionalProperties: false },
  ),
);
const readStagePatch = crmBodyChecker(
  Type.Object(
    {
      name: Type.Optional(stageInput.name),
      outcome: stageInput.outcome,
      color: stageInput.color,
    },
    { additionalProperties: false },
  ),
);
const readOrder = crmBodyChecker(
  Type.Object(
    { stageIds: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 50 }) },
    { additionalProperties: false },
  ),
);

/** A pipeline as the API shows it: its stages in order and its custom fields. */
export interface PipelineView {
  id: string;
  module: PipelineModule;
  name: string;
  position: number;
  stages: Array<{ id: string; name: string; position: number; outcome: string; color: string | null }>;
  customFields: CustomFieldDefinition[];
}

/** Pipelines of deals and tickets, their ordered stages and their custom fields. */
export class PipelineService {
  constructor(private readonly db: Database) {}

  async list(module?: PipelineModule): Promise<PipelineView[]> {
    const pipelines = await this.db.models.CrmPipeline.findAll({
      where: module ? { module } : {},
      order: [
        ['module', 'ASC'],
        ['position', 'ASC'],
        ['createdAt', 'ASC'],
      ],
    });
    const stages = await this.db.models.CrmStage.findAll({ order: [['position', 'ASC']] });
    return pipelines.map((pipeline) => describePipeline(pipeline, stages));
  }

  async get(id: string): Promise<PipelineView | undefined> {
    const pipeline = await this.db.models.CrmPipeline.findByPk(id);
    if (!pipeline) return undefined;
    const stages = await this.db.models.CrmStage.findAll({
      where: { pipelineId: id },
      order: [['position', 'ASC']],
    });
    return describePipeline(pipeline, stages);
  }

  async create(body: unknown): Promise<PipelineView> {
    const input = readCreate(body);
    checkCustomFields(input.customFields ?? []);
    checkUniqueStageNames(input.stages.map((stage) => stage.name));
    const id = input.id ?? randomUUID();
    if (await this.db.models.CrmPipeline.findByPk(id))
      refuse('id', { ja: 'この ID は使われています。', en: 'This id is taken.' });
    const position = await this.db.models.CrmPipeline.count({ where: { module: input.module } });
    await this.db.sequelize.transaction(async (transaction) => {
      await this.db.models.CrmPipeline.create(
        { id, module: input.module, name: input.name, position, customFields: input.customFields ?? [] },
        { transaction },
      );
      for (const [index, stage] of input.stages.entries()) {
        await this.db.models.CrmStage.create(
          {
            id: randomUUID(),
            pipelineId: id,
            name: stage.name,
            position: index,
            outcome: stage.outcome ?? 'open',
            color: stage.color ?? null,
          },
          { transaction },
        );
      }
    });
    return this.mustGet(id);
  }

  async update(id: string, body: unknown): Promise<PipelineView | undefined> {
    const input = readUpdate(body);
    const pipeline = await this.db.models.CrmPipeline.findByPk(id);
    if (!pipeline) return undefined;
    if (input.customFields) checkCustomFields(input.customFields);
    await pipeline.update({
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.position === undefined ? {} : { position: input.position }),
      ...(input.customFields === undefined ? {} : { customFields: input.customFields }),
    });
    return this.mustGet(id);
  }

  /** Refuses (409) while records are in the pipeline: move or delete them first. */
  async remove(id: string): Promise<boolean> {
    const pipeline = await this.db.models.CrmPipeline.findByPk(id);
    if (!pipeline) return false;
    const inUse = await this.db.models.CrmRecord.count({ where: { pipelineId: id } });
    if (inUse > 0) {
      throw new HttpError({
        status: 409,
        code: 'pipeline_in_use',
        message: {
          ja: `このパイプラインには ${inUse} 件のレコードがあります。先に移動するか削除してください。`,
          en: `${inUse} records are in this pipeline. Move or delete them first.`,
        },
      });
    }
    await pipeline.destroy();
    return true;
  }

  async addStage(pipelineId: string, body: unknown): Promise<PipelineView | undefined> {
    const input = readStage(body);
    const view = await this.get(pipelineId);
    if (!view) return undefined;
    checkUniqueStageNames([...view.stages.map((stage) => stage.name), input.name]);
    const position = Math.min(input.position ?? view.stages.length, view.stages.length);
    const ordered = view.stages.map((stage) => stage.id);
    const id = randomUUID();
    ordered.splice(position, 0, id);
    await this.db.sequelize.transaction(async (transaction) => {
      await this.db.models.CrmStage.create(
        {
          id,
          pipelineId,
          name: input.name,
          position,
          outcome: input.outcome ?? 'open',
          color: input.color ?? null,
        },
        { transaction },
      );
      for (const [index, stageId] of ordered.entries()) {
        await this.db.models.CrmStage.update({ position: index }, { where: { id: stageId }, transaction });
      }
    });
    return this.get(pipelineId);
  }

  async updateStage(options: {
    pipelineId: string;
    stageId: string;
    body: unknown;
  }): Promise<PipelineView | undefined> {
    const input = readStagePatch(options.body);
    const stage = await this.stageOf(options.pipelineId, options.stageId);
    if (!stage) return undefined;
    if (input.name !== undefined && input.name !== stage.name) {
      const others = await this.db.models.CrmStage.findAll({ where: { pipelineId: options.pipelineId } });
      checkUniqueStageNames([
        ...others.filter((other) => other.id !== stage.id).map((other) => other.name),
        input.name,
      ]);
    }
    await stage.update({
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.outcome === undefined ? {} : { outcome: input.outcome }),
      ...(input.color === undefined ? {} : { color: input.color }),
    });
    return this.get(options.pipelineId);
  }

  /** Puts the stages in the order given (every stage of the pipeline, once). */
  async reorderStages(pipelineId: string, body: unknown): Promise<PipelineView | undefined> {
    const { stageIds } = readOrder(body);
    const view = await this.get(pipelineId);
    if (!view) return undefined;
    const current = view.stages.map((stage) => stage.id).sort();
    if (JSON.stringify([...stageIds].sort()) !== JSON.stringify(current)) {
      refuse('stageIds', {
        ja: 'パイプラインのステージをすべて 1 回ずつ並べてください。',
        en: 'List every stage of the pipeline once.',
      });
    }
    await this.db.sequelize.transaction(async (transaction) => {
      for (const [index, id] of stageIds.entries()) {
        await this.db.models.CrmStage.update({ position: index }, { where: { id }, transaction });
      }
    });
    return this.get(pipelineId);
  }

  /** Refuses (409) while records are in the stage, and for the last stage of a pipeline. */
  async removeStage(options: { pipelineId: string; stageId: string }): Promise<PipelineView | undefined> {
    const stage = await this.stageOf(options.pipelineId, options.stageId);
    if (!stage) return undefined;
    const inUse = await this.db.models.CrmRecord.count({ where: { stageId: stage.id } });
    const count = await this.db.models.CrmStage.count({ where: { pipelineId: options.pipelineId } });
    if (inUse > 0 || count <= 1) {
      throw new HttpError({
        status: 409,
        code: 'stage_in_use',
        message:
          inUse > 0
            ? {
                ja: `このステージには ${inUse} 件のレコードがあります。先に別のステージへ移動してください。`,
                en: `${inUse} records are in this stage. Move them to another stage first.`,
              }
            : {
                ja: 'パイプラインには 1 つ以上のステージが必要です。',
                en: 'A pipeline needs at least one stage.',
              },
      });
    }
    await stage.destroy();
    return this.get(options.pipelineId);
  }

  async stageOf(pipelineId: string, stageId: string): Promise<StageModel | undefined> {
    const stage = await this.db.models.CrmStage.findByPk(stageId);
    return stage && stage.pipelineId === pipelineId ? stage : undefined;
  }

  private async mustGet(id: string): Promise<PipelineView> {
    const view = await this.get(id);
    if (!view) throw new Error(`Pipeline ${id} vanished while it was being saved.`);
    return view;
  }
}

function describePipeline(pipeline: PipelineModel, stages: readonly StageModel[]): PipelineView {
  return {
    id: pipeline.id,
    module: pipeline.module,
    name: pipeline.name,
    position: pipeline.position,
    stages: stages
      .filter((stage) => stage.pipelineId === pipeline.id)
      .map((stage) => ({
        id: stage.id,
        name: stage.name,
        position: stage.position,
        outcome: stage.outcome,
        color: stage.color,
      })),
    customFields: pipeline.customFields,
  };
}

function checkCustomFields(fields: readonly CustomFieldDefinition[]): void {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const [index, field] of fields.entries()) {
    if (seen.has(field.key)) {
      problems.push({
        field: `customFields.${index}.key`,
        message: {
          ja: `キー「${field.key}」が重複しています。`,
          en: `The key "${field.key}" is used twice.`,
        },
      });
    }
    seen.add(field.key);
    if (field.type === 'picklist' && (field.options ?? []).length === 0) {
      problems.push({
        field: `customFields.${index}.options`,
        message: { ja: '選択肢を 1 つ以上指定してください。', en: 'A pick list needs at least one option.' },
      });
    }
    if (field.type !== 'picklist' && field.options !== undefined) {
      problems.push({
        field: `customFields.${index}.options`,
        message: { ja: '選択肢はピックリストにだけ指定できます。', en: 'Only a pick list has options.' },
      });
    }
  }
  refuseAll(problems);
}

function checkUniqueStageNames(names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    const key = name.normalize('NFKC').trim().toLowerCase();
    if (seen.has(key))
      refuse('name', {
        ja: `ステージ名「${name}」が重複しています。`,
        en: `The stage name "${name}" is used twice.`,
      });
    seen.add(key);
  }
}

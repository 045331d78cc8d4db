import { isRecord } from '../../runtime/engine/registry';
import type { RecordModule } from '../../runtime/ports/crm';
import type { Database } from '../db/index';
import type { CrmRecordModel, CustomFieldDefinition, PipelineModel } from '../db/models/crm/index';
import { refuse, refuseAll, type FieldProblem } from './errors';
import { MODULE_SPECS, isRecordModule, type FieldSpec, type RecordColumn } from './modules';
import { parseScalar, type FieldValue, type ScalarKind } from './values';

/** Keys a client may send back from a GET that the service manages itself: ignored on input. */
const READ_ONLY_KEYS = new Set([
  'id',
  'module',
  'number',
  'phoneE164',
  'stageEnteredAt',
  'createdAt',
  'updatedAt',
  'createdBy',
  'updatedBy',
  'stage',
  'pipeline',
]);

/** An input checked against the module and its pipeline: what to write where. */
export interface ParsedRecordInput {
  columns: Map<RecordColumn, FieldValue>;
  /** Spec fields kept in the JSON (company, source, description …). */
  extras: Map<string, FieldValue>;
  custom: Map<string, FieldValue>;
  /** The pipeline the record ends up in (deals, tickets). */
  pipeline: PipelineModel | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SCALAR_KINDS = new Set<string>([
  'text',
  'longtext',
  'email',
  'phone',
  'number',
  'integer',
  'date',
  'datetime',
  'url',
  'enum',
]);

function isScalarKind(kind: string): kind is ScalarKind {
  return SCALAR_KINDS.has(kind);
}

/**
 * Checks a create or update body for a module: unknown fields, wrong types, references that do not
 * exist, a stage outside the pipeline, pipeline custom fields. Throws a CrmInputError listing every
 * problem at once; on update, only the fields sent are checked (plus what they imply).
 */
export async function parseRecordInput(options: {
  db: Database;
  module: RecordModule;
  body: unknown;
  existing?: CrmRecordModel;
}): Promise<ParsedRecordInput> {
  const { db, module, existing } = options;
  const problems: FieldProblem[] = [];
  const body = options.body;
  if (!isRecord(body))
    refuse('(body)', { ja: 'JSON オブジェクトを送ってください。', en: 'Send a JSON object.' });
  const spec = MODULE_SPECS[module];
  const parsed: ParsedRecordInput = {
    columns: new Map(),
    extras: new Map(),
    custom: new Map(),
    pipeline: undefined,
  };

  for (const key of Object.keys(body)) {
    if (READ_ONLY_KEYS.has(key) || key === 'customFields') continue;
    if (!spec.fields.some((field) => field.key === key)) {
      problems.push({
        field: key,
        message: {
          ja: `「${key}」という項目はありません。`,
          en: `There is no field "${key}" in ${spec.labels.en.toLowerCase()}.`,
        },
      });
    }
  }

  for (const field of spec.fields) {
    const given = Object.hasOwn(body, field.key);
    if (!given) {
      if (!existing && field.required) problems.push(requiredProblem(field));
      continue;
    }
    const value = await parseField({ db, field, value: body[field.key], body, existing, problems });
    if (value === undefined) continue;
    if (value === null && field.required) {
      problems.push(requiredProblem(field));
      continue;
    }
    if (field.column) parsed.columns.set(field.column, value);
    else parsed.extras.set(field.key, value);
  }

  if (spec.pipeline) await resolvePipeline({ db, module, body, existing, parsed, problems });
  if (parsed.pipeline)
    parseCustomFields({ definitions: parsed.pipeline.customFields, body, existing, parsed, problems });
  else if (hasAnyCustomField(body.customFields)) {
    problems.push({
      field: 'customFields',
      message: {
        ja: 'カスタム項目はパイプラインのレコードにだけあります。',
        en: 'Only records in a pipeline have custom fields.',
      },
    });
  }
  refuseAll(problems);
  return parsed;
}

function hasAnyCustomField(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  return !isRecord(value) || Object.keys(value).length > 0;
}

function requiredProblem(field: FieldSpec): FieldProblem {
  return {
    field: field.key,
    message: { ja: `${field.label.ja}は必須です。`, en: `${field.label.en} is required.` },
  };
}

/** One spec field; undefined when it was refused (the problem is recorded). */
async function parseField(input: {
  db: Database;
  field: FieldSpec;
  value: unknown;
  body: Record<string, unknown>;
  existing: CrmRecordModel | undefined;
  problems: FieldProblem[];
}): Promise<FieldValue | undefined> {
  const { db, field, value, problems } = input;
  if (isScalarKind(field.kind)) {
    const result = parseScalar({
      field: field.key,
      label: field.label,
      kind: field.kind,
      value,
      ...(field.maxLength === undefined ? {} : { maxLength: field.maxLength }),
      ...(field.options === undefined ? {} : { options: field.options }),
    });
    if (result.ok) return result.value;
    problems.push(result.problem);
    return undefined;
  }
  if (value === null || value === '') return null;
  if (typeof value !== 'string') {
    problems.push({
      field: field.key,
      message: {
        ja: `${field.label.ja}: ID を文字列で指定してください。`,
        en: `${field.label.en}: give the id as a string.`,
      },
    });
    return undefined;
  }
  const missing = (): undefined => {
    problems.push({
      field: field.key,
      message: {
        ja: `${field.label.ja}: 「${value}」は見つかりません。`,
        en: `${field.label.en}: "${value}" does not exist.`,
      },
    });
    return undefined;
  };
  switch (field.kind) {
    case 'user':
      return UUID.test(value) && (await db.models.User.count({ where: { id: value } })) > 0
        ? value
        : missing();
    case 'record': {
      const target =
        field.target === 'relatedModule' ? relatedModuleOf(input.body, input.existing) : field.target;
      const found = await db.models.CrmRecord.findByPk(value, { attributes: ['id', 'module'] });
      if (!found || (target !== undefined && found.module !== target)) return missing();
      return value;
    }
    case 'department':
    case 'agent': {
      const row =
        field.kind === 'department'
          ? await db.models.CrmDepartment.findByPk(value)
          : await db.models.CrmAgent.findByPk(value);
      if (!row || row.deletedAt) return missing();
      if (row.status !== 'active') {
        problems.push({
          field: field.key,
          message: {
            ja: `${field.label.ja}: 「${row.name}」は無効になっています。`,
            en: `${field.label.en}: "${row.name}" is switched off.`,
          },
        });
        return undefined;
      }
      return value;
    }
    // Pipelines and stages are checked together with the pipeline (resolvePipeline).
    default:
      return value;
  }
}

function relatedModuleOf(
  body: Record<string, unknown>,
  existing: CrmRecordModel | undefined,
): RecordModule | undefined {
  const given = Object.hasOwn(body, 'relatedModule') ? body.relatedModule : existing?.relatedModule;
  return isRecordModule(given) ? given : undefined;
}

/**
 * The pipeline and stage of a deal or ticket: the pipeline must be of the module (tickets default
 * to the first one), the stage must be in it (default: its first stage, also after a pipeline change).
 */
async function resolvePipeline(input: {
  db: Database;
  module: RecordModule;
  body: Record<string, unknown>;
  existing: CrmRecordModel | undefined;
  parsed: ParsedRecordInput;
  problems: FieldProblem[];
}): Promise<void> {
  const { db, module, existing, parsed, problems } = input;
  const givenPipeline = parsed.columns.get('pipelineId');
  let pipelineId = typeof givenPipeline === 'string' ? givenPipeline : (existing?.pipelineId ?? undefined);
  if (pipelineId === undefined && module === 'tickets' && !problems.some((p) => p.field === 'pipelineId')) {
    const first = await db.models.CrmPipeline.findOne({ where: { module }, order: [['position', 'ASC']] });
    pipelineId = first?.id;
  }
  if (pipelineId === undefined) {
    if (!problems.some((p) => p.field === 'pipelineId')) {
      problems.push({
        field: 'pipelineId',
        message: { ja: 'パイプラインは必須です。', en: 'Pipeline is required.' },
      });
    }
    return;
  }
  const pipeline = await db.models.CrmPipeline.findByPk(pipelineId);
  if (!pipeline || pipeline.module !== module) {
    problems.push({
      field: 'pipelineId',
      message: {
        ja: `パイプライン「${pipelineId}」は見つかりません。`,
        en: `There is no ${module} pipeline "${pipelineId}".`,
      },
    });
    return;
  }
  parsed.pipeline = pipeline;
  parsed.columns.set('pipelineId', pipeline.id);

  const givenStage = parsed.columns.get('stageId');
  const pipelineChanged = existing !== undefined && existing.pipelineId !== pipeline.id;
  if (typeof givenStage === 'string') {
    const stage = await db.models.CrmStage.findByPk(givenStage);
    if (!stage || stage.pipelineId !== pipeline.id) {
      problems.push({
        field: 'stageId',
        message: {
          ja: `ステージ「${givenStage}」はパイプライン「${pipeline.name}」にありません。`,
          en: `The stage "${givenStage}" is not in the pipeline "${pipeline.name}".`,
        },
      });
    }
    return;
  }
  if (givenStage === null || !existing || pipelineChanged) {
    const first = await db.models.CrmStage.findOne({
      where: { pipelineId: pipeline.id },
      order: [['position', 'ASC']],
    });
    if (!first) {
      problems.push({
        field: 'stageId',
        message: {
          ja: `パイプライン「${pipeline.name}」にステージがありません。`,
          en: `The pipeline "${pipeline.name}" has no stages.`,
        },
      });
      return;
    }
    parsed.columns.set('stageId', first.id);
  }
}

function parseCustomFields(input: {
  definitions: readonly CustomFieldDefinition[];
  body: Record<string, unknown>;
  existing: CrmRecordModel | undefined;
  parsed: ParsedRecordInput;
  problems: FieldProblem[];
}): void {
  const { definitions, body, existing, parsed, problems } = input;
  const given = body.customFields;
  if (given !== undefined && given !== null && !isRecord(given)) {
    problems.push({
      field: 'customFields',
      message: { ja: 'オブジェクトで指定してください。', en: 'must be an object.' },
    });
    return;
  }
  const values = given ?? {};
  for (const key of Object.keys(values)) {
    if (!definitions.some((definition) => definition.key === key)) {
      problems.push({
        field: `customFields.${key}`,
        message: {
          ja: `カスタム項目「${key}」はこのパイプラインにありません。`,
          en: `This pipeline has no custom field "${key}".`,
        },
      });
    }
  }
  const stored = existing && isRecord(existing.fields.custom) ? existing.fields.custom : {};
  for (const definition of definitions) {
    const field = `customFields.${definition.key}`;
    if (!Object.hasOwn(values, definition.key)) {
      const hasStored = stored[definition.key] !== undefined && stored[definition.key] !== null;
      if (definition.required && !hasStored) problems.push(customRequired(field, definition));
      continue;
    }
    const result = parseScalar({
      field,
      label: definition.label,
      kind: definition.type === 'picklist' ? 'enum' : definition.type,
      value: values[definition.key],
      ...(definition.options === undefined ? {} : { options: definition.options }),
    });
    if (!result.ok) problems.push(result.problem);
    else if (result.value === null && definition.required) problems.push(customRequired(field, definition));
    else
      parsed.custom.set(
        definition.key,
        result.value instanceof Date ? result.value.toISOString() : result.value,
      );
  }
}

function customRequired(field: string, definition: CustomFieldDefinition): FieldProblem {
  return {
    field,
    message: { ja: `${definition.label.ja}は必須です。`, en: `${definition.label.en} is required.` },
  };
}

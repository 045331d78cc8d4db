import type { Transaction } from 'sequelize';
import type { NodeRegistry } from '../../runtime/engine/registry';
import { validateWorkflow } from '../../runtime/engine/validate-graph';
import { isRecordModule } from './modules';
import { SYSTEM_ACTOR } from './actor';
import type { CrmServices } from './context';
import { CONNECTION_TYPES } from './connections';
import {
  SAMPLE_AGENTS,
  SAMPLE_DEPARTMENTS,
  SAMPLE_LIST_MEMBERS,
  SAMPLE_PIPELINES,
  SAMPLE_RECORDS,
} from './sample-data';
import { SAMPLE_AUTOMATIONS, SAMPLE_WORKFLOWS } from './sample-workflows';

export const SAMPLE_PARTS = [
  'connections',
  'pipelines',
  'departments',
  'agents',
  'records',
  'listMembers',
  'workflows',
  'automations',
] as const;
export type SamplePart = (typeof SAMPLE_PARTS)[number];

export interface SampleResult {
  added: Record<SamplePart, number>;
  existing: Record<SamplePart, number>;
  /** Workflows kept as drafts because they do not validate here (a node type missing …). */
  drafts: Array<{ id: string; problems: string[] }>;
  /** Workflows switched on by this load (the caller tells webhook and schedule registration). */
  activated: Array<{ workflowId: string; version: number }>;
}

const BUILTIN_IDS: Record<string, string> = {
  builtin_crm: 'builtin-crm',
  builtin_desk: 'builtin-desk',
  builtin_lists: 'builtin-lists',
};

/**
 * Adds the sample workspace: pipelines 商談 and サポート, departments, agents, about twenty
 * records, a mailing list, example workflows (published and active) and stage automations.
 * Everything has a fixed id and is only added when missing: loading twice adds nothing, and what
 * a person changed in the sample is left as it is.
 */
export async function loadSampleWorkspace(options: {
  crm: CrmServices;
  registry: NodeRegistry;
  userId: string | null;
}): Promise<SampleResult> {
  const { crm, registry, userId } = options;
  const { db } = crm;
  const zero = (): Record<SamplePart, number> => ({
    connections: 0,
    pipelines: 0,
    departments: 0,
    agents: 0,
    records: 0,
    listMembers: 0,
    workflows: 0,
    automations: 0,
  });
  const result: SampleResult = { added: zero(), existing: zero(), drafts: [], activated: [] };
  const count = (part: SamplePart, added: boolean) => {
    result[added ? 'added' : 'existing'][part] += 1;
  };

  for (const type of CONNECTION_TYPES.filter((candidate) => candidate.builtin)) {
    const id = BUILTIN_IDS[type.type] ?? type.type;
    const exists = (await db.models.Connection.findByPk(id)) !== null;
    if (!exists)
      await crm.connections.create(
        { id, type: type.type, name: `${type.labels.ja} / ${type.labels.en}` },
        userId,
      );
    count('connections', !exists);
  }

  for (const pipeline of SAMPLE_PIPELINES) {
    const exists = (await db.models.CrmPipeline.findByPk(pipeline.id)) !== null;
    if (!exists) {
      await db.sequelize.transaction(async (transaction: Transaction) => {
        const position = await db.models.CrmPipeline.count({
          where: { module: pipeline.module },
          transaction,
        });
        await db.models.CrmPipeline.create(
          {
            id: pipeline.id,
            module: pipeline.module,
            name: pipeline.name,
            position,
            customFields: pipeline.customFields,
          },
          { transaction },
        );
        for (const [index, stage] of pipeline.stages.entries()) {
          await db.models.CrmStage.create(
            { ...stage, pipelineId: pipeline.id, position: index },
            { transaction },
          );
        }
      });
    }
    count('pipelines', !exists);
  }

  for (const department of SAMPLE_DEPARTMENTS) {
    const exists = (await db.models.CrmDepartment.findByPk(department.id)) !== null;
    if (!exists) await crm.parties.createDepartment(department);
    count('departments', !exists);
  }
  for (const agent of SAMPLE_AGENTS) {
    const exists = (await db.models.CrmAgent.findByPk(agent.id)) !== null;
    if (!exists) await crm.parties.createAgent(agent);
    count('agents', !exists);
  }

  for (const record of SAMPLE_RECORDS) {
    const exists = (await db.models.CrmRecord.findByPk(record.id)) !== null;
    if (!exists && isRecordModule(record.module)) {
      await crm.records.create({
        id: record.id,
        module: record.module,
        input: { ...record.input, ownerId: userId },
        actor: SYSTEM_ACTOR,
      });
    }
    count('records', !exists);
  }

  for (const member of SAMPLE_LIST_MEMBERS) {
    const known = await db.models.CrmListMember.count({
      where: { listId: member.listId, emailNormalized: member.email.toLowerCase() },
    });
    if (known === 0)
      await crm.lists.addMember({
        listId: member.listId,
        body: { name: member.name, email: member.email, ...(member.phone ? { phone: member.phone } : {}) },
      });
    count('listMembers', known === 0);
  }

  for (const workflow of SAMPLE_WORKFLOWS) {
    const exists = (await db.models.Workflow.findByPk(workflow.id)) !== null;
    count('workflows', !exists);
    if (exists) continue;
    const errors = validateWorkflow(workflow.document, registry).filter(
      (problem) => problem.severity === 'error',
    );
    await db.sequelize.transaction(async (transaction: Transaction) => {
      await db.models.Workflow.create(
        {
          id: workflow.id,
          name: workflow.name,
          description: workflow.description,
          draft: workflow.document,
          createdBy: userId,
          updatedBy: userId,
        },
        { transaction },
      );
      if (errors.length > 0) return;
      await db.models.WorkflowVersion.create(
        {
          workflowId: workflow.id,
          version: 1,
          document: workflow.document,
          warnings: [],
          publishedBy: userId,
        },
        { transaction },
      );
      await db.models.Workflow.update(
        { latestVersion: 1, active: true, activeVersion: 1 },
        { where: { id: workflow.id }, transaction },
      );
    });
    if (errors.length > 0)
      result.drafts.push({ id: workflow.id, problems: errors.map((problem) => problem.message.en) });
    else result.activated.push({ workflowId: workflow.id, version: 1 });
  }

  for (const automation of SAMPLE_AUTOMATIONS) {
    const exists = (await db.models.CrmStageAutomation.findByPk(automation.id)) !== null;
    const workflowThere =
      (await db.models.Workflow.findByPk(automation.workflowId, { attributes: ['id'] })) !== null;
    if (!exists && workflowThere) {
      await db.models.CrmStageAutomation.create({ ...automation, enabled: true, createdBy: userId });
    }
    if (exists || workflowThere) count('automations', !exists);
  }
  return result;
}

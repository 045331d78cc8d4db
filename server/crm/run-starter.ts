import type { ValidateFunction } from 'ajv';
import { createAjv } from '../../runtime/engine/ajv';
import { isRecord } from '../../runtime/engine/registry';
import { recordEventTriggerNode, type RecordEventConfig } from '../../nodes/trigger/record-event';
import type { Database } from '../db/index';

/**
 * How the CRM starts workflows (record-event triggers, stage automations). The execution layer's
 * run service implements it; tests pass a recorder. `undefined` means nothing was started (the
 * workflow is not active any more) and `reason` says why.
 */
export interface WorkflowRunStarter {
  startWorkflowRun(options: {
    workflowId: string;
    triggerNodeId?: string;
    payload: unknown;
    /** A second start with the same key is not a second run (a timer fired twice). */
    singletonKey?: string;
  }): Promise<{ runId: string } | { runId?: undefined; reason: string }>;
}

/** A record-event trigger node of an active workflow's live version. */
export interface ActiveRecordTrigger {
  workflowId: string;
  version: number;
  nodeId: string;
  config: RecordEventConfig;
}

const validateConfig: ValidateFunction<RecordEventConfig> = createAjv({
  useDefaults: true,
}).compile<RecordEventConfig>(recordEventTriggerNode.config);

/**
 * Finds the record-event triggers of every active workflow. Published versions never change, so
 * the parsed triggers are cached by workflow@version; only the small `workflows` list is read each time.
 */
export class RecordTriggerIndex {
  private readonly cache = new Map<string, ActiveRecordTrigger[]>();

  constructor(private readonly db: Database) {}

  async active(): Promise<ActiveRecordTrigger[]> {
    const workflows = await this.db.models.Workflow.findAll({
      where: { active: true },
      attributes: ['id', 'activeVersion'],
      order: [['id', 'ASC']],
    });
    const result: ActiveRecordTrigger[] = [];
    for (const workflow of workflows) {
      if (workflow.activeVersion === null) continue;
      result.push(...(await this.triggersOf(workflow.id, workflow.activeVersion)));
    }
    return result;
  }

  /** The first trigger node of a workflow's live version: a record-event one when it has one. */
  async entryNode(workflowId: string): Promise<{ version: number; nodeId: string | undefined } | undefined> {
    const workflow = await this.db.models.Workflow.findByPk(workflowId, {
      attributes: ['id', 'active', 'activeVersion'],
    });
    if (!workflow || !workflow.active || workflow.activeVersion === null) return undefined;
    const triggers = await this.triggersOf(workflow.id, workflow.activeVersion);
    return { version: workflow.activeVersion, nodeId: triggers[0]?.nodeId };
  }

  private async triggersOf(workflowId: string, version: number): Promise<ActiveRecordTrigger[]> {
    const key = `${workflowId}@${version}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const row = await this.db.models.WorkflowVersion.findOne({ where: { workflowId, version } });
    const triggers: ActiveRecordTrigger[] = [];
    const document: unknown = typeof row?.document === 'string' ? JSON.parse(row.document) : row?.document;
    const nodes = isRecord(document) && Array.isArray(document.nodes) ? document.nodes : [];
    for (const node of nodes) {
      if (!isRecord(node) || node.type !== recordEventTriggerNode.type || typeof node.id !== 'string')
        continue;
      if (node.disabled === true) continue;
      // A copy: defaults are filled in by the validator and the cached document must not change.
      const config: unknown = structuredClone(isRecord(node.config) ? node.config : {});
      if (validateConfig(config)) triggers.push({ workflowId, version, nodeId: node.id, config });
    }
    if (this.cache.size > 1000) this.cache.clear();
    this.cache.set(key, triggers);
    return triggers;
  }
}

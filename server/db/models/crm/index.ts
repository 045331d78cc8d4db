import type { Sequelize } from 'sequelize';
import { defineAutomationTimer, defineStageAutomation } from './automation';
import { defineConnection } from './connection';
import { defineRecordActivity, defineStageHistory } from './history';
import { defineListMember } from './list-member';
import { defineAgent, defineDepartment } from './party';
import { definePipeline, defineStage } from './pipeline';
import { defineCrmRecord } from './record';
import { defineSavedView } from './saved-view';

export * from './automation';
export * from './connection';
export * from './history';
export * from './list-member';
export * from './party';
export * from './pipeline';
export * from './record';
export * from './saved-view';

/** The models of the embedded CRM and of connections (migration 0003). */
export function defineCrmModels(sequelize: Sequelize) {
  return {
    Connection: defineConnection(sequelize),
    CrmDepartment: defineDepartment(sequelize),
    CrmAgent: defineAgent(sequelize),
    CrmPipeline: definePipeline(sequelize),
    CrmStage: defineStage(sequelize),
    CrmRecord: defineCrmRecord(sequelize),
    CrmStageHistory: defineStageHistory(sequelize),
    CrmRecordActivity: defineRecordActivity(sequelize),
    CrmListMember: defineListMember(sequelize),
    CrmSavedView: defineSavedView(sequelize),
    CrmStageAutomation: defineStageAutomation(sequelize),
    CrmAutomationTimer: defineAutomationTimer(sequelize),
  };
}

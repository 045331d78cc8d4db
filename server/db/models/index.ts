import type { Sequelize } from 'sequelize';
import { defineApiToken } from './api-token';
import { defineAuditLog } from './audit-log';
import { defineOutboxMail } from './outbox-mail';
import { defineSession } from './session';
import { defineSetting } from './setting';
import { defineUser } from './user';
import { defineWorkflow } from './workflow';
import { defineWorkflowVersion } from './workflow-version';
import { defineExecutionModels } from './execution';
import { defineCrmModels } from './crm/index';
import { defineKintoneModels } from './kintone/index';
import { defineTelephonyModels } from './telephony/index';
import { defineSlackModels } from './slack/index';
import { defineChatModels } from './chat/index';
import { defineSharingModels } from './sharing/index';

export type { UserModel, Role } from './user';
export { ROLES } from './user';
export type { SessionModel } from './session';
export type { ApiTokenModel } from './api-token';
export type { WorkflowModel } from './workflow';
export type { WorkflowVersionModel } from './workflow-version';
export type { AuditLogModel } from './audit-log';
export type { OutboxMailModel, OutboxStatus } from './outbox-mail';
export type { SettingModel } from './setting';
export * from './execution';

/**
 * Defines every model on one Sequelize instance. Models are defined per instance (not as global
 * classes) so two databases can be open in one process, as tests do.
 */
export function defineModels(sequelize: Sequelize) {
  const models = {
    User: defineUser(sequelize),
    Session: defineSession(sequelize),
    ApiToken: defineApiToken(sequelize),
    Workflow: defineWorkflow(sequelize),
    WorkflowVersion: defineWorkflowVersion(sequelize),
    AuditLog: defineAuditLog(sequelize),
    OutboxMail: defineOutboxMail(sequelize),
    Setting: defineSetting(sequelize),
    ...defineExecutionModels(sequelize),
    ...defineCrmModels(sequelize),
    ...defineTelephonyModels(sequelize),
    ...defineKintoneModels(sequelize),
    ...defineSlackModels(sequelize),
    ...defineChatModels(sequelize),
    ...defineSharingModels(sequelize),
  };
  return models;
}

/** The typed models of one open database. */
export type Models = ReturnType<typeof defineModels>;

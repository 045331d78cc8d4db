import { randomUUID } from 'node:crypto';
import type { Database } from '../db/index';
import type { ConnectionModel } from '../db/models/crm/connection';
import { openSecret, sealSecret } from '../crypto/secret-box';
import { SLACK_CONNECTION_TYPE, readCredentials, readSettings } from './settings';
import type { DeliveryProblem, SlackCredentials, SlackSettings } from './settings';

/** The setting that switches the whole Slack integration off (delivery pauses everywhere). */
const INTEGRATION_SETTING = 'slack.integration';

/** A Slack workspace as the rest of the connector sees it. */
export interface SlackWorkspace {
  id: string;
  name: string;
  enabled: boolean;
  settings: SlackSettings;
}

/** Reads and writes Slack workspaces (rows of `connections`), sealing their secrets. */
export class SlackWorkspaces {
  constructor(private readonly options: { db: Database; secretKey: Buffer }) {}

  private get models() {
    return this.options.db.models;
  }

  private toWorkspace(row: ConnectionModel): SlackWorkspace {
    return {
      id: row.id,
      name: row.name,
      enabled: row.status === 'enabled',
      settings: readSettings(row.settings),
    };
  }

  async list(): Promise<SlackWorkspace[]> {
    const rows = await this.models.Connection.findAll({
      where: { type: SLACK_CONNECTION_TYPE },
      order: [['createdAt', 'ASC']],
    });
    return rows.map((row) => this.toWorkspace(row));
  }

  async get(id: string): Promise<SlackWorkspace | undefined> {
    const row = await this.models.Connection.findOne({ where: { id, type: SLACK_CONNECTION_TYPE } });
    return row ? this.toWorkspace(row) : undefined;
  }

  async findByTeam(teamId: string): Promise<SlackWorkspace[]> {
    return (await this.list()).filter((workspace) => workspace.settings.teamId === teamId);
  }

  /** Adds a workspace, or replaces the token of the one with the same team (re-install). */
  async save(options: {
    id?: string;
    settings: SlackSettings;
    credentials: SlackCredentials;
    createdBy: string | null;
  }): Promise<SlackWorkspace> {
    const id = options.id ?? `slack-${randomUUID()}`;
    const credentials = sealSecret({
      key: this.options.secretKey,
      plaintext: JSON.stringify(options.credentials),
      aad: `connection:${id}`,
    });
    const existing = await this.models.Connection.findOne({ where: { id, type: SLACK_CONNECTION_TYPE } });
    const settings = { ...options.settings };
    if (existing) {
      await existing.update({ settings: { ...settings }, credentials, name: settings.teamName });
      return this.toWorkspace(existing);
    }
    const row = await this.models.Connection.create({
      id,
      type: SLACK_CONNECTION_TYPE,
      name: settings.teamName,
      status: 'enabled',
      settings: { ...settings },
      credentials,
      createdBy: options.createdBy,
    });
    return this.toWorkspace(row);
  }

  async credentials(id: string): Promise<SlackCredentials | undefined> {
    const row = await this.models.Connection.findOne({ where: { id, type: SLACK_CONNECTION_TYPE } });
    if (!row?.credentials) return undefined;
    return readCredentials(
      openSecret({ key: this.options.secretKey, sealed: row.credentials, aad: `connection:${id}` }),
    );
  }

  async updateSettings(id: string, change: Partial<SlackSettings>): Promise<SlackWorkspace | undefined> {
    const row = await this.models.Connection.findOne({ where: { id, type: SLACK_CONNECTION_TYPE } });
    if (!row) return undefined;
    await row.update({ settings: { ...readSettings(row.settings), ...change } });
    return this.toWorkspace(row);
  }

  async setEnabled(id: string, enabled: boolean): Promise<SlackWorkspace | undefined> {
    const row = await this.models.Connection.findOne({ where: { id, type: SLACK_CONNECTION_TYPE } });
    if (!row) return undefined;
    await row.update({ status: enabled ? 'enabled' : 'disabled' });
    return this.toWorkspace(row);
  }

  /**
   * Removes the workspace; its mappings, user links, sign-in links and undelivered messages go with
   * it (FK cascade).
   */
  async remove(id: string): Promise<boolean> {
    const {
      SlackChannelMapping,
      SlackUserLink,
      SlackSignInLink,
      SlackOAuthState,
      SlackOutboxMessage,
      Connection,
    } = this.models;
    // Explicit deletes as well as the cascade: SQLite only cascades with foreign_keys on.
    await this.options.db.sequelize.transaction(async (transaction) => {
      await SlackChannelMapping.destroy({ where: { connectionId: id }, transaction });
      await SlackUserLink.destroy({ where: { connectionId: id }, transaction });
      await SlackSignInLink.destroy({ where: { connectionId: id }, transaction });
      await SlackOAuthState.destroy({ where: { connectionId: id }, transaction });
      await SlackOutboxMessage.destroy({ where: { connectionId: id }, transaction });
      await Connection.destroy({ where: { id, type: SLACK_CONNECTION_TYPE }, transaction });
    });
    return true;
  }

  /** A permanent delivery error, shown in the UI until the next successful post. */
  async recordProblem(id: string, problem: DeliveryProblem | null): Promise<void> {
    const row = await this.models.Connection.findOne({ where: { id, type: SLACK_CONNECTION_TYPE } });
    if (!row) return;
    const settings = readSettings(row.settings);
    if (problem === null && settings.lastError === null) return;
    await row.update({
      settings: { ...settings, lastError: problem },
      ...(problem ? { lastTestOk: false, lastTestMessage: `${problem.code} (${problem.channel})` } : {}),
    });
  }

  async integrationEnabled(): Promise<boolean> {
    const row = await this.models.Setting.findByPk(INTEGRATION_SETTING);
    const value: unknown = row?.value;
    return !(typeof value === 'object' && value !== null && 'enabled' in value && value.enabled === false);
  }

  async setIntegrationEnabled(enabled: boolean): Promise<void> {
    await this.models.Setting.upsert({ key: INTEGRATION_SETTING, value: { enabled } });
  }

  /** Deletes every workspace and the integration switch: "delete the whole integration". */
  async removeAll(): Promise<number> {
    const all = await this.list();
    for (const workspace of all) await this.remove(workspace.id);
    await this.models.Setting.destroy({ where: { key: INTEGRATION_SETTING } });
    return all.length;
  }
}

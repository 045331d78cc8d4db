import type { ConnectionService } from '../../crm/connections';
import type { Database } from '../../db/index';
import { mappingOf, type MappedModule, type MappingEntry } from './field-mapping';
import { readZohoCredentials, readZohoSettings } from './settings';
import { ZohoSession, type ZohoAuthError } from './session';

/** The connection type of a Zoho connection (CRM, Desk and Campaigns through one authorisation). */
export const ZOHO_CONNECTION_TYPE = 'zoho';

/**
 * Zoho sessions per connection, kept while the connection's settings and sealed credentials stay
 * the same (re-authorising or editing starts a fresh session, clearing a remembered refusal).
 */
export class ZohoConnector {
  private readonly sessions = new Map<string, { key: string; session: ZohoSession }>();

  constructor(private readonly deps: { db: Database; connections: ConnectionService; now?: () => number }) {}

  /** The session of a Zoho connection; throws when the connection does not exist. */
  async session(connectionId: string): Promise<ZohoSession> {
    const row = await this.deps.db.models.Connection.findByPk(connectionId);
    if (!row) throw new Error(`The connection "${connectionId}" does not exist.`);
    const key = `${row.credentials ?? ''}|${JSON.stringify(row.settings)}`;
    const known = this.sessions.get(connectionId);
    if (known && known.key === key) return known.session;
    const session = new ZohoSession({
      settings: readZohoSettings(row.settings),
      credentials: readZohoCredentials(this.deps.connections.credentialsOf(row)),
      now: this.deps.now ?? Date.now,
      onRefused: (error) => this.markBroken(connectionId, error),
    });
    this.sessions.set(connectionId, { key, session });
    return session;
  }

  /** The connection's field mapping for a CRM module (the built-in one when never edited). */
  async mapping(connectionId: string, module: MappedModule): Promise<MappingEntry[]> {
    const row = await this.deps.db.models.Connection.findByPk(connectionId, {
      attributes: ['id', 'settings'],
    });
    return mappingOf(row?.settings, module);
  }

  /** Records the refusal as the connection's last test, which the connections screen shows. */
  private async markBroken(connectionId: string, error: ZohoAuthError): Promise<void> {
    await this.deps.db.models.Connection.update(
      {
        lastTestAt: new Date((this.deps.now ?? Date.now)()),
        lastTestOk: false,
        lastTestMessage: error.localized.en,
      },
      { where: { id: connectionId } },
    );
  }
}

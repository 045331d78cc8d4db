import type { ConnectionService } from '../../crm/connections';
import type { Database } from '../../db/index';
import {
  readSalesforceCredentials,
  readSalesforceSettings,
  SalesforceSession,
  type SalesforceAuthError,
} from './session';

export const SALESFORCE_CONNECTION_TYPE = 'salesforce';

/** Salesforce sessions per connection, renewed when its settings or sealed credentials change. */
export class SalesforceConnector {
  private readonly sessions = new Map<string, { key: string; session: SalesforceSession }>();

  constructor(private readonly deps: { db: Database; connections: ConnectionService }) {}

  async session(connectionId: string): Promise<SalesforceSession> {
    const row = await this.deps.db.models.Connection.findByPk(connectionId);
    if (!row) throw new Error(`The connection "${connectionId}" does not exist.`);
    const key = `${row.credentials ?? ''}|${JSON.stringify(row.settings)}`;
    const known = this.sessions.get(connectionId);
    if (known && known.key === key) return known.session;
    const session = new SalesforceSession({
      settings: readSalesforceSettings(row.settings),
      credentials: readSalesforceCredentials(this.deps.connections.credentialsOf(row)),
      onRefused: (error) => this.markBroken(connectionId, error),
    });
    this.sessions.set(connectionId, { key, session });
    return session;
  }

  /** The refusal becomes the connection's last test, shown as broken on the connections screen. */
  private async markBroken(connectionId: string, error: SalesforceAuthError): Promise<void> {
    await this.deps.db.models.Connection.update(
      { lastTestAt: new Date(), lastTestOk: false, lastTestMessage: error.localized.en },
      { where: { id: connectionId } },
    );
  }
}

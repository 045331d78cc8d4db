import { randomUUID } from 'node:crypto';
import { Type } from 'typebox';
import type { Localized } from '../../runtime/model/localized';
import type { ConnectionKind, ConnectionState } from '../../runtime/ports/crm';
import type { Clock } from '../../runtime/ports/clock';
import { isRecord } from '../../runtime/engine/registry';
import { openSecret, sealSecret } from '../crypto/secret-box';
import type { Database } from '../db/index';
import type { ConnectionModel } from '../db/models/crm/index';
import { OTHER_CONNECTION_TYPES } from '../providers/other-types';
import { SALESFORCE_TYPE } from '../providers/salesforce/connection-type';
import { ZOHO_TYPE } from '../providers/zoho/connection-type';
import { crmBodyChecker } from './check';
import { refuse } from './errors';

/** What a connection type is: its integration family, labels, and how to test it. */
export interface ConnectionType {
  type: string;
  /** The node family it serves; undefined for types no integration node uses (SMTP …). */
  kind: ConnectionKind | undefined;
  /** Further families one connection serves (a Zoho authorisation covers CRM, Desk and Campaigns). */
  serves?: readonly ConnectionKind[];
  labels: Localized;
  /** Built-in types need no credentials and reach Musubi's own tables. */
  builtin: boolean;
  test(context: {
    connection: ConnectionModel;
    credentials: Record<string, unknown>;
    db: Database;
  }): Promise<TestResult>;
}

export interface TestResult {
  ok: boolean;
  message: Localized;
}

async function testBuiltin(context: { db: Database }): Promise<TestResult> {
  await context.db.models.CrmRecord.count({ where: { module: 'leads' } });
  return { ok: true, message: { ja: '接続できました。', en: 'Connected.' } };
}

/** The types this version knows. Later issues (SMTP, Slack, kintone, Zoho …) add theirs here. */
export const CONNECTION_TYPES: readonly ConnectionType[] = [
  {
    type: 'builtin_crm',
    kind: 'crm',
    labels: { ja: '内蔵 CRM', en: 'Built-in CRM' },
    builtin: true,
    test: testBuiltin,
  },
  {
    type: 'builtin_desk',
    kind: 'desk',
    labels: { ja: '内蔵ヘルプデスク', en: 'Built-in help desk' },
    builtin: true,
    test: testBuiltin,
  },
  {
    type: 'builtin_lists',
    kind: 'lists',
    labels: { ja: '内蔵配信リスト', en: 'Built-in mailing lists' },
    builtin: true,
    test: testBuiltin,
  },
  ZOHO_TYPE,
  SALESFORCE_TYPE,
  ...OTHER_CONNECTION_TYPES,
];

/** Whether connections of `type` can serve nodes of `kind`. */
export function servesKind(type: ConnectionType | undefined, kind: ConnectionKind): boolean {
  return type !== undefined && (type.kind === kind || (type.serves ?? []).includes(kind));
}

const readCreate = crmBodyChecker(
  Type.Object(
    {
      id: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$' })),
      type: Type.String({ minLength: 1, maxLength: 32 }),
      name: Type.String({ minLength: 1, maxLength: 200 }),
      settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      credentials: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    },
    { additionalProperties: false },
  ),
);
const readUpdate = crmBodyChecker(
  Type.Object(
    {
      name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      credentials: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    },
    { additionalProperties: false },
  ),
);

/** A connection as the API shows it: never its credentials, only whether it has some. */
export interface ConnectionView {
  id: string;
  type: string;
  kind: ConnectionKind | null;
  typeLabels: Localized;
  name: string;
  status: 'enabled' | 'disabled';
  builtin: boolean;
  settings: Record<string, unknown>;
  hasCredentials: boolean;
  lastTest: { at: string; ok: boolean; message: string | null } | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * Connections: create, rename, test, switch off / on, delete. Credentials are sealed with the
 * instance key (AES-256-GCM, bound to the row by `connection:<id>`) and only opened for a call.
 */
export class ConnectionService {
  private readonly types: readonly ConnectionType[];

  constructor(
    private readonly deps: {
      db: Database;
      clock: Clock;
      secretKey: Buffer;
      types?: readonly ConnectionType[];
    },
  ) {
    this.types = deps.types ?? CONNECTION_TYPES;
  }

  typeOf(type: string): ConnectionType | undefined {
    return this.types.find((candidate) => candidate.type === type);
  }

  /** The types a connection can be created with (for the "add connection" screen). */
  listTypes(): Array<{ type: string; kind: ConnectionKind | null; labels: Localized; builtin: boolean }> {
    return this.types.map((type) => ({
      type: type.type,
      kind: type.kind ?? null,
      labels: type.labels,
      builtin: type.builtin,
    }));
  }

  async list(options: { kind?: ConnectionKind } = {}): Promise<ConnectionView[]> {
    const rows = await this.deps.db.models.Connection.findAll({
      order: [
        ['createdAt', 'ASC'],
        ['id', 'ASC'],
      ],
    });
    return rows
      .map((row) => this.describe(row))
      .filter((view) => !options.kind || servesKind(this.typeOf(view.type), options.kind));
  }

  async get(id: string): Promise<ConnectionView | undefined> {
    const row = await this.deps.db.models.Connection.findByPk(id);
    return row ? this.describe(row) : undefined;
  }

  async create(body: unknown, createdBy: string | null): Promise<ConnectionView> {
    const input = readCreate(body);
    const type = this.typeOf(input.type);
    if (!type) {
      refuse('type', {
        ja: `連携の種類「${input.type}」はありません（${this.types.map((t) => t.type).join('、')}）。`,
        en: `There is no connection type "${input.type}" (${this.types.map((t) => t.type).join(', ')}).`,
      });
    }
    const id = input.id ?? randomUUID();
    if (await this.deps.db.models.Connection.findByPk(id))
      refuse('id', { ja: 'この ID は使われています。', en: 'This id is taken.' });
    const row = await this.deps.db.models.Connection.create({
      id,
      type: type.type,
      name: input.name,
      status: 'enabled',
      settings: input.settings ?? {},
      credentials: input.credentials ? this.seal(id, input.credentials) : null,
      createdBy,
    });
    return this.describe(row);
  }

  async update(id: string, body: unknown): Promise<ConnectionView | undefined> {
    const input = readUpdate(body);
    const row = await this.deps.db.models.Connection.findByPk(id);
    if (!row) return undefined;
    await row.update({
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.settings === undefined ? {} : { settings: withKeptSettings(input.settings, row.settings) }),
      ...(input.credentials === undefined ? {} : { credentials: this.seal(id, input.credentials) }),
    });
    return this.describe(row);
  }

  async setStatus(id: string, status: 'enabled' | 'disabled'): Promise<ConnectionView | undefined> {
    const row = await this.deps.db.models.Connection.findByPk(id);
    if (!row) return undefined;
    await row.update({ status });
    return this.describe(row);
  }

  async remove(id: string): Promise<boolean> {
    return (await this.deps.db.models.Connection.destroy({ where: { id } })) > 0;
  }

  /** Tries the connection and remembers the result (shown on the connections screen). */
  async test(id: string): Promise<(TestResult & { connection: ConnectionView }) | undefined> {
    const row = await this.deps.db.models.Connection.findByPk(id);
    if (!row) return undefined;
    const type = this.typeOf(row.type);
    let result: TestResult;
    if (!type) {
      result = {
        ok: false,
        message: {
          ja: `この版では「${row.type}」を使えません。`,
          en: `This version cannot use "${row.type}".`,
        },
      };
    } else {
      try {
        result = await type.test({ connection: row, credentials: this.credentialsOf(row), db: this.deps.db });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        result = { ok: false, message: { ja: `接続できません: ${reason}`, en: `Cannot connect: ${reason}` } };
      }
    }
    await row.update({
      lastTestAt: new Date(this.deps.clock.now()),
      lastTestOk: result.ok,
      lastTestMessage: result.message.en,
    });
    return { ...result, connection: this.describe(row) };
  }

  /** What a node sees: usable, switched off, or missing (deleted, unknown, or another kind). */
  async state(id: string, kind: ConnectionKind): Promise<ConnectionState> {
    const row = await this.deps.db.models.Connection.findByPk(id);
    if (!row || !servesKind(this.typeOf(row.type), kind)) return 'missing';
    return row.status === 'enabled' ? 'ok' : 'disabled';
  }

  /** The type of an existing connection (the adapter picks the provider by it). */
  async typeOfConnection(id: string): Promise<string | undefined> {
    return (await this.deps.db.models.Connection.findByPk(id, { attributes: ['type'] }))?.type;
  }

  /** The opened credentials of a connection, for a connector making a call. */
  credentialsOf(row: ConnectionModel): Record<string, unknown> {
    if (!row.credentials) return {};
    const parsed: unknown = JSON.parse(
      openSecret({ key: this.deps.secretKey, sealed: row.credentials, aad: `connection:${row.id}` }),
    );
    return isRecord(parsed) ? parsed : {};
  }

  private seal(id: string, credentials: Record<string, unknown>): string {
    return sealSecret({
      key: this.deps.secretKey,
      plaintext: JSON.stringify(credentials),
      aad: `connection:${id}`,
    });
  }

  private describe(row: ConnectionModel): ConnectionView {
    const type = this.typeOf(row.type);
    return {
      id: row.id,
      type: row.type,
      kind: type?.kind ?? null,
      typeLabels: type?.labels ?? { ja: row.type, en: row.type },
      name: row.name,
      status: row.status,
      builtin: type?.builtin ?? false,
      settings: visibleSettings(row.settings),
      hasCredentials: row.credentials !== null,
      lastTest: row.lastTestAt
        ? { at: row.lastTestAt.toISOString(), ok: row.lastTestOk === true, message: row.lastTestMessage }
        : null,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}

/** Settings the server keeps for itself (a phone system's token hash): never shown, never set by a client. */
const SERVER_SETTINGS = ['tokenHash'];

function visibleSettings(settings: unknown): Record<string, unknown> {
  if (!isRecord(settings)) return {};
  return Object.fromEntries(Object.entries(settings).filter(([key]) => !SERVER_SETTINGS.includes(key)));
}

function withKeptSettings(input: Record<string, unknown>, stored: unknown): Record<string, unknown> {
  const kept = isRecord(stored)
    ? Object.fromEntries(Object.entries(stored).filter(([key]) => SERVER_SETTINGS.includes(key)))
    : {};
  return { ...visibleSettings(input), ...kept };
}

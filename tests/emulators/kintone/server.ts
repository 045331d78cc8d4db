import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { matches, parseQuery, QueryError } from './query';

/**
 * A kintone REST API emulator on 127.0.0.1 (seed-spec §2.2): apps with field definitions, records
 * with $id/$revision and an updated-time field, the query subset, revision checks, bulk ≤ 100, the
 * form fields API, token → app → permission binding, an optional Basic-auth gate, CB_VA01
 * validation and 429 GAIA_TO04 on demand.
 */

export interface FieldDef {
  code: string;
  type: string;
  label?: string;
  required?: boolean;
  unique?: boolean;
  /** SUBTABLE: the fields inside it. */
  fields?: FieldDef[];
}

export interface Permissions {
  view: boolean;
  add: boolean;
  edit: boolean;
}

export interface EmulatorApp {
  id: string;
  fields: FieldDef[];
  records: Map<number, StoredRecord>;
  nextId: number;
}

export interface StoredRecord {
  id: number;
  revision: number;
  values: Record<string, unknown>;
}

export interface KintoneEmulatorOptions {
  basicAuth?: { user: string; password: string };
  /** Field code of the updated-time field of every app (kintone names it per locale). */
  updatedTimeCode?: string;
  /** "Now" for updated times the emulator stamps. */
  now?: () => number;
}

export interface KintoneEmulator {
  url: string;
  apps: Map<string, EmulatorApp>;
  /** Requests seen, by "METHOD path". */
  requests: string[];
  addApp(options: { id: string; fields: FieldDef[] }): EmulatorApp;
  addToken(options: { token: string; appId: string; permissions: Partial<Permissions> }): void;
  /** Inserts a record as kintone would store it (bypassing permissions), with a chosen updated time. */
  seed(appId: string, values: Record<string, unknown>, updatedAt: string): StoredRecord;
  /** Edits a record as a kintone user would (new revision and updated time). */
  edit(appId: string, id: number, values: Record<string, unknown>, updatedAt: string): void;
  /** The next `count` requests answer with this failure (default 429 GAIA_TO04). */
  failNext(count: number, failure?: { status: number; code: string }): void;
  /**
   * Lets `count` more record reads (GET records.json) through, then holds the next ones until
   * `release()`: a test sees a sync stopped between two pages, without any timing.
   */
  holdReadsAfter(count: number): void;
  release(): void;
  /** Record reads waiting for `release()`. */
  heldReads(): number;
  close(): Promise<void>;
}

const MESSAGES: Record<string, { ja: string; en: string }> = {
  CB_VA01: { ja: '入力内容が正しくありません。', en: 'Missing or invalid input.' },
  CB_IL02: { ja: '不正なリクエストです。', en: 'Illegal request.' },
  CB_IJ01: { ja: '不正なJSON文字列です。', en: 'Invalid JSON string.' },
  GAIA_IA02: {
    ja: '指定したAPIトークンが正しくありません。',
    en: 'The specified API token does not match the API token generated via an app.',
  },
  CB_NO02: { ja: '権限がありません。', en: 'No privilege to proceed.' },
  GAIA_AP01: { ja: '指定したアプリが存在しません。', en: 'The app does not exist.' },
  GAIA_RE01: { ja: '指定したレコードが存在しません。', en: 'The specified record was not found.' },
  GAIA_CO02: { ja: '指定したリビジョンは最新ではありません。', en: 'The revision is not the latest.' },
  GAIA_TO04: { ja: '同時に処理できるリクエストの上限を超えています。', en: 'Too many concurrent requests.' },
  CB_AU01: { ja: 'ログインしてください。', en: 'Please login.' },
  INTERNAL: { ja: '内部エラー', en: 'Internal error' },
};

class KintoneFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly errors?: Record<string, { messages: string[] }>,
  ) {
    super(code);
  }
}

const SYSTEM_TYPES = new Set([
  'RECORD_NUMBER',
  'UPDATED_TIME',
  'CREATED_TIME',
  'CREATOR',
  'MODIFIER',
  '__ID__',
  '__REVISION__',
]);

/** Starts the emulator on an ephemeral loopback port. */
export async function startKintoneEmulator(options: KintoneEmulatorOptions = {}): Promise<KintoneEmulator> {
  const updatedCode = options.updatedTimeCode ?? '更新日時';
  const now = options.now ?? (() => Date.now());
  const apps = new Map<string, EmulatorApp>();
  const tokens = new Map<string, { appId: string; permissions: Permissions }>();
  const requests: string[] = [];
  const failures: Array<{ status: number; code: string }> = [];
  let readsLeft = Number.POSITIVE_INFINITY;
  let held: Array<() => void> = [];
  const releaseAll = () => {
    readsLeft = Number.POSITIVE_INFINITY;
    const waiting = held;
    held = [];
    for (const resume of waiting) resume();
  };

  const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

  function defaultFields(): FieldDef[] {
    return [
      { code: 'レコード番号', type: 'RECORD_NUMBER' },
      { code: updatedCode, type: 'UPDATED_TIME' },
      { code: '作成日時', type: 'CREATED_TIME' },
    ];
  }

  function app(appId: unknown): EmulatorApp {
    const found = apps.get(String(appId));
    if (!found) throw new KintoneFault(404, 'GAIA_AP01');
    return found;
  }

  function authorize(req: http.IncomingMessage, appId: unknown, need: keyof Permissions): EmulatorApp {
    const header = req.headers['x-cybozu-api-token'];
    const list = (Array.isArray(header) ? header.join(',') : (header ?? ''))
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    if (list.length === 0) throw new KintoneFault(401, 'CB_AU01');
    if (list.length > 9) throw new KintoneFault(400, 'CB_IL02');
    const target = app(appId);
    const bound = list.map((token) => tokens.get(token)).filter((entry) => entry?.appId === target.id);
    if (bound.length === 0) throw new KintoneFault(400, 'GAIA_IA02');
    if (!bound.some((entry) => entry?.permissions[need])) throw new KintoneFault(403, 'CB_NO02');
    return target;
  }

  function flatFields(target: EmulatorApp): FieldDef[] {
    return target.fields;
  }

  function readValue(record: StoredRecord, code: string): string | string[] {
    if (code === '$id') return String(record.id);
    if (code === '$revision') return String(record.revision);
    const value = record.values[code];
    if (Array.isArray(value)) return value.map(String);
    if (typeof value === 'string') return value;
    return value === undefined || value === null ? '' : JSON.stringify(value);
  }

  function toJson(target: EmulatorApp, record: StoredRecord, fields?: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {
      $id: { type: '__ID__', value: String(record.id) },
      $revision: { type: '__REVISION__', value: String(record.revision) },
    };
    for (const field of target.fields) {
      if (fields && !fields.includes(field.code)) continue;
      const value = field.type === 'RECORD_NUMBER' ? String(record.id) : (record.values[field.code] ?? '');
      out[field.code] = { type: field.type, value };
    }
    return out;
  }

  /** Validates a write; `prefix` is `record` or `records[i]`. Returns the values to store. */
  function validate(
    target: EmulatorApp,
    input: unknown,
    prefix: string,
    existing?: StoredRecord,
  ): Record<string, unknown> {
    const values: Record<string, unknown> = existing ? { ...existing.values } : {};
    const record = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
    for (const field of target.fields) {
      if (SYSTEM_TYPES.has(field.type)) continue;
      const sent = record[field.code];
      if (typeof sent === 'object' && sent !== null && 'value' in sent) values[field.code] = sent.value;
    }
    const errors: Record<string, { messages: string[] }> = {};
    for (const field of target.fields) {
      if (SYSTEM_TYPES.has(field.type)) continue;
      const value = values[field.code];
      const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
      if (field.required && empty) errors[`${prefix}.${field.code}.value`] = { messages: ['必須です。'] };
      if (field.type === 'NUMBER' && !empty && !Number.isFinite(Number(value))) {
        errors[`${prefix}[${field.code}].value`] = { messages: ['数字でなければなりません。'] };
      }
      if (field.type === 'LINK' && typeof value === 'string' && /\s|,/.test(value)) {
        errors[`${prefix}.${field.code}.value`] = { messages: ['URLの形式が正しくありません。'] };
      }
      if (field.unique && !empty) {
        for (const other of target.records.values()) {
          if (other !== existing && other.values[field.code] === value) {
            errors[`${prefix}.${field.code}.value`] = { messages: ['値がほかのレコードと重複しています。'] };
          }
        }
      }
    }
    if (Object.keys(errors).length > 0) throw new KintoneFault(400, 'CB_VA01', errors);
    return values;
  }

  function insert(target: EmulatorApp, values: Record<string, unknown>, updatedAt: string): StoredRecord {
    const record: StoredRecord = {
      id: target.nextId,
      revision: 1,
      values: { ...values, [updatedCode]: updatedAt, 作成日時: updatedAt },
    };
    target.nextId += 1;
    target.records.set(record.id, record);
    return record;
  }

  function findForUpdate(target: EmulatorApp, entry: Record<string, unknown>): StoredRecord | undefined {
    if (entry.id !== undefined && entry.updateKey !== undefined) throw new KintoneFault(400, 'CB_IL02');
    if (entry.id !== undefined) return target.records.get(Number(entry.id));
    const key = entry.updateKey as { field?: string; value?: unknown } | undefined;
    if (!key?.field) throw new KintoneFault(400, 'CB_IL02');
    const field = target.fields.find((f) => f.code === key.field);
    if (!field?.unique) throw new KintoneFault(400, 'CB_IL02');
    return [...target.records.values()].find((r) => r.values[key.field ?? ''] === key.value);
  }

  function update(
    target: EmulatorApp,
    entry: Record<string, unknown>,
    prefix: string,
    upsert: boolean,
  ): { id: string; revision: string; created: boolean } {
    const existing = findForUpdate(target, entry);
    if (!existing) {
      if (!upsert) throw new KintoneFault(404, 'GAIA_RE01');
      const key = entry.updateKey as { field: string; value: unknown };
      const values = validate(
        target,
        { ...(entry.record as object), [key.field]: { value: key.value } },
        prefix,
      );
      const created = insert(target, values, stamp(now()));
      return { id: String(created.id), revision: '1', created: true };
    }
    const revision = entry.revision === undefined ? -1 : Number(entry.revision);
    if (revision !== -1 && revision !== existing.revision) throw new KintoneFault(409, 'GAIA_CO02');
    existing.values = { ...validate(target, entry.record, prefix, existing), [updatedCode]: stamp(now()) };
    existing.revision += 1;
    return { id: String(existing.id), revision: String(existing.revision), created: false };
  }

  function getRecords(req: http.IncomingMessage, params: Record<string, unknown>): unknown {
    const target = authorize(req, params.app, 'view');
    let parsed;
    try {
      parsed = parseQuery(typeof params.query === 'string' ? params.query : '');
    } catch (error) {
      if (error instanceof QueryError)
        throw new KintoneFault(400, 'CB_VA01', { query: { messages: [error.message] } });
      throw error;
    }
    const limit = parsed.limit ?? 100;
    const offset = parsed.offset ?? 0;
    if (limit > 500)
      throw new KintoneFault(400, 'CB_VA01', { query: { messages: ['limit must be 500 or less'] } });
    if (offset > 10000)
      throw new KintoneFault(400, 'CB_VA01', { query: { messages: ['offset must be 10000 or less'] } });
    const all = [...target.records.values()].filter((record) =>
      matches(parsed.where, (code) => readValue(record, code)),
    );
    const order = parsed.orderBy.length > 0 ? parsed.orderBy : [{ field: '$id', desc: true }];
    all.sort((a, b) => {
      for (const { field, desc } of order) {
        const left = readValue(a, field);
        const right = readValue(b, field);
        const l = Array.isArray(left) ? left.join(',') : left;
        const r = Array.isArray(right) ? right.join(',') : right;
        const diff = field === '$id' ? Number(l) - Number(r) : l < r ? -1 : l > r ? 1 : 0;
        if (diff !== 0) return desc ? -diff : diff;
      }
      return 0;
    });
    const fields = Array.isArray(params.fields) ? params.fields.map(String) : undefined;
    return {
      records: all.slice(offset, offset + limit).map((record) => toJson(target, record, fields)),
      totalCount: params.totalCount === true || params.totalCount === 'true' ? String(all.length) : null,
    };
  }

  async function route(req: http.IncomingMessage, url: URL, body: Record<string, unknown>): Promise<unknown> {
    const override = req.headers['x-http-method-override'];
    const method = req.method === 'POST' && override === 'GET' ? 'GET' : (req.method ?? 'GET');
    const params: Record<string, unknown> = { ...body };
    for (const [key, value] of url.searchParams) {
      if (key.endsWith('[]') || /\[\d+\]$/.test(key)) {
        const name = key.replace(/\[\d*\]$/, '');
        params[name] = [...(Array.isArray(params[name]) ? (params[name] as unknown[]) : []), value];
      } else params[key] = value;
    }
    const path = url.pathname;
    if (path === '/k/v1/records.json' && method === 'GET') {
      if (readsLeft <= 0) await new Promise<void>((resume) => held.push(resume));
      else readsLeft -= 1;
      return getRecords(req, params);
    }
    if (path === '/k/v1/record.json' && method === 'GET') {
      const target = authorize(req, params.app, 'view');
      const record = target.records.get(Number(params.id));
      if (!record) throw new KintoneFault(404, 'GAIA_RE01');
      return { record: toJson(target, record) };
    }
    if (path === '/k/v1/app/form/fields.json' && method === 'GET') {
      const target = authorize(req, params.app, 'view');
      const properties: Record<string, unknown> = {};
      for (const field of flatFields(target)) {
        properties[field.code] = {
          type: field.type,
          code: field.code,
          label: field.label ?? field.code,
          ...(field.required === undefined ? {} : { required: field.required }),
          ...(field.unique === undefined ? {} : { unique: field.unique }),
          ...(field.fields
            ? {
                fields: Object.fromEntries(
                  field.fields.map((inner) => [
                    inner.code,
                    { type: inner.type, code: inner.code, label: inner.label ?? inner.code },
                  ]),
                ),
              }
            : {}),
        };
      }
      return { properties, revision: '1' };
    }
    if (path === '/k/v1/record.json' && method === 'POST') {
      const target = authorize(req, body.app, 'add');
      const record = insert(target, validate(target, body.record, 'record'), stamp(now()));
      return { id: String(record.id), revision: '1' };
    }
    if (path === '/k/v1/records.json' && method === 'POST') {
      const target = authorize(req, body.app, 'add');
      const list = Array.isArray(body.records) ? body.records : [];
      if (list.length === 0 || list.length > 100)
        throw new KintoneFault(400, 'CB_VA01', { records: { messages: ['1〜100件を指定してください。'] } });
      const values = list.map((record, index) => validate(target, record, `records[${index}]`));
      const created = values.map((value) => insert(target, value, stamp(now())));
      return { ids: created.map((r) => String(r.id)), revisions: created.map(() => '1') };
    }
    if (path === '/k/v1/record.json' && method === 'PUT') {
      const target = authorize(req, body.app, 'edit');
      const result = update(target, body, 'record', false);
      return { revision: result.revision };
    }
    if (path === '/k/v1/records.json' && method === 'PUT') {
      const upsert = body.upsert === true;
      const target = authorize(req, body.app, 'edit');
      if (upsert) authorize(req, body.app, 'add');
      const list = Array.isArray(body.records) ? (body.records as Array<Record<string, unknown>>) : [];
      if (list.length === 0 || list.length > 100)
        throw new KintoneFault(400, 'CB_VA01', { records: { messages: ['1〜100件を指定してください。'] } });
      const results = list.map((entry, index) => update(target, entry, `records[${index}]`, upsert));
      return { records: results.map(({ id, revision }) => ({ id, revision })) };
    }
    throw new KintoneFault(404, 'CB_IL02');
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      requests.push(`${req.method ?? ''} ${url.pathname}`);
      const language = (req.headers['accept-language'] ?? 'ja').startsWith('en') ? 'en' : 'ja';
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(payload));
      };
      const fault = (error: KintoneFault) => {
        const text = MESSAGES[error.code] ?? MESSAGES.INTERNAL ?? { ja: '', en: '' };
        const headers: Record<string, string> =
          error.code === 'GAIA_TO04'
            ? { 'x-concurrencylimit-limit': '100', 'x-concurrencylimit-running': '100' }
            : {};
        send(
          error.status,
          {
            code: error.code,
            id: Math.random().toString(36).slice(2),
            message: text[language],
            ...(error.errors ? { errors: error.errors } : {}),
          },
          headers,
        );
      };
      if (options.basicAuth) {
        const expected = `Basic ${Buffer.from(`${options.basicAuth.user}:${options.basicAuth.password}`).toString('base64')}`;
        if (req.headers.authorization !== expected) {
          res.writeHead(401, { 'www-authenticate': 'Basic realm="kintone"', 'content-type': 'text/html' });
          res.end('<html><body>401 Authorization Required</body></html>');
          return;
        }
      }
      const failure = failures.shift();
      if (failure) {
        fault(new KintoneFault(failure.status, failure.code));
        return;
      }
      let body: Record<string, unknown> = {};
      if (chunks.length > 0) {
        try {
          const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
        } catch {
          fault(new KintoneFault(400, 'CB_IJ01'));
          return;
        }
      }
      route(req, url, body).then(
        (payload) => send(200, payload),
        (error: unknown) => {
          if (error instanceof KintoneFault) fault(error);
          else fault(new KintoneFault(500, 'INTERNAL'));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${address.port}`,
    apps,
    requests,
    addApp: ({ id, fields }) => {
      const created: EmulatorApp = {
        id,
        fields: [...defaultFields(), ...fields],
        records: new Map(),
        nextId: 1,
      };
      apps.set(id, created);
      return created;
    },
    addToken: ({ token, appId, permissions }) => {
      tokens.set(token, { appId, permissions: { view: false, add: false, edit: false, ...permissions } });
    },
    seed: (appId, values, updatedAt) => insert(app(appId), values, updatedAt),
    edit: (appId, id, values, updatedAt) => {
      const record = app(appId).records.get(id);
      if (!record) throw new Error(`no record ${id}`);
      record.values = { ...record.values, ...values, [updatedCode]: updatedAt };
      record.revision += 1;
    },
    failNext: (count, failure = { status: 429, code: 'GAIA_TO04' }) => {
      for (let index = 0; index < count; index += 1) failures.push(failure);
    },
    holdReadsAfter: (count) => {
      readsLeft = count;
    },
    release: releaseAll,
    heldReads: () => held.length,
    close: () =>
      new Promise<void>((resolve) => {
        releaseAll();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

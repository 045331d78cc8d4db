import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Salesforce REST emulator on 127.0.0.1 (seed-spec §2.8): the OAuth token endpoint (refresh grant,
 * `instance_url` pointing back here), Contacts / Leads / Accounts with phones, SOSL
 * `FIND {digits} IN PHONE FIELDS RETURNING …` with digit-normalised matching, the one SOQL query
 * the connector makes (Task by CallObject), Task create / update with picklist validation, and
 * array-shaped errors. State is in memory; failures can be injected.
 */

export interface SalesforceRecord {
  Id: string;
  Name: string;
  Phone?: string;
  MobilePhone?: string;
}

export interface SalesforceFailure {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface SalesforceEmulator {
  url: string;
  client: { id: string; secret: string };
  objects: Record<'Contact' | 'Lead' | 'Account', SalesforceRecord[]>;
  tasks: Array<Record<string, unknown>>;
  requests: string[];
  addRefreshToken(token: string): void;
  revokeRefreshToken(token: string): void;
  /** Every session handed out so far ends (as a session timeout would). */
  expireSessions(): void;
  failNext(options: { count?: number; prefix?: string; method?: string; failure: SalesforceFailure }): void;
  close(): Promise<void>;
}

const PICKLISTS: Record<string, string[]> = {
  Status: ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'],
  CallType: ['Inbound', 'Outbound', 'Internal'],
  TaskSubtype: ['Task', 'Email', 'Call', 'ListEmail', 'Cadence'],
  Priority: ['High', 'Normal', 'Low'],
};

/** Digits only, a Japanese +81 number in its national form, so 03-1234-5678 and +81312345678 meet. */
function normalise(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.startsWith('81') && phone.trim().startsWith('+') ? `0${digits.slice(2)}` : digits;
}

export async function startSalesforceEmulator(): Promise<SalesforceEmulator> {
  const client = { id: '3MVG9.CLIENT', secret: 'sf-secret' };
  const refreshTokens = new Set<string>();
  const sessions = new Set<string>();
  const failures: Array<{ count: number; prefix: string; method?: string; failure: SalesforceFailure }> = [];
  const objects: SalesforceEmulator['objects'] = { Contact: [], Lead: [], Account: [] };
  const tasks: Array<Record<string, unknown>> = [];
  const requests: string[] = [];
  let issued = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? 'GET';
      const raw = Buffer.concat(chunks).toString('utf8');
      requests.push(`${method} ${url.pathname}`);
      const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body === undefined ? '' : JSON.stringify(body));
      };
      const error = (status: number, errorCode: string, message: string, fields: string[] = []) =>
        send(status, [{ message, errorCode, fields }]);

      if (url.pathname === '/services/oauth2/token' && method === 'POST') {
        const form = new URLSearchParams(raw);
        if (form.get('client_id') !== client.id) {
          return send(400, { error: 'invalid_client_id', error_description: 'client identifier invalid' });
        }
        if (form.get('client_secret') !== client.secret) {
          return send(400, { error: 'invalid_client', error_description: 'invalid client credentials' });
        }
        if (!refreshTokens.has(form.get('refresh_token') ?? '')) {
          return send(400, { error: 'invalid_grant', error_description: 'expired access/refresh token' });
        }
        issued += 1;
        const token = `00D.session.${issued}`;
        sessions.add(token);
        return send(200, {
          access_token: token,
          instance_url: emulator.url,
          token_type: 'Bearer',
          issued_at: '0',
        });
      }

      const injected = failures.find(
        (entry) =>
          url.pathname.startsWith(entry.prefix) &&
          (entry.method === undefined || entry.method === method) &&
          entry.count > 0,
      );
      if (injected) {
        injected.count -= 1;
        return send(injected.failure.status, injected.failure.body, injected.failure.headers);
      }
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
      if (!bearer || !sessions.has(bearer[1] ?? ''))
        return error(401, 'INVALID_SESSION_ID', 'Session expired or invalid');

      const path = url.pathname.replace(/^\/services\/data\/v\d+\.\d+/, '');
      if (path === '/limits/' || path === '/limits')
        return send(200, { DailyApiRequests: { Max: 15000, Remaining: 14999 } });
      if (path === '/search/' && method === 'GET') {
        const match = /^FIND \{([^}]*)\} IN PHONE FIELDS RETURNING (.+)$/.exec(
          url.searchParams.get('q') ?? '',
        );
        if (!match) return error(400, 'MALFORMED_SEARCH', 'unexpected SOSL');
        const wanted = normalise(match[1] ?? '');
        const types = [...(match[2] ?? '').matchAll(/(Contact|Lead|Account)\(/g)].map((m) => m[1]);
        const searchRecords = types.flatMap((type) =>
          objects[type as 'Contact' | 'Lead' | 'Account']
            .filter((record) =>
              [record.Phone, record.MobilePhone].some((phone) => phone && normalise(phone) === wanted),
            )
            .map((record) => ({
              attributes: { type, url: `/sobjects/${type ?? ''}/${record.Id}` },
              Id: record.Id,
              Name: record.Name,
            })),
        );
        return send(200, { searchRecords });
      }
      if (path === '/query/' && method === 'GET') {
        const match = /CallObject = '((?:[^'\\]|\\.)*)'/.exec(url.searchParams.get('q') ?? '');
        const callObject = (match?.[1] ?? '').replace(/\\(.)/g, '$1');
        const records = tasks
          .filter((task) => task.CallObject === callObject)
          .slice(0, 1)
          .map((task) => ({ Id: task.Id }));
        return send(200, { totalSize: records.length, done: true, records });
      }
      const taskPath = /^\/sobjects\/Task\/?([\w]*)$/.exec(path);
      if (taskPath) {
        const fields = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
        for (const [name, allowed] of Object.entries(PICKLISTS)) {
          const value = fields[name];
          if (value !== undefined && (typeof value !== 'string' || !allowed.includes(value))) {
            return error(
              400,
              'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
              `bad value for restricted picklist field: ${JSON.stringify(value)}`,
              [name],
            );
          }
        }
        for (const ref of ['WhoId', 'WhatId']) {
          const id = fields[ref];
          if (
            id !== undefined &&
            ![...objects.Contact, ...objects.Lead, ...objects.Account].some((r) => r.Id === id)
          ) {
            return error(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [ref]);
          }
        }
        if (method === 'POST' && !taskPath[1]) {
          const id = `00T${String(tasks.length + 1).padStart(12, '0')}`;
          tasks.push({ ...fields, Id: id, IsClosed: fields.Status === 'Completed' });
          return send(201, { id, success: true, errors: [] });
        }
        if (method === 'PATCH' && taskPath[1]) {
          const task = tasks.find((candidate) => candidate.Id === taskPath[1]);
          if (!task) return error(404, 'NOT_FOUND', 'The requested resource does not exist');
          if ('TaskSubtype' in fields)
            return error(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', 'TaskSubtype is set at creation', [
              'TaskSubtype',
            ]);
          Object.assign(task, fields, { IsClosed: (fields.Status ?? task.Status) === 'Completed' });
          return send(204);
        }
      }
      error(404, 'NOT_FOUND', 'The requested resource does not exist');
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const emulator: SalesforceEmulator = {
    url: `http://127.0.0.1:${port}`,
    client,
    objects,
    tasks,
    requests,
    addRefreshToken: (token) => void refreshTokens.add(token),
    revokeRefreshToken: (token) => void refreshTokens.delete(token),
    expireSessions: () => sessions.clear(),
    failNext: ({ count = 1, prefix = '/', method, failure }) =>
      void failures.push({ count, prefix, ...(method === undefined ? {} : { method }), failure }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return emulator;
}

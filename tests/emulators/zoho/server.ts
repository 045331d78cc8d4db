import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Zoho emulator on 127.0.0.1 (seed-spec §2.3–§2.6), one port for every service: the accounts
 * token endpoint (authorisation code and refresh grants, `api_domain` pointing back here), CRM
 * inserts with a duplicate check on Email and the search API, Desk organisations / departments /
 * agents / tickets (INVALID_DATA with JSON-pointer field names), Campaigns listsubscribe. State is
 * in memory and inspectable; failures can be injected.
 */

export interface ZohoFailure {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface ZohoEmulator {
  url: string;
  client: { id: string; secret: string };
  /** CRM records by module (Leads, Contacts, Deals). */
  records: Map<string, Array<Record<string, unknown>>>;
  departments: Map<string, { name: string; isEnabled: boolean }>;
  agents: Map<string, { name: string; status: 'ACTIVE' | 'DISABLED' | 'DELETED' }>;
  tickets: Array<Record<string, unknown>>;
  /** Subscribers by list key. */
  lists: Map<string, Array<Record<string, unknown>>>;
  /** Requests seen, as "METHOD path". */
  requests: string[];
  /** A code the authorisation-code grant accepts, giving out `refreshToken`. */
  addAuthorizationCode(code: string, refreshToken: string): void;
  addRefreshToken(token: string): void;
  revokeRefreshToken(token: string): void;
  /** Every access token handed out so far stops working (as an hour passing would). */
  expireAccessTokens(): void;
  /** `expires_in` of the next tokens (seconds). */
  setExpiresIn(seconds: number): void;
  /** Scopes the tokens carry; a missing `ZohoCRM.modules.ALL` answers OAUTH_SCOPE_MISMATCH. */
  setScopes(scopes: string[]): void;
  /**
   * The next `count` API calls (not token calls) whose path starts with `prefix` (and whose method
   * is `method`, when given) answer `failure`.
   */
  failNext(options: { count?: number; prefix?: string; method?: string; failure: ZohoFailure }): void;
  close(): Promise<void>;
}

export const EMULATOR_ORG_ID = '70001234';

/** Starts the emulator on an ephemeral port of 127.0.0.1. */
export async function startZohoEmulator(): Promise<ZohoEmulator> {
  const client = { id: '1000.CLIENT', secret: 'client-secret' };
  const codes = new Map<string, string>();
  const refreshTokens = new Set<string>();
  const accessTokens = new Set<string>();
  const failures: Array<{ count: number; prefix: string; method?: string; failure: ZohoFailure }> = [];
  let expiresIn = 3600;
  let scopes = ['ZohoCRM.modules.ALL', 'Desk.tickets.ALL', 'Desk.basic.READ', 'ZohoCampaigns.contact.ALL'];
  let issued = 0;
  let nextId = 5_000_000_000_000;
  let ticketNumber = 100;
  const records = new Map<string, Array<Record<string, unknown>>>([
    ['Leads', []],
    ['Contacts', []],
    ['Deals', []],
  ]);
  const departments = new Map<string, { name: string; isEnabled: boolean }>();
  const agents = new Map<string, { name: string; status: 'ACTIVE' | 'DISABLED' | 'DELETED' }>();
  const tickets: Array<Record<string, unknown>> = [];
  const lists = new Map<string, Array<Record<string, unknown>>>();
  const requests: string[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = Buffer.concat(chunks).toString('utf8');
      requests.push(`${req.method ?? 'GET'} ${url.pathname}`);
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body === undefined ? '' : JSON.stringify(body));
      };

      if (url.pathname === '/oauth/v2/token' && req.method === 'POST') {
        const form = new URLSearchParams(raw);
        if (form.get('client_id') !== client.id || form.get('client_secret') !== client.secret) {
          return send(200, { error: 'invalid_client' });
        }
        let refresh: string | undefined;
        if (form.get('grant_type') === 'authorization_code') {
          refresh = codes.get(form.get('code') ?? '');
          if (refresh) codes.delete(form.get('code') ?? '');
        } else if (form.get('grant_type') === 'refresh_token') {
          const given = form.get('refresh_token') ?? '';
          refresh = refreshTokens.has(given) ? given : undefined;
        }
        if (!refresh) return send(200, { error: 'invalid_code' });
        refreshTokens.add(refresh);
        issued += 1;
        const accessToken = `1000.access.${issued}`;
        accessTokens.add(accessToken);
        return send(200, {
          access_token: accessToken,
          ...(form.get('grant_type') === 'authorization_code' ? { refresh_token: refresh } : {}),
          api_domain: emulator.url,
          token_type: 'Bearer',
          expires_in: expiresIn,
          scope: scopes.join(','),
        });
      }

      const injected = failures.find(
        (entry) =>
          url.pathname.startsWith(entry.prefix) &&
          (entry.method === undefined || entry.method === req.method) &&
          entry.count > 0,
      );
      if (injected) {
        injected.count -= 1;
        return send(injected.failure.status, injected.failure.body, injected.failure.headers);
      }

      const auth = /^Zoho-oauthtoken (.+)$/.exec(req.headers.authorization ?? '');
      const isDesk = url.pathname.startsWith('/api/v1/');
      const isCampaigns = url.pathname.startsWith('/api/v1.1/');
      if (!auth || !accessTokens.has(auth[1] ?? '')) {
        if (isCampaigns) return send(401, { status: 'error', code: '1007', message: 'Unauthorized' });
        if (isDesk) return send(401, { errorCode: 'INVALID_OAUTH', message: 'The OAuth Token is invalid' });
        return send(401, {
          code: 'INVALID_TOKEN',
          details: {},
          message: 'invalid oauth token',
          status: 'error',
        });
      }

      if (isCampaigns) return campaigns(url, raw, send);
      if (isDesk) return desk({ url, raw, method: req.method ?? 'GET', orgId: req.headers.orgid, send });
      return crm({ url, raw, method: req.method ?? 'GET', send });
    });
  });

  type Send = (status: number, body: unknown, headers?: Record<string, string>) => void;

  function crm(input: { url: URL; raw: string; method: string; send: Send }): void {
    const { url, send } = input;
    if (!scopes.includes('ZohoCRM.modules.ALL')) {
      return send(401, {
        code: 'OAUTH_SCOPE_MISMATCH',
        details: {},
        message: 'invalid oauth scope',
        status: 'error',
      });
    }
    if (url.pathname === '/crm/v7/org') return send(200, { org: [{ id: '1', company_name: 'Emulated' }] });
    if (url.pathname === '/crm/v7/settings/fields') {
      const names: Record<string, string[]> = {
        Leads: ['Last_Name', 'Company', 'Email', 'Phone', 'Lead_Source', 'Owner', 'Chat_Topic'],
        Contacts: ['Last_Name', 'Email', 'Phone', 'Owner'],
        Deals: ['Deal_Name', 'Stage', 'Pipeline', 'Amount', 'Closing_Date', 'Contact_Name', 'Owner'],
      };
      const types: Record<string, string> = {
        Email: 'email',
        Phone: 'phone',
        Lead_Source: 'picklist',
        Stage: 'picklist',
        Pipeline: 'picklist',
        Amount: 'currency',
        Closing_Date: 'date',
        Contact_Name: 'lookup',
        Owner: 'ownerlookup',
      };
      const module = url.searchParams.get('module') ?? '';
      const list = names[module];
      if (!list)
        return send(400, { code: 'INVALID_MODULE', details: {}, message: 'invalid module', status: 'error' });
      return send(200, {
        fields: list.map((name) => ({
          api_name: name,
          field_label: name.replace(/_/g, ' '),
          system_mandatory: ['Last_Name', 'Deal_Name', 'Stage'].includes(name),
          data_type: types[name] ?? 'text',
        })),
      });
    }
    const search = /^\/crm\/v7\/(\w+)\/search$/.exec(url.pathname);
    if (search && input.method === 'GET') {
      const module = records.get(search[1] ?? '') ?? [];
      const email = url.searchParams.get('email');
      const phone = url.searchParams.get('phone');
      const found = module.filter(
        (record) => (email && record.Email === email) || (phone && record.Phone === phone),
      );
      return found.length === 0
        ? send(204, undefined)
        : send(200, { data: found, info: { count: found.length } });
    }
    const insert = /^\/crm\/v7\/(\w+)$/.exec(url.pathname);
    const module = insert ? records.get(insert[1] ?? '') : undefined;
    if (!insert || !module || input.method !== 'POST') {
      return send(400, {
        code: 'INVALID_MODULE',
        details: {},
        message: 'the module name given seems to be invalid',
        status: 'error',
      });
    }
    const body: unknown = JSON.parse(input.raw);
    const data = (body as { data?: Array<Record<string, unknown>> }).data ?? [];
    const mandatory: Record<string, string[]> = {
      Leads: ['Last_Name'],
      Contacts: ['Last_Name'],
      Deals: ['Deal_Name', 'Stage'],
    };
    const results = data.map((record) => {
      const missing = (mandatory[insert[1] ?? ''] ?? []).find((name) => !record[name]);
      if (missing) {
        return {
          code: 'MANDATORY_NOT_FOUND',
          details: { api_name: missing, json_path: `$.data[0].${missing}` },
          message: 'required field not found',
          status: 'error',
        };
      }
      if (record.Email !== undefined && typeof record.Email === 'string' && !record.Email.includes('@')) {
        return {
          code: 'INVALID_DATA',
          details: { api_name: 'Email', json_path: '$.data[0].Email' },
          message: 'invalid data',
          status: 'error',
        };
      }
      const existing = record.Email ? module.find((other) => other.Email === record.Email) : undefined;
      if (existing) {
        return {
          code: 'DUPLICATE_DATA',
          details: {
            api_name: 'Email',
            json_path: '$.data[0].Email',
            duplicate_record: { id: existing.id, module: { api_name: insert[1] } },
          },
          message: 'duplicate data',
          status: 'error',
        };
      }
      nextId += 1;
      const id = String(nextId);
      module.push({ ...record, id });
      return {
        code: 'SUCCESS',
        details: { id, Created_Time: '2026-11-22T09:00:00+09:00' },
        message: 'record added',
        status: 'success',
      };
    });
    const ok = results.filter((result) => result.status === 'success').length;
    send(ok === results.length ? 201 : ok === 0 ? 400 : 207, { data: results });
  }

  function desk(input: {
    url: URL;
    raw: string;
    method: string;
    orgId: string | string[] | undefined;
    send: Send;
  }): void {
    const { url, send } = input;
    if (url.pathname === '/api/v1/organizations') {
      return send(200, { data: [{ id: EMULATOR_ORG_ID, companyName: 'Emulated', isDefault: true }] });
    }
    if (input.orgId !== EMULATOR_ORG_ID) {
      return send(400, {
        errorCode: 'INVALID_DATA',
        message: 'orgId missing or wrong',
        errors: [{ fieldName: 'orgId', errorType: 'invalid' }],
      });
    }
    if (url.pathname === '/api/v1/departments') {
      return send(200, { data: [...departments].map(([id, department]) => ({ id, ...department })) });
    }
    const department = /^\/api\/v1\/departments\/([\w-]+)$/.exec(url.pathname);
    if (department) {
      const found = departments.get(department[1] ?? '');
      return found
        ? send(200, { id: department[1], ...found })
        : send(404, { errorCode: 'URL_NOT_FOUND', message: 'not found' });
    }
    const agent = /^\/api\/v1\/agents\/([\w-]+)$/.exec(url.pathname);
    if (agent) {
      const found = agents.get(agent[1] ?? '');
      return found
        ? send(200, { id: agent[1], ...found })
        : send(404, { errorCode: 'URL_NOT_FOUND', message: 'not found' });
    }
    if (url.pathname === '/api/v1/tickets' && input.method === 'POST') {
      const body = JSON.parse(input.raw) as Record<string, unknown>;
      const invalid = (fieldName: string, errorType: string) =>
        send(422, {
          errorCode: 'INVALID_DATA',
          message: 'An invalid value was given',
          errors: [{ fieldName, errorType, errorMessage: `${fieldName} is ${errorType}` }],
        });
      if (!body.subject) return invalid('/subject', 'missing');
      const dept = departments.get(typeof body.departmentId === 'string' ? body.departmentId : '');
      if (!dept || !dept.isEnabled)
        return invalid('/departmentId', body.departmentId ? 'invalid' : 'missing');
      if (
        body.assigneeId !== undefined &&
        agents.get(typeof body.assigneeId === 'string' ? body.assigneeId : '')?.status !== 'ACTIVE'
      ) {
        return invalid('/assigneeId', 'invalid');
      }
      if (!body.contactId && !body.contact) return invalid('/contactId', 'missing');
      nextId += 1;
      ticketNumber += 1;
      const ticket = {
        ...body,
        id: String(nextId),
        ticketNumber: String(ticketNumber),
        contactId: `c-${String((body.contact as { email?: string } | undefined)?.email ?? nextId)}`,
        statusType: 'Open',
      };
      tickets.push(ticket);
      return send(200, ticket);
    }
    send(404, { errorCode: 'URL_NOT_FOUND', message: 'not found' });
  }

  function campaigns(url: URL, raw: string, send: Send): void {
    if (url.pathname === '/api/v1.1/getmailinglists') {
      const details = [...lists.keys()].map((listkey) => ({ listkey, listname: `List ${listkey}` }));
      return send(200, { status: 'success', code: '0', list_of_details: details });
    }
    if (url.pathname !== '/api/v1.1/json/listsubscribe')
      return send(404, { status: 'error', code: '404', message: 'not found' });
    const form = new URLSearchParams(raw);
    const list = lists.get(form.get('listkey') ?? '');
    if (!list)
      return send(200, { status: 'error', code: '2501', message: 'Listkey is either empty or invalid.' });
    const info = JSON.parse(form.get('contactinfo') ?? '{}') as Record<string, unknown>;
    const email = typeof info['Contact Email'] === 'string' ? info['Contact Email'] : '';
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      return send(200, { status: 'error', code: '2004', message: 'Invalid email address.' });
    }
    const existing = list.find((entry) => entry['Contact Email'] === email);
    if (existing) Object.assign(existing, info);
    else list.push(info);
    send(200, {
      status: 'success',
      code: '0',
      message: 'A confirmation email is sent to the user.',
      version: '1.1',
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const emulator: ZohoEmulator = {
    url: `http://127.0.0.1:${port}`,
    client,
    records,
    departments,
    agents,
    tickets,
    lists,
    requests,
    addAuthorizationCode: (code, refreshToken) => void codes.set(code, refreshToken),
    addRefreshToken: (token) => void refreshTokens.add(token),
    revokeRefreshToken: (token) => void refreshTokens.delete(token),
    expireAccessTokens: () => accessTokens.clear(),
    setExpiresIn: (seconds) => {
      expiresIn = seconds;
    },
    setScopes: (next) => {
      scopes = next;
    },
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

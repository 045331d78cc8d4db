import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequestNode } from '../../../nodes/logic/http-request';
import type { HttpPort } from '../../../runtime/ports/http';
import type { NodeResult } from '../../../runtime/model/node-definition';
import { T, rejection, run, type ContextOptions } from '../context';

/** The server adapter's job done the simple way: fetch, with the timeout and signal it is given. */
const fetchPort: HttpPort = {
  async request(request) {
    const signals = [AbortSignal.timeout(request.timeoutMs), ...(request.signal ? [request.signal] : [])];
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: AbortSignal.any(signals),
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    return { status: response.status, headers, body: await response.text() };
  },
};

let server: Server;
let base: string;
const hits: string[] = [];

function reply(res: ServerResponse, o: { status?: number; headers?: Record<string, string>; body: string }) {
  res.writeHead(o.status ?? 200, { 'content-type': 'application/json', ...o.headers });
  res.end(o.body);
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  const url = new URL(req.url ?? '/', 'http://localhost');
  hits.push(url.pathname);
  switch (url.pathname) {
    case '/echo':
      return reply(res, {
        body: JSON.stringify({
          method: req.method,
          query: Object.fromEntries(url.searchParams),
          headers: req.headers,
          body,
        }),
      });
    case '/busy':
      return reply(res, { status: 503, headers: { 'retry-after': '7' }, body: '{"error":"busy"}' });
    case '/limited':
      return reply(res, {
        status: 429,
        headers: { 'retry-after': new Date(T + 30_000).toUTCString() },
        body: 'slow down',
      });
    case '/missing':
      return reply(res, { status: 404, body: '{"error":"not found"}' });
    case '/html':
      return reply(res, { headers: { 'content-type': 'text/html' }, body: '<html>hello</html>' });
    case '/empty':
      res.writeHead(204);
      return res.end();
    case '/slow':
      return; // never answers
    default:
      return reply(res, { status: 500, body: 'no route' });
  }
}

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** What /echo saw, from the node's output. */
interface Echo {
  method: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

function echoOf(result: NodeResult): Echo {
  return (result.output as { body: Echo }).body;
}

function call(config: Record<string, unknown>, options: Partial<ContextOptions> = {}) {
  return run(httpRequestNode, {
    config,
    ports: { http: fetchPort },
    settings: { allowPrivateNetwork: true },
    ...options,
  });
}

describe('logic.http_request', () => {
  it('sends query parameters and headers and parses a JSON answer', async () => {
    const result = await call({
      url: `${base}/echo?fixed=1`,
      query: [
        { name: 'q', value: '東京 駅' },
        { name: 'n', value: 5 },
      ],
      headers: [{ name: 'X-Api-Key', value: 'k-123', secret: true }],
    });
    expect(result.branch).toBe('success');
    const output = result.output as { status: number; headers: Record<string, string>; body: Echo };
    expect(output.status).toBe(200);
    expect(output.headers['content-type']).toBe('application/json');
    expect(output.body.method).toBe('GET');
    expect(output.body.query).toEqual({ fixed: '1', q: '東京 駅', n: '5' });
    expect(output.body.headers['x-api-key']).toBe('k-123');
    expect(output.body.headers.accept).toBe('application/json');
  });

  it('posts a JSON body, whether written as JSON text or produced as a value', async () => {
    const text = await call({ method: 'POST', url: `${base}/echo`, body: '{"name":"山田"}' });
    const sent = echoOf(text);
    expect(sent.body).toBe('{"name":"山田"}');
    expect(sent.headers['content-type']).toBe('application/json; charset=utf-8');
    const value = await call({ method: 'PUT', url: `${base}/echo`, body: { id: 1, tags: ['a'] } });
    expect(JSON.parse(echoOf(value).body)).toEqual({ id: 1, tags: ['a'] });
  });

  it('sends the step idempotency key on a POST (not on a GET), and keeps one the user set', async () => {
    const posted = echoOf(await call({ method: 'POST', url: `${base}/echo`, body: '{}' }));
    expect(posted.headers['idempotency-key']).toBe('run-1:3');
    // A retry (after a timeout the receiver may have applied) carries the same key, so it dedupes.
    const retried = echoOf(await call({ method: 'POST', url: `${base}/echo`, body: '{}' }, { attempt: 2 }));
    expect(retried.headers['idempotency-key']).toBe('run-1:3');
    const read = echoOf(await call({ url: `${base}/echo` }));
    expect(read.headers['idempotency-key']).toBeUndefined();
    const own = await call({
      method: 'POST',
      url: `${base}/echo`,
      body: '{}',
      headers: [{ name: 'Idempotency-Key', value: 'order-42' }],
    });
    expect(echoOf(own).headers['idempotency-key']).toBe('order-42');
  });

  it('posts a form body from JSON text or a value', async () => {
    const result = await call({
      method: 'POST',
      url: `${base}/echo`,
      bodyType: 'form',
      body: '{"a":"1","b":"x y"}',
    });
    const sent = echoOf(result);
    expect(sent.body).toBe('a=1&b=x+y');
    expect(sent.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('refuses a JSON body that is not JSON before calling', async () => {
    const before = hits.length;
    const error = await rejection(call({ method: 'POST', url: `${base}/echo`, body: '{"name": ' }));
    expect(error).toMatchObject({ code: 'invalid_json_body', retryable: false });
    expect(hits.length).toBe(before);
  });

  it('takes a text answer as text', async () => {
    const result = await call({ url: `${base}/html`, responseType: 'text' });
    expect((result.output as { body: unknown }).body).toBe('<html>hello</html>');
  });

  it('says clearly when an answer expected as JSON is not JSON', async () => {
    const error = await rejection(call({ url: `${base}/html` }));
    expect(error).toMatchObject({ code: 'invalid_json_response', retryable: false });
    expect(error.message).toContain('text/html');
  });

  it('gives null for an empty JSON answer', async () => {
    const result = await call({ url: `${base}/empty` });
    expect(result.output).toMatchObject({ status: 204, body: null });
  });

  it('makes a 503 retryable, with the wait Retry-After asks for', async () => {
    const error = await rejection(call({ url: `${base}/busy` }));
    expect(error).toMatchObject({ code: 'http_error', retryable: true, retryAfterMs: 7_000 });
    expect(error.details).toMatchObject({ status: 503, body: '{"error":"busy"}' });
  });

  it('reads a Retry-After date relative to the clock', async () => {
    const error = await rejection(call({ url: `${base}/limited` }));
    expect(error).toMatchObject({ code: 'http_error', retryable: true, retryAfterMs: 30_000 });
  });

  it('does not retry a 404', async () => {
    const error = await rejection(call({ url: `${base}/missing` }));
    expect(error).toMatchObject({ code: 'http_error', retryable: false, retryAfterMs: undefined });
    expect(error.details).toMatchObject({ status: 404 });
  });

  it('turns the port timing out into a retryable timeout error', async () => {
    const error = await rejection(call({ url: `${base}/slow`, timeoutMs: 100 }));
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
  });

  it('refuses 127.0.0.1 unless the workflow allows the private network, and never calls it', async () => {
    const before = hits.length;
    const error = await rejection(
      call({ url: `${base}/echo` }, { settings: { allowPrivateNetwork: false } }),
    );
    expect(error).toMatchObject({ code: 'private_address_blocked', retryable: false });
    expect(error.localized?.ja).toContain('allowPrivateNetwork');
    expect(error.localized?.en).toContain('allowPrivateNetwork');
    expect(hits.length).toBe(before);
  });

  it('passes allowPrivateNetwork to the port, which re-checks after DNS', async () => {
    const seen: boolean[] = [];
    const spy: HttpPort = {
      async request(request) {
        seen.push(request.allowPrivateNetwork);
        return { status: 200, headers: {}, body: '{}' };
      },
    };
    await call(
      { url: 'https://api.example.com/' },
      { ports: { http: spy }, settings: { allowPrivateNetwork: false } },
    );
    await call(
      { url: 'https://api.example.com/' },
      { ports: { http: spy }, settings: { allowPrivateNetwork: true } },
    );
    expect(seen).toEqual([false, true]);
  });

  it('refuses other literal private targets and localhost names', async () => {
    for (const url of [
      'http://localhost:8080/',
      'http://api.localhost/',
      'http://10.1.2.3/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://0x7f.1/',
      'http://0.0.0.0/',
    ]) {
      const error = await rejection(call({ url }, { settings: { allowPrivateNetwork: false } }));
      expect(error.code, url).toBe('private_address_blocked');
    }
  });

  it('accepts only http and https URLs', async () => {
    expect(await rejection(call({ url: 'ftp://example.com/file' }))).toMatchObject({
      code: 'unsupported_protocol',
    });
    expect(await rejection(call({ url: 'file:///etc/passwd' }))).toMatchObject({
      code: 'unsupported_protocol',
    });
    expect(await rejection(call({ url: 'not a url' }))).toMatchObject({
      code: 'invalid_url',
      retryable: false,
    });
  });

  it('is an action with side effects that retries three times', () => {
    expect(httpRequestNode.sideEffects).toBe(true);
    expect(httpRequestNode.retry?.attempts).toBe(3);
    expect(httpRequestNode.branches).toEqual(['success', 'failure']);
  });
});

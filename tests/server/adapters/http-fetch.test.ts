import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeError } from '../../../runtime/model/errors';
import type { HttpRequest } from '../../../runtime/ports/http';
import { createFetchHttp, isPrivateAddress } from '../../../server/adapters/http-fetch';

let server: Server;
let base: string;
const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];

function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
  seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
  const url = new URL(req.url ?? '/', base);
  if (url.pathname === '/hello') {
    res.writeHead(200, { 'content-type': 'application/json', 'x-test': 'yes' });
    res.end(JSON.stringify({ hello: 'world' }));
  } else if (url.pathname === '/sjis') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=Shift_JIS' });
    res.end(Buffer.from([0x82, 0xb1, 0x82, 0xf1, 0x82, 0xc9, 0x82, 0xbf, 0x82, 0xcd])); // こんにちは
  } else if (url.pathname === '/see-other') {
    res.writeHead(303, { location: '/hello' });
    res.end();
  } else if (url.pathname === '/loop') {
    res.writeHead(302, { location: `/loop?n=${Number(url.searchParams.get('n') ?? 0) + 1}` });
    res.end();
  } else if (url.pathname === '/big') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('x'.repeat(600));
    res.end('y'.repeat(600)); // no content-length: the cap must hold while streaming
  } else if (url.pathname === '/slow') {
    setTimeout(() => res.end('late'), 2000).unref();
  } else {
    res.writeHead(404);
    res.end('not found');
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => handle(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function request(overrides: Partial<HttpRequest>): HttpRequest {
  return {
    method: 'GET',
    url: `${base}/hello`,
    headers: {},
    timeoutMs: 5000,
    allowPrivateNetwork: true,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<NodeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NodeError);
  return error as NodeError;
}

describe('createFetchHttp', () => {
  const http = createFetchHttp({ maxBodyBytes: 1000 });

  it('returns status, headers and body', async () => {
    const response = await http.request(request({}));
    expect(response.status).toBe(200);
    expect(response.headers['x-test']).toBe('yes');
    expect(JSON.parse(response.body)).toEqual({ hello: 'world' });
  });

  it('decodes a body with its charset (Shift_JIS)', async () => {
    expect((await http.request(request({ url: `${base}/sjis` }))).body).toBe('こんにちは');
  });

  it('refuses loopback before sending anything unless the workflow allows the private network', async () => {
    const before = seen.length;
    const error = await failure(http.request(request({ allowPrivateNetwork: false })));
    expect(error.code).toBe('private_network_blocked');
    expect(error.retryable).toBe(false);
    expect(error.localized?.en).toContain('allowPrivateNetwork');
    expect(seen.length).toBe(before);
  });

  it('checks every address a name resolves to', async () => {
    let connected = false;
    const guarded = createFetchHttp({
      lookup: async () => [
        { address: '93.184.215.14', family: 4 },
        { address: '10.1.2.3', family: 4 },
      ],
      fetch: async () => {
        connected = true;
        return new Response('');
      },
    });
    const error = await failure(
      guarded.request(request({ url: 'https://intranet.example/', allowPrivateNetwork: false })),
    );
    expect(error.code).toBe('private_network_blocked');
    expect(error.message).toContain('10.1.2.3');
    expect(connected).toBe(false);
  });

  it('checks the target of each redirect too', async () => {
    const urls: string[] = [];
    const guarded = createFetchHttp({
      lookup: async (host) => [
        { address: host === 'public.example' ? '93.184.215.14' : '127.0.0.1', family: 4 },
      ],
      fetch: async (input) => {
        urls.push((input as URL).href);
        return new Response(null, { status: 302, headers: { location: 'http://localhost/admin' } });
      },
    });
    const error = await failure(
      guarded.request(request({ url: 'https://public.example/', allowPrivateNetwork: false })),
    );
    expect(error.code).toBe('private_network_blocked');
    expect(urls).toEqual(['https://public.example/']);
  });

  it('turns a POST answered with 303 into a GET of the new location', async () => {
    const response = await http.request(
      request({ method: 'POST', url: `${base}/see-other`, body: '{"a":1}' }),
    );
    expect(response.status).toBe(200);
    const last = seen[seen.length - 1];
    expect(last).toMatchObject({ method: 'GET', url: '/hello', body: '' });
  });

  it('drops credentials when a redirect leaves the origin', async () => {
    const sent: Array<Record<string, string>> = [];
    const fake = createFetchHttp({
      lookup: async () => [{ address: '93.184.215.14', family: 4 }],
      fetch: async (input, init) => {
        sent.push({ ...(init?.headers as Record<string, string>) });
        return (input as URL).href.startsWith('https://a.example')
          ? new Response(null, { status: 307, headers: { location: 'https://b.example/' } })
          : new Response('ok');
      },
    });
    await fake.request(
      request({ url: 'https://a.example/', headers: { Authorization: 'Bearer s', 'X-Id': '1' } }),
    );
    expect(sent).toEqual([{ Authorization: 'Bearer s', 'X-Id': '1' }, { 'X-Id': '1' }]);
  });

  it('gives up after 5 redirects', async () => {
    const error = await failure(http.request(request({ url: `${base}/loop` })));
    expect(error.code).toBe('too_many_redirects');
    expect(seen.filter((s) => s.url.startsWith('/loop')).length).toBe(6);
  });

  it('refuses a body over the cap while it streams in', async () => {
    const error = await failure(http.request(request({ url: `${base}/big` })));
    expect(error.code).toBe('response_too_large');
  });

  it('times out with a retryable error', async () => {
    const error = await failure(http.request(request({ url: `${base}/slow`, timeoutMs: 100 })));
    expect(error.code).toBe('timeout');
    expect(error.retryable).toBe(true);
  });

  it('refuses URLs that are not http or https', async () => {
    const error = await failure(http.request(request({ url: 'file:///etc/passwd' })));
    expect(error.code).toBe('invalid_url');
  });
});

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '10.0.0.5',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::a00:1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1%eth0',
    'ff02::1',
  ])('%s is private', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '192.169.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );
});

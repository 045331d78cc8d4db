import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { NodeError } from '../../runtime/model/errors';
import type { HttpPort, HttpRequest, HttpResponse } from '../../runtime/ports/http';

/** Resolves a host name to every address it has (`dns.lookup` with `all: true`). */
export type HostLookup = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export interface FetchHttpOptions {
  /** Replaced in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  lookup?: HostLookup;
  /** Redirects followed before giving up (default 5). */
  maxRedirects?: number;
  /** Response bodies larger than this are refused (default 5 MB). */
  maxBodyBytes?: number;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that must not follow a redirect to another origin: they are credentials. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

const systemLookup: HostLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Outbound HTTP for the HTTP request node, over fetch. Before each hop (redirects are followed by
 * hand, at most 5) the host's addresses are resolved and loopback, private, link-local and other
 * internal addresses are refused unless `allowPrivateNetwork` is set. The timeout covers the whole
 * exchange; bodies are capped (5 MB) while they stream in, and decoded with their charset
 * (Shift_JIS and EUC-JP still exist in Japan).
 *
 * Limit: fetch resolves the host again when it connects, so a DNS server that answers differently
 * the second time (rebinding) is not caught here; a connect-time check needs an undici dispatcher.
 */
export function createFetchHttp(options: FetchHttpOptions = {}): HttpPort {
  const fetchImpl = options.fetch ?? fetch;
  const lookup = options.lookup ?? systemLookup;
  const maxRedirects = options.maxRedirects ?? 5;
  const maxBodyBytes = options.maxBodyBytes ?? 5 * 1024 * 1024;

  return {
    async request(request: HttpRequest): Promise<HttpResponse> {
      const timeout = AbortSignal.timeout(request.timeoutMs);
      const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
      let url = parseUrl(request.url);
      let method = request.method.toUpperCase();
      let body = request.body;
      let headers = { ...request.headers };
      try {
        for (let hop = 0; ; hop++) {
          if (!request.allowPrivateNetwork) await refusePrivate(url, lookup);
          const response = await fetchImpl(url, { method, headers, body, redirect: 'manual', signal });
          const location = response.headers.get('location');
          if (!REDIRECT_STATUSES.has(response.status) || location === null) {
            return {
              status: response.status,
              headers: headersOf(response.headers),
              body: await readBody(response, maxBodyBytes),
            };
          }
          await response.body?.cancel();
          if (hop >= maxRedirects) throw tooManyRedirects(maxRedirects);
          const next = parseUrl(new URL(location, url).href);
          if (
            response.status === 303 ||
            ((response.status === 301 || response.status === 302) && method === 'POST')
          ) {
            method = method === 'HEAD' ? 'HEAD' : 'GET';
            body = undefined;
            headers = withoutHeaders(headers, ['content-type', 'content-length']);
          }
          if (next.origin !== url.origin) headers = withoutHeaders(headers, CREDENTIAL_HEADERS);
          url = next;
        }
      } catch (error) {
        throw translateError({ error, timeout, request });
      }
    },
  };
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new NodeError({
      code: 'invalid_url',
      retryable: false,
      message: { ja: `URL「${text}」の形が正しくありません`, en: `"${text}" is not a valid URL` },
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NodeError({
      code: 'invalid_url',
      retryable: false,
      message: {
        ja: `URL は http:// か https:// で始めてください (「${url.protocol}」は使えません)`,
        en: `The URL must start with http:// or https:// ("${url.protocol}" is not allowed)`,
      },
    });
  }
  return url;
}

async function refusePrivate(url: URL, lookup: HostLookup): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host) !== 0) {
    addresses = [host];
  } else {
    try {
      addresses = (await lookup(host)).map((entry) => entry.address);
    } catch (error) {
      const code = error instanceof Error && 'code' in error ? String(error.code) : '';
      const notFound = code === 'ENOTFOUND' || code === 'ENODATA';
      throw new NodeError({
        code: notFound ? 'host_not_found' : 'dns_failed',
        retryable: !notFound,
        message: notFound
          ? { ja: `ホスト「${host}」が見つかりません`, en: `The host "${host}" was not found` }
          : { ja: `ホスト「${host}」の名前解決に失敗しました`, en: `Could not resolve the host "${host}"` },
      });
    }
  }
  const blocked = addresses.find(isPrivateAddress);
  if (blocked !== undefined) {
    throw new NodeError({
      code: 'private_network_blocked',
      retryable: false,
      message: {
        ja: `「${host}」は社内・ローカルのアドレス (${blocked}) を指しているため、接続しませんでした。必要な場合はワークフロー設定の allowPrivateNetwork を有効にしてください`,
        en: `"${host}" points to a private or local address (${blocked}), so it was not contacted. Turn on allowPrivateNetwork in the workflow settings if this is intended`,
      },
    });
  }
}

/**
 * True for addresses an outside request must not reach: unspecified, loopback, private (RFC 1918,
 * unique local), shared (CGNAT), link-local, multicast, reserved and documentation/benchmark
 * ranges, including IPv4 inside IPv6 (mapped, compatible, NAT64).
 */
export function isPrivateAddress(address: string): boolean {
  const v4 = parseIPv4(address);
  if (v4) return isPrivateIPv4(v4);
  const v6 = parseIPv6(address);
  if (!v6) return true; // not an address we understand: do not risk it
  const [a = 0, b = 0] = v6;
  const zeros = (from: number, to: number): boolean => v6.slice(from, to).every((byte) => byte === 0);
  const embedded = v6.slice(12, 16);
  if (zeros(0, 10) && v6[10] === 0xff && v6[11] === 0xff) return isPrivateIPv4(embedded); // ::ffff:a.b.c.d
  if (zeros(0, 12)) return true; // ::, ::1 and the deprecated IPv4-compatible form
  if (a === 0x00 && b === 0x64 && v6[2] === 0xff && v6[3] === 0x9b && zeros(4, 12))
    return isPrivateIPv4(embedded);
  if ((a & 0xfe) === 0xfc) return true; // fc00::/7 unique local
  if (a === 0xfe && (b & 0xc0) === 0x80) return true; // fe80::/10 link-local
  if (a === 0xfe && (b & 0xc0) === 0xc0) return true; // fec0::/10 old site-local
  if (a === 0xff) return true; // multicast
  if (a === 0x20 && b === 0x01 && v6[2] === 0x0d && v6[3] === 0xb8) return true; // 2001:db8::/32 documentation
  return false;
}

function isPrivateIPv4(bytes: readonly number[]): boolean {
  const [a = 0, b = 0, c = 0] = bytes;
  return (
    a === 0 || // "this network"
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // shared address space (CGNAT)
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 0 && (c === 0 || c === 2)) || // IETF protocol assignments, TEST-NET-1
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    (a === 198 && b === 51 && c === 100) || // TEST-NET-2
    (a === 203 && b === 0 && c === 113) || // TEST-NET-3
    a >= 224 // multicast, reserved, broadcast
  );
}

function parseIPv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return undefined;
  const bytes = parts.map(Number);
  return bytes.every((byte) => byte <= 255) ? bytes : undefined;
}

/** 16 bytes of an IPv6 address (with `::` and a dotted IPv4 tail), or undefined. */
function parseIPv6(text: string): number[] | undefined {
  const address = text.replace(/%.*$/, ''); // zone id
  if (isIP(address) !== 6) return undefined;
  const [head = '', tail] = address.split('::');
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const toWords = (list: string[]): number[] =>
    list.flatMap((group) => {
      const v4 = group.includes('.') ? parseIPv4(group) : undefined;
      if (v4) return [(v4[0] ?? 0) * 256 + (v4[1] ?? 0), (v4[2] ?? 0) * 256 + (v4[3] ?? 0)];
      return [parseInt(group, 16)];
    });
  const left = toWords(groups(head));
  const right = tail === undefined ? [] : toWords(groups(tail));
  const words = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return words.flatMap((word) => [word >> 8, word & 0xff]);
}

async function readBody(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        await response.body.cancel().catch(() => undefined);
        throw tooLarge(maxBytes);
      }
      chunks.push(chunk);
    }
  }
  return decoderFor(response.headers.get('content-type')).decode(Buffer.concat(chunks));
}

function decoderFor(contentType: string | null): TextDecoder {
  const charset = /charset="?([^";\s]+)/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8');
  } catch {
    return new TextDecoder('utf-8');
  }
}

function headersOf(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  headers.forEach((value, name) => {
    result[name] = value;
  });
  return result;
}

function withoutHeaders(headers: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name.toLowerCase())));
}

function tooLarge(maxBytes: number): NodeError {
  const mb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  return new NodeError({
    code: 'response_too_large',
    retryable: false,
    message: {
      ja: `応答が大きすぎます (上限 ${mb} MB)。取得する範囲を絞ってください`,
      en: `The response is too large (limit ${mb} MB). Ask for less data`,
    },
  });
}

function tooManyRedirects(max: number): NodeError {
  return new NodeError({
    code: 'too_many_redirects',
    retryable: false,
    message: {
      ja: `リダイレクトが ${max} 回を超えたため中止しました`,
      en: `Stopped after more than ${max} redirects`,
    },
  });
}

function translateError(options: { error: unknown; timeout: AbortSignal; request: HttpRequest }): unknown {
  const { error, timeout, request } = options;
  if (error instanceof NodeError) return error;
  // The caller's own cancellation (node timeout, run cancelled) stays an abort for the engine.
  if (request.signal?.aborted) return request.signal.reason ?? error;
  if (timeout.aborted) {
    return new NodeError({
      code: 'timeout',
      message: {
        ja: `${request.timeoutMs} ミリ秒以内に応答がありませんでした`,
        en: `No response within ${request.timeoutMs} ms`,
      },
    });
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
  const reason = error instanceof Error ? error.message : String(error);
  return new NodeError({
    code: 'network_error',
    message: {
      ja: `接続できませんでした: ${cause || reason}`,
      en: `Could not connect: ${cause || reason}`,
    },
  });
}

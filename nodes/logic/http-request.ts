import { Type, type Static } from 'typebox';
import { defineNode, type NodeContext } from '../../runtime/model/node-definition';
import { NodeError } from '../../runtime/model/errors';
import { valueToText } from '../../runtime/engine/conditions';
import type { HttpRequest, HttpResponse } from '../../runtime/ports/http';
import { HEADER_NAME_PATTERN, field, nameValueListSchema } from '../common/schema';
import { SUCCESS_FAILURE } from '../common/labels';
import { encodeBody, headerValue } from '../common/http-body';
import { isPrivateHost } from '../common/private-address';
import { retryAfterMs } from '../common/retry-after';

const config = Type.Object(
  {
    method: Type.Optional(
      Type.Union(
        [
          Type.Literal('GET'),
          Type.Literal('POST'),
          Type.Literal('PUT'),
          Type.Literal('PATCH'),
          Type.Literal('DELETE'),
          Type.Literal('HEAD'),
        ],
        { default: 'GET', ...field({ ja: 'メソッド', en: 'Method' }) },
      ),
    ),
    url: Type.String({
      minLength: 1,
      maxLength: 8_000,
      'x-widget': 'template',
      'x-placeholder': 'https://api.example.com/orders',
      ...field({ ja: 'URL', en: 'URL' }),
    }),
    query: Type.Optional(nameValueListSchema({ ja: 'クエリパラメーター', en: 'Query parameters' })),
    headers: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({
              minLength: 1,
              maxLength: 200,
              pattern: HEADER_NAME_PATTERN,
              ...field({ ja: '名前', en: 'Name' }),
            }),
            value: Type.String({
              maxLength: 10_000,
              'x-widget': 'template',
              ...field({ ja: '値', en: 'Value' }),
            }),
            secret: Type.Optional(
              Type.Boolean(
                field(
                  { ja: '秘密の値', en: 'Secret' },
                  {
                    ja: '実行履歴に値を残しません（API キーなど）。',
                    en: 'Kept out of the run history (API keys …).',
                  },
                ),
              ),
            ),
          },
          { additionalProperties: false },
        ),
        { maxItems: 100, ...field({ ja: 'ヘッダー', en: 'Headers' }) },
      ),
    ),
    body: Type.Optional(
      Type.String({ maxLength: 1_000_000, 'x-widget': 'textarea', ...field({ ja: '本文', en: 'Body' }) }),
    ),
    bodyType: Type.Optional(
      Type.Union([Type.Literal('json'), Type.Literal('text'), Type.Literal('form')], {
        default: 'json',
        ...field({ ja: '本文の形式', en: 'Body type' }),
      }),
    ),
    responseType: Type.Optional(
      Type.Union([Type.Literal('json'), Type.Literal('text')], {
        default: 'json',
        ...field({ ja: '応答の形式', en: 'Response type' }),
      }),
    ),
    timeoutMs: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 120_000,
        default: 10_000,
        ...field({ ja: 'タイムアウト（ミリ秒）', en: 'Timeout (ms)' }),
      }),
    ),
  },
  { additionalProperties: false },
);

/** Calls an HTTP API through the http port. Retries rate limits and server errors. */
/** Methods that change nothing at the receiver, so they carry no idempotency key. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const httpRequestNode = defineNode({
  type: 'logic.http_request',
  version: 1,
  category: 'logic',
  sideEffects: true,
  retry: { attempts: 3, initialDelayMs: 1_000, maxDelayMs: 30_000, factor: 2, jitter: true },
  labels: { ja: 'HTTP リクエスト', en: 'HTTP request' },
  description: {
    ja: '外部の API を呼び出します。429 と 5xx の応答は待ってから再試行します。',
    en: 'Calls an external API. 429 and 5xx answers are retried after a pause.',
  },
  config,
  branches: ['success', 'failure'],
  branchLabels: SUCCESS_FAILURE,
  outputs: Type.Object({
    status: Type.Integer(),
    headers: Type.Record(Type.String(), Type.String()),
    body: Type.Unknown(),
  }),
  run: async (ctx) => {
    const { method = 'GET', bodyType = 'json', responseType = 'json', timeoutMs = 10_000 } = ctx.config;
    const url = targetUrl(ctx);
    const headers: Record<string, string> = {};
    for (const header of ctx.config.headers ?? []) headers[header.name] = valueToText(header.value);
    const body =
      method === 'GET' || method === 'HEAD' ? undefined : encodeBody({ body: ctx.config.body, bodyType });
    if (body && headerValue(headers, 'content-type') === undefined)
      headers['Content-Type'] = body.contentType;
    if (responseType === 'json' && headerValue(headers, 'accept') === undefined)
      headers.Accept = 'application/json';
    // A receiver that honours Idempotency-Key applies this step once: resumed after a crash, and
    // retried after a timeout or a dropped connection (the request may have been applied; the
    // scale test saw such retries on a loaded machine). So the key is the step's (`run:step`), the
    // same on every attempt, not one per attempt, which the receiver would apply again.
    if (!SAFE_METHODS.has(method) && headerValue(headers, 'idempotency-key') === undefined)
      headers['Idempotency-Key'] = ctx.run.stepKey;
    const response = await send(ctx, {
      method,
      url: url.href,
      headers,
      ...(body ? { body: body.text } : {}),
      timeoutMs,
      signal: ctx.signal,
      allowPrivateNetwork: ctx.run.settings.allowPrivateNetwork,
    });
    if (response.status >= 400) throw statusError(response, ctx.ports.clock.now());
    return {
      branch: 'success',
      output: { status: response.status, headers: response.headers, body: readBody(response, responseType) },
    };
  },
});

type Context = NodeContext<Static<typeof config>>;

/** The URL with its query parameters, after the protocol and private-address checks. */
function targetUrl(ctx: Context): URL {
  const text = valueToText(ctx.config.url).trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new NodeError({
      code: 'invalid_url',
      retryable: false,
      message: { ja: `「${text}」は URL として正しくありません。`, en: `"${text}" is not a valid URL.` },
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NodeError({
      code: 'unsupported_protocol',
      retryable: false,
      message: {
        ja: `${url.protocol} の URL は使えません。http: か https: にしてください。`,
        en: `${url.protocol} URLs are not supported. Use http: or https:.`,
      },
    });
  }
  for (const item of ctx.config.query ?? []) url.searchParams.append(item.name, valueToText(item.value));
  if (!ctx.run.settings.allowPrivateNetwork && isPrivateHost(url.hostname)) {
    throw new NodeError({
      code: 'private_address_blocked',
      retryable: false,
      details: { host: url.hostname },
      message: {
        ja: `プライベートネットワークまたはループバックのアドレス（${url.hostname}）へのリクエストは遮断されています。社内のサーバーを呼ぶ場合は、ワークフロー設定の「プライベートネットワークへの接続を許可」（allowPrivateNetwork）をオンにしてください。`,
        en: `Requests to private or loopback addresses (${url.hostname}) are blocked. To call a server on your own network, turn on the workflow setting “Allow private network” (allowPrivateNetwork).`,
      },
    });
  }
  return url;
}

async function send(ctx: Context, request: HttpRequest): Promise<HttpResponse> {
  const http = ctx.port('http');
  try {
    return await http.request(request);
  } catch (error) {
    // A cancelled run or the engine's node timeout: let the engine report its own reason.
    if (ctx.signal.aborted || error instanceof NodeError) throw error;
    const name = error instanceof Error ? error.name : '';
    const reason = error instanceof Error ? error.message : String(error);
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new NodeError({
        code: 'timeout',
        message: {
          ja: `${request.timeoutMs} ms 以内に応答がありませんでした（${request.url}）。`,
          en: `No answer within ${request.timeoutMs} ms (${request.url}).`,
        },
      });
    }
    throw new NodeError({
      code: 'network_error',
      message: { ja: `接続できませんでした: ${reason}`, en: `The request failed: ${reason}` },
    });
  }
}

/** 408, 429 and 5xx may pass if we wait; any other 4xx will not. */
function statusError(response: HttpResponse, now: number): NodeError {
  const status = response.status;
  const retryable = status === 408 || status === 429 || status >= 500;
  const wait = retryable ? retryAfterMs(headerValue(response.headers, 'retry-after'), now) : undefined;
  return new NodeError({
    code: 'http_error',
    retryable,
    ...(wait === undefined ? {} : { retryAfterMs: wait }),
    details: { status, body: response.body.slice(0, 2_000) },
    message: {
      ja: `サーバーがエラー ${status} を返しました。`,
      en: `The server answered with status ${status}.`,
    },
  });
}

function readBody(response: HttpResponse, responseType: 'json' | 'text'): unknown {
  if (responseType === 'text') return response.body;
  if (response.body.trim() === '') return null;
  try {
    const parsed: unknown = JSON.parse(response.body);
    return parsed;
  } catch {
    const contentType = headerValue(response.headers, 'content-type') ?? '?';
    throw new NodeError({
      code: 'invalid_json_response',
      retryable: false,
      details: { status: response.status, contentType, body: response.body.slice(0, 500) },
      message: {
        ja: `応答が JSON ではありません（Content-Type: ${contentType}）。応答の形式を「text」にすると、そのまま受け取れます。`,
        en: `The response is not JSON (Content-Type: ${contentType}). Set the response type to “text” to take it as it is.`,
      },
    });
  }
}

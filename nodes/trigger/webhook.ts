import { Type } from 'typebox';
import { defineNode } from '../../runtime/model/node-definition';
import { HEADER_NAME_PATTERN, field, requiredWhen } from '../common/schema';
import { NEXT } from '../common/labels';

/**
 * Starts a run when `/webhook/<path>` is called. The server checks the method and the auth and
 * builds the payload ({ body, headers, query }); the node only hands it on.
 */
export const webhookTriggerNode = defineNode({
  type: 'trigger.webhook',
  version: 1,
  category: 'trigger',
  trigger: 'webhook',
  labels: { ja: 'Webhook', en: 'Webhook' },
  description: {
    ja: '外部のシステムから /webhook/<パス> が呼ばれたときにワークフローを開始します。',
    en: 'Starts the workflow when another system calls /webhook/<path>.',
  },
  config: Type.Object(
    {
      path: Type.String({
        minLength: 1,
        maxLength: 200,
        pattern: '^[a-z0-9][a-z0-9_-]*(?:/[a-z0-9][a-z0-9_-]*)*$',
        'x-placeholder': 'orders/created',
        ...field(
          { ja: 'パス', en: 'Path' },
          {
            ja: '半角小文字・数字・ - _ を / で区切ります（例: orders/created）。',
            en: 'Lowercase letters, digits, - and _, in segments separated by / (e.g. orders/created).',
          },
        ),
      }),
      method: Type.Optional(
        Type.Union(
          [
            Type.Literal('GET'),
            Type.Literal('POST'),
            Type.Literal('PUT'),
            Type.Literal('PATCH'),
            Type.Literal('DELETE'),
          ],
          { default: 'POST', ...field({ ja: 'HTTP メソッド', en: 'HTTP method' }) },
        ),
      ),
      auth: Type.Optional(
        Type.Union([Type.Literal('none'), Type.Literal('header'), Type.Literal('hmac')], {
          default: 'none',
          ...field(
            { ja: '認証', en: 'Authentication' },
            {
              ja: 'none: なし / header: ヘッダーの秘密の値を照合 / hmac: 本文の HMAC-SHA256 署名を検証',
              en: 'none / header: compare a secret header / hmac: verify an HMAC-SHA256 signature of the body',
            },
          ),
        }),
      ),
      headerName: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 100,
          pattern: HEADER_NAME_PATTERN,
          'x-placeholder': 'X-Musubi-Signature',
          ...field({ ja: 'ヘッダー名', en: 'Header name' }),
        }),
      ),
      secret: Type.Optional(
        Type.String({
          minLength: 8,
          maxLength: 500,
          'x-secret': true,
          ...field({ ja: '秘密の値', en: 'Secret' }),
        }),
      ),
      responseMode: Type.Optional(
        Type.Union([Type.Literal('async'), Type.Literal('sync')], {
          default: 'async',
          ...field(
            { ja: '応答のしかた', en: 'Response' },
            {
              ja: 'async: すぐに 202 と実行 ID を返す / sync: 「Webhook に応答」ノードの応答を待って返す',
              en: 'async: answer 202 with the run id at once / sync: wait for a Respond to webhook node',
            },
          ),
        }),
      ),
      syncTimeoutMs: Type.Optional(
        Type.Integer({
          minimum: 100,
          maximum: 60_000,
          default: 10_000,
          ...field({ ja: '応答を待つ時間（ミリ秒）', en: 'Response timeout (ms)' }),
        }),
      ),
    },
    {
      additionalProperties: false,
      allOf: [
        requiredWhen({ field: 'auth', value: 'header', require: ['headerName', 'secret'] }),
        requiredWhen({ field: 'auth', value: 'hmac', require: ['secret'] }),
      ],
    },
  ),
  branches: ['next'],
  branchLabels: NEXT,
  outputs: Type.Object({
    body: Type.Unknown(),
    headers: Type.Record(Type.String(), Type.String()),
    query: Type.Record(Type.String(), Type.Unknown()),
  }),
  run: (ctx) => ({ branch: 'next', output: ctx.trigger }),
});

import { Type } from 'typebox';
import { defineNode } from '../../runtime/model/node-definition';
import { NodeError } from '../../runtime/model/errors';
import { valueToText } from '../../runtime/engine/conditions';
import { HEADER_NAME_PATTERN, field } from '../common/schema';
import { NEXT } from '../common/labels';
import { headerValue } from '../common/http-body';

/** The answer a webhook caller waiting in `sync` mode receives. */
export const respondNode = defineNode({
  type: 'logic.respond',
  version: 1,
  category: 'logic',
  labels: { ja: 'Webhook に応答', en: 'Respond to webhook' },
  description: {
    ja: '待っている Webhook の呼び出し元に応答を返します（Webhook の応答のしかたが sync のとき）。',
    en: 'Answers the caller of a webhook that waits for the response (response mode sync).',
  },
  config: Type.Object(
    {
      status: Type.Optional(
        Type.Integer({
          minimum: 200,
          maximum: 599,
          default: 200,
          ...field({ ja: 'ステータスコード', en: 'Status code' }),
        }),
      ),
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
                maxLength: 2_000,
                'x-widget': 'template',
                ...field({ ja: '値', en: 'Value' }),
              }),
            },
            { additionalProperties: false },
          ),
          { maxItems: 50, ...field({ ja: 'ヘッダー', en: 'Headers' }) },
        ),
      ),
      body: Type.Optional(
        Type.String({ maxLength: 1_000_000, 'x-widget': 'textarea', ...field({ ja: '本文', en: 'Body' }) }),
      ),
      bodyType: Type.Optional(
        Type.Union([Type.Literal('json'), Type.Literal('text')], {
          default: 'json',
          ...field({ ja: '本文の形式', en: 'Body type' }),
        }),
      ),
    },
    { additionalProperties: false },
  ),
  branches: ['next'],
  branchLabels: NEXT,
  outputs: Type.Object({ status: Type.Integer() }),
  run: (ctx) => {
    const { status = 200, bodyType = 'json' } = ctx.config;
    const headers: Record<string, string> = {};
    for (const header of ctx.config.headers ?? []) headers[header.name] = valueToText(header.value);
    if (headerValue(headers, 'content-type') === undefined) {
      headers['Content-Type'] =
        bodyType === 'json' ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';
    }
    const body = bodyType === 'json' ? jsonBody(ctx.config.body) : valueToText(ctx.config.body);
    return { branch: 'next', output: { status }, respond: { status, headers, body } };
  },
});

/** The body as a value: JSON text is parsed, a value from `{{ … }}` is kept. */
function jsonBody(body: unknown): unknown {
  if (typeof body !== 'string') return body ?? null;
  if (body.trim() === '') return null;
  try {
    const value: unknown = JSON.parse(body);
    return value;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new NodeError({
      code: 'invalid_json_body',
      retryable: false,
      message: {
        ja: `応答の本文が JSON として正しくありません: ${reason}。本文の形式を「text」にするか、JSON を直してください。`,
        en: `The response body is not valid JSON: ${reason}. Fix the JSON or set the body type to “text”.`,
      },
    });
  }
}

import { Type, type Static } from 'typebox';
import { defineNode, type NodeContext, type NodeResult } from '../../runtime/model/node-definition';
import { valueToText } from '../../runtime/engine/conditions';
import { field, variableNameSchema } from '../common/schema';
import { configError } from '../common/errors';
import { RETRY_MESSAGES, parseAnswer } from '../common/answers';
import { isSupportedCountry } from 'libphonenumber-js';
import { messageKey, unexpectedEvent } from './events';

const config = Type.Object(
  {
    prompt: Type.String({
      minLength: 1,
      maxLength: 5_000,
      'x-widget': 'textarea',
      ...field({ ja: '質問', en: 'Question' }),
    }),
    inputType: Type.Optional(
      Type.Union(
        [
          Type.Literal('text'),
          Type.Literal('name'),
          Type.Literal('email'),
          Type.Literal('phone'),
          Type.Literal('number'),
          Type.Literal('date'),
        ],
        { default: 'text', ...field({ ja: '回答の種類', en: 'Answer type' }) },
      ),
    ),
    variable: variableNameSchema({ ja: '回答を入れる変数', en: 'Save the answer to' }),
    retries: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 10,
        default: 2,
        ...field(
          { ja: '聞き直す回数', en: 'Re-asks' },
          {
            ja: '形式が合わない回答のとき、何回まで聞き直すか。',
            en: 'How many times to ask again after an answer that does not fit.',
          },
        ),
      }),
    ),
    retryMessage: Type.Optional(
      Type.String({
        maxLength: 2_000,
        'x-widget': 'textarea',
        ...field(
          { ja: '聞き直すときのメッセージ', en: 'Re-ask message' },
          { ja: '空なら回答の種類に合った文を使います。', en: 'Empty: a message that fits the answer type.' },
        ),
      }),
    ),
    language: Type.Optional(
      Type.Union([Type.Literal('ja'), Type.Literal('en')], {
        default: 'ja',
        ...field({ ja: '言語', en: 'Language' }),
      }),
    ),
    timeoutSeconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 604_800,
        default: 0,
        ...field(
          { ja: '回答を待つ時間（秒）', en: 'Wait for an answer (seconds)' },
          { ja: '0 なら時間切れなし。', en: '0: wait for ever.' },
        ),
      }),
    ),
    defaultRegion: Type.Optional(
      Type.String({
        pattern: '^[A-Z]{2}$',
        default: 'JP',
        ...field(
          { ja: '電話番号の国', en: 'Phone region' },
          {
            ja: '国番号なしの電話番号をどの国の番号として読むか（例: JP）。',
            en: 'How to read a number without a country code (e.g. JP).',
          },
        ),
      }),
    ),
  },
  { additionalProperties: false },
);

type Config = Static<typeof config>;

/** Asks a question and waits for a typed answer, checks it, and keeps it in a variable. */
export const askNode = defineNode({
  type: 'bot.ask',
  version: 1,
  category: 'bot',
  waits: true,
  labels: { ja: '質問', en: 'Ask' },
  description: {
    ja: '質問して回答を待ちます。メールアドレスや電話番号などの形式を確かめ、変数に入れます。',
    en: 'Asks a question and waits for the answer; checks e-mail, phone and other formats and saves it.',
  },
  config,
  setsVariables: { field: 'variable' },
  branches: ['answered', 'invalid_after_retries', 'timeout'],
  branchLabels: {
    answered: { ja: '回答あり', en: 'Answered' },
    invalid_after_retries: { ja: '聞き直しても形式が合わない', en: 'Invalid after re-asks' },
    timeout: { ja: '時間切れ', en: 'Timed out' },
  },
  outputs: Type.Object({ answer: Type.Unknown(), lastInput: Type.Optional(Type.String()) }),
  run: async (ctx) => {
    regionOf(ctx.config);
    await say(ctx, valueToText(ctx.config.prompt));
    return waitForAnswer(ctx, 0);
  },
  resume: async (ctx) => {
    const { event } = ctx;
    if (event.kind === 'timeout') return { branch: 'timeout', output: { answer: null } };
    if (event.kind !== 'message') throw unexpectedEvent(event.kind);
    const { inputType = 'text', variable, retries = 2 } = ctx.config;
    const answer = parseAnswer({ text: event.text, inputType, defaultRegion: regionOf(ctx.config) });
    if (answer !== undefined) {
      return { branch: 'answered', output: { answer }, setVars: { [variable]: answer } };
    }
    const tries = typeof ctx.waitState.tries === 'number' ? ctx.waitState.tries : 0;
    if (tries >= retries) {
      return { branch: 'invalid_after_retries', output: { answer: null, lastInput: event.text } };
    }
    await say(ctx, retryMessage(ctx.config));
    return waitForAnswer(ctx, tries + 1);
  },
});

function regionOf(config: Config): string {
  const region = config.defaultRegion ?? 'JP';
  if (!isSupportedCountry(region)) {
    throw configError({
      ja: `電話番号の国「${region}」は使えません。JP のような 2 文字の国コードにしてください。`,
      en: `The phone region "${region}" is not supported. Use a two-letter country code such as JP.`,
    });
  }
  return region;
}

function retryMessage(config: Config): string {
  const custom = config.retryMessage === undefined ? '' : valueToText(config.retryMessage);
  if (custom.trim() !== '') return custom;
  return RETRY_MESSAGES[config.inputType ?? 'text'][config.language ?? 'ja'];
}

async function say(ctx: NodeContext<Config>, text: string): Promise<void> {
  await ctx.port('chat').send(ctx.run.id, { text, nodeId: ctx.node.id, key: messageKey(ctx) });
}

/** Waits for the next message; an idle timeout counts from now, so each re-ask restarts it. */
function waitForAnswer(ctx: NodeContext<Config>, tries: number): NodeResult {
  const seconds = ctx.config.timeoutSeconds ?? 0;
  const timeoutAt = seconds > 0 ? ctx.ports.clock.now() + seconds * 1000 : undefined;
  return {
    branch: 'answered',
    wait: { kind: 'message', ...(timeoutAt === undefined ? {} : { timeoutAt }), state: { tries } },
  };
}

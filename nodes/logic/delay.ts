import { Type } from 'typebox';
import { defineNode } from '../../runtime/model/node-definition';
import { NodeError } from '../../runtime/model/errors';
import { valueToText } from '../../runtime/engine/conditions';
import { field, requiredWhen } from '../common/schema';
import { NEXT } from '../common/labels';
import { configError } from '../common/errors';
import { isValidTimeZone, parseDateTime } from '../common/dates';

const UNIT_MS = { seconds: 1_000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

/**
 * Pauses the run for a while or until a moment. The run is stored while it waits, so a delay of
 * days survives restarts; the scheduler wakes it with a `time` event.
 */
export const delayNode = defineNode({
  type: 'logic.delay',
  version: 1,
  category: 'logic',
  waits: true,
  labels: { ja: '待機', en: 'Delay' },
  description: {
    ja: '指定した時間だけ、または指定した日時まで待ってから次へ進みます。',
    en: 'Waits for a while, or until a date and time, then goes on.',
  },
  config: Type.Object(
    {
      mode: Type.Union([Type.Literal('duration'), Type.Literal('until')], {
        default: 'duration',
        ...field(
          { ja: '待ち方', en: 'Wait' },
          {
            ja: 'duration: 時間を指定 / until: 日時まで',
            en: 'duration: for a time / until: until a date and time',
          },
        ),
      }),
      amount: Type.Optional(
        Type.Number({ minimum: 0, maximum: 1_000_000, ...field({ ja: '長さ', en: 'Amount' }) }),
      ),
      unit: Type.Optional(
        Type.Union(
          [Type.Literal('seconds'), Type.Literal('minutes'), Type.Literal('hours'), Type.Literal('days')],
          {
            default: 'minutes',
            ...field({ ja: '単位', en: 'Unit' }),
          },
        ),
      ),
      until: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 1_000,
          'x-widget': 'template',
          'x-placeholder': '2026-11-22T10:00',
          ...field(
            { ja: '日時', en: 'Date and time' },
            {
              ja: 'ISO 形式（例: 2026-11-22T10:00）。時差を書かなければワークフローのタイムゾーンの時刻です。',
              en: 'ISO format (e.g. 2026-11-22T10:00). Without an offset it is the workflow’s time zone.',
            },
          ),
        }),
      ),
    },
    {
      additionalProperties: false,
      allOf: [
        requiredWhen({ field: 'mode', value: 'duration', require: ['amount'] }),
        requiredWhen({ field: 'mode', value: 'until', require: ['until'] }),
      ],
    },
  ),
  branches: ['next'],
  branchLabels: NEXT,
  outputs: Type.Object({ until: Type.String() }),
  run: (ctx) => {
    const now = ctx.ports.clock.now();
    const { mode, amount = 0, unit = 'minutes' } = ctx.config;
    let until: number;
    if (mode === 'duration') {
      until = now + amount * UNIT_MS[unit];
    } else {
      const timeZone = ctx.run.settings.timeZone;
      if (!isValidTimeZone(timeZone)) {
        throw configError({
          ja: `タイムゾーン「${timeZone}」が不明です。ワークフロー設定を確認してください。`,
          en: `Unknown time zone "${timeZone}". Check the workflow settings.`,
        });
      }
      const parsed = parseDateTime(ctx.config.until, timeZone);
      if (parsed === undefined) {
        const text = valueToText(ctx.config.until);
        throw new NodeError({
          code: 'invalid_date',
          retryable: false,
          message: {
            ja: `「${text}」は日時として読めません。2026-11-22T10:00 のような形式にしてください。`,
            en: `"${text}" is not a date and time. Use a form such as 2026-11-22T10:00.`,
          },
        });
      }
      until = parsed;
    }
    const output = { until: new Date(until).toISOString() };
    // A moment already past needs no wait.
    if (until <= now) return { branch: 'next', output };
    return { branch: 'next', output, wait: { kind: 'until', until } };
  },
  // Whatever wakes it (the time, or someone skipping the wait), the delay is over.
  resume: () => ({ branch: 'next' }),
});

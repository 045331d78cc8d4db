import { Type } from 'typebox';
import { defineNode } from '../../runtime/model/node-definition';
import { field } from '../common/schema';
import { NEXT } from '../common/labels';

/** Starts a run on a cron schedule; the scheduler sends `{ firedAt }` as the event. */
export const scheduleTriggerNode = defineNode({
  type: 'trigger.schedule',
  version: 1,
  category: 'trigger',
  trigger: 'schedule',
  labels: { ja: 'スケジュール', en: 'Schedule' },
  description: {
    ja: '決まった日時（cron 式）にワークフローを開始します。',
    en: 'Starts the workflow at set times (a cron expression).',
  },
  config: Type.Object(
    {
      cron: Type.String({
        minLength: 1,
        maxLength: 200,
        'x-widget': 'cron',
        'x-placeholder': '0 9 * * 1-5',
        ...field(
          { ja: 'cron 式', en: 'Cron expression' },
          { ja: '例: 0 9 * * 1-5（平日の 9:00）', en: 'e.g. 0 9 * * 1-5 (weekdays at 9:00)' },
        ),
      }),
      timeZone: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 100,
          default: 'Asia/Tokyo',
          ...field({ ja: 'タイムゾーン', en: 'Time zone' }),
        }),
      ),
      missedPolicy: Type.Optional(
        Type.Union([Type.Literal('skip'), Type.Literal('run_once')], {
          default: 'run_once',
          ...field(
            { ja: '停止中に過ぎた実行', en: 'Missed runs' },
            {
              ja: 'skip: 実行しない / run_once: 起動時に 1 回だけ実行する',
              en: 'skip: do not run / run_once: run once on start',
            },
          ),
        }),
      ),
    },
    { additionalProperties: false },
  ),
  branches: ['next'],
  branchLabels: NEXT,
  outputs: Type.Object({ firedAt: Type.String() }),
  run: (ctx) => ({ branch: 'next', output: ctx.trigger }),
});

import { Type } from 'typebox';
import { isRecord } from '../../runtime/engine/registry';
import { NodeError } from '../../runtime/model/errors';
import type { Localized } from '../../runtime/model/localized';
import { defineNode } from '../../runtime/model/node-definition';
import type { NodeResult } from '../../runtime/model/node-definition';
import { field } from '../common/schema';
import { otherParty, readCallEvent } from '../telephony/format';
import { appIdField, callKintone, KINTONE_BRANCH_LABELS, kintoneConnectionField, recordOf } from './shared';
import { refusal } from './shared';

const BRANCHES = ['success', 'validation_error', 'failure', 'integration_disabled'] as const;

const code = (label: Localized, help?: Localized) =>
  Type.Optional(Type.String({ maxLength: 128, ...field(label, help) }));

/** Recording URLs in one line: a call put on hold has several, which a Link field would refuse. */
export function joinRecordings(urls: readonly string[]): string {
  return urls.join(' , ');
}

/**
 * Writes the call of a `trigger.call_ended` run as a record of the call-history app. With a call
 * id field (prohibit duplicate values) a repeat of the call updates its record.
 */
export const writeCallHistoryNode = defineNode({
  type: 'kintone.write_call_history',
  version: 1,
  category: 'kintone',
  labels: { ja: 'kintone に通話履歴を書き込む', en: 'Write call history to kintone' },
  description: {
    ja: '通話を kintone の通話履歴アプリにレコードとして書き込みます。録音 URL は 1 行にまとめます。',
    en: 'Writes the call as a record of a kintone call-history app. Recording URLs are joined into one line.',
  },
  config: Type.Object(
    {
      connectionId: kintoneConnectionField(),
      appId: appIdField({ ja: '通話履歴アプリの ID', en: 'Call-history app ID' }),
      phoneField: Type.String({
        minLength: 1,
        maxLength: 128,
        ...field({ ja: '電話番号のフィールドコード', en: 'Phone field code' }),
      }),
      directionField: code({ ja: '発着信のフィールドコード', en: 'Direction field code' }),
      startedAtField: code({ ja: '開始日時のフィールドコード', en: 'Started-at field code' }),
      durationField: code({ ja: '通話秒数のフィールドコード', en: 'Duration field code' }),
      recordingsField: code({
        ja: '録音 URL のフィールドコード（文字列 1 行）',
        en: 'Recording URLs field code (single-line text)',
      }),
      userField: code({ ja: '担当者のフィールドコード', en: 'User field code' }),
      callIdField: code(
        { ja: '通話 ID のフィールドコード（重複禁止）', en: 'Call id field code (no duplicates)' },
        {
          ja: '指定すると同じ通話の再通知はレコードを更新します（API トークンに「レコード編集」も必要）。',
          en: 'When set, a repeat of the same call updates its record (the API token then needs Edit records too).',
        },
      ),
    },
    { additionalProperties: false },
  ),
  branches: BRANCHES,
  branchLabels: KINTONE_BRANCH_LABELS,
  sideEffects: true,
  outputs: Type.Object({ recordId: Type.String() }),
  run: async (ctx): Promise<NodeResult> => {
    const call = readCallEvent(ctx.trigger);
    if (!call) {
      throw new NodeError({
        code: 'invalid_input',
        retryable: false,
        message: {
          ja: 'このノードは「通話終了」トリガーの後に置いてください。',
          en: 'Place this node after a "Call ended" trigger.',
        },
      });
    }
    const { config } = ctx;
    const record = recordOf([
      { code: config.phoneField, value: otherParty(call) },
      { code: config.directionField ?? '', value: call.direction },
      { code: config.startedAtField ?? '', value: call.startedAt },
      { code: config.durationField ?? '', value: String(call.durationSec) },
      { code: config.recordingsField ?? '', value: joinRecordings(call.recordingUrls) },
      { code: config.userField ?? '', value: call.user ?? '' },
    ]);
    if (config.callIdField) {
      const outcome = await callKintone(ctx, {
        method: 'PUT',
        path: '/k/v1/records.json',
        body: {
          app: config.appId,
          upsert: true,
          records: [{ updateKey: { field: config.callIdField, value: call.callId }, record }],
        },
      });
      if (!outcome.ok) return refusal(outcome.error, BRANCHES);
      const list: unknown = outcome.body.records;
      const first: unknown = Array.isArray(list) ? list.find(isRecord) : undefined;
      const id = isRecord(first) && typeof first.id === 'string' ? first.id : '';
      return { branch: 'success', output: { recordId: id } };
    }
    const outcome = await callKintone(ctx, {
      method: 'POST',
      path: '/k/v1/record.json',
      body: { app: config.appId, record },
    });
    if (!outcome.ok) return refusal(outcome.error, BRANCHES);
    return { branch: 'success', output: { recordId: String(outcome.body.id) } };
  },
});

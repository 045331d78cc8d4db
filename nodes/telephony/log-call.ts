import { Type } from 'typebox';
import { NodeError } from '../../runtime/model/errors';
import type { Localized } from '../../runtime/model/localized';
import { defineNode } from '../../runtime/model/node-definition';
import type { NodeResult } from '../../runtime/model/node-definition';
import type { MatchModule } from '../../runtime/ports/telephony';
import { field } from '../common/schema';
import { connectionOption, telephonyConnectionField } from './connection';
import { callMemo, callSubject, otherParty, readCallEvent } from './format';

export const LOG_CALL_BRANCHES = [
  'logged',
  'no_match',
  'multiple_matches',
  'skipped_internal',
  'skipped_missed',
  'failure',
] as const;

const BRANCH_LABELS: Record<(typeof LOG_CALL_BRANCHES)[number], Localized> = {
  logged: { ja: '記録した', en: 'Logged' },
  no_match: { ja: '該当なし', en: 'No match' },
  multiple_matches: { ja: '複数該当', en: 'Multiple matches' },
  skipped_internal: { ja: '内線（記録しない）', en: 'Internal (not logged)' },
  skipped_missed: { ja: '不在着信（記録しない）', en: 'Missed (not logged)' },
  failure: { ja: '失敗', en: 'Failure' },
};

const MODULE = Type.Union([Type.Literal('contacts'), Type.Literal('leads'), Type.Literal('companies')]);

/**
 * Logs the call of a `trigger.call_ended` run: the other party's number is matched to contacts,
 * then leads, then companies (order configurable); one match → one completed to-do with the
 * call's details. Internal and missed calls are not logged; several matches wait for a person to
 * pick one (the call shows "N matches").
 */
export const logCallNode = defineNode({
  type: 'telephony.log_call',
  version: 1,
  category: 'telephony',
  labels: { ja: '通話を記録', en: 'Log call' },
  description: {
    ja: '通話相手の電話番号で連絡先を探し、完了済みの ToDo として通話を記録します。',
    en: "Finds the contact by the other party's number and logs the call as a completed to-do.",
  },
  config: Type.Object(
    {
      connectionId: telephonyConnectionField(),
      matchOrder: Type.Optional(
        Type.Array(MODULE, {
          minItems: 1,
          maxItems: 3,
          uniqueItems: true,
          default: ['contacts', 'leads', 'companies'],
          ...field(
            { ja: '検索する順番', en: 'Match order' },
            {
              ja: '最初に見つかった種類の記録と照合します。',
              en: 'The first kind of record with a match is used.',
            },
          ),
        }),
      ),
      logUnmatched: Type.Optional(
        Type.Boolean({
          default: false,
          ...field(
            { ja: '該当なしでも記録する', en: 'Log unmatched calls' },
            {
              ja: '連絡先のない ToDo として記録し「記録した」に進みます。',
              en: 'Logs a to-do without a contact and takes "Logged".',
            },
          ),
        }),
      ),
      language: Type.Optional(
        Type.Union([Type.Literal('ja'), Type.Literal('en')], {
          default: 'ja',
          ...field({ ja: '件名とメモの言語', en: 'Language of subject and memo' }),
        }),
      ),
    },
    { additionalProperties: false },
  ),
  branches: LOG_CALL_BRANCHES,
  branchLabels: BRANCH_LABELS,
  sideEffects: true,
  outputs: Type.Object({
    taskId: Type.Optional(Type.String()),
    subject: Type.Optional(Type.String()),
    match: Type.Optional(Type.Unknown()),
    candidates: Type.Optional(Type.Array(Type.Unknown())),
  }),
  run: async (ctx): Promise<NodeResult> => {
    const call = readCallEvent(ctx.trigger);
    if (!call) {
      throw new NodeError({
        code: 'invalid_input',
        retryable: false,
        message: {
          ja: 'このノードは「通話終了」トリガーの後に置いてください（通話の情報がありません）。',
          en: 'Place this node after a "Call ended" trigger (there is no call to log).',
        },
      });
    }
    const port = ctx.port('telephony');
    if (call.direction === 'internal') {
      await port.setCallStatus({ callRecordId: call.id, status: 'skipped_internal' });
      return { branch: 'skipped_internal', output: {} };
    }
    if (!call.answered) {
      await port.setCallStatus({ callRecordId: call.id, status: 'skipped_missed' });
      return { branch: 'skipped_missed', output: {} };
    }
    const order: MatchModule[] = ctx.config.matchOrder ?? ['contacts', 'leads', 'companies'];
    const language = ctx.config.language ?? 'ja';
    const connection = connectionOption(ctx.config.connectionId);
    const { matches } = await port.matchPhone({ ...connection, phone: otherParty(call), order });
    const subject = callSubject(call, language);
    const memo = callMemo(call, { language, timeZone: ctx.run.settings.timeZone });
    const [only] = matches;
    if (matches.length > 1) {
      await port.setCallStatus({ callRecordId: call.id, status: 'multiple_matches', candidates: matches });
      return { branch: 'multiple_matches', output: { candidates: matches } };
    }
    if (!only && ctx.config.logUnmatched !== true) {
      await port.setCallStatus({ callRecordId: call.id, status: 'no_match' });
      return { branch: 'no_match', output: {} };
    }
    const { taskId } = await port.logCall({
      ...connection,
      call,
      subject,
      memo,
      ...(only ? { match: only } : {}),
    });
    return { branch: 'logged', output: { taskId, subject, match: only ?? null } };
  },
});

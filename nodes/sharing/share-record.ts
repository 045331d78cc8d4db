import { Type } from 'typebox';
import type { Localized } from '../../runtime/model/localized';
import { defineNode } from '../../runtime/model/node-definition';
import { SUCCESS_FAILURE } from '../common/labels';
import { field, variableNameSchema } from '../common/schema';
import { originOf, recordIdOf, recordNotFound, recordSourceFields } from './shared';

const BRANCHES = ['success', 'failure', 'sharing_disabled', 'no_recipient_email'] as const;

const BRANCH_LABELS = {
  ...SUCCESS_FAILURE,
  sharing_disabled: { ja: '外部共有が無効', en: 'Sharing disabled' },
  no_recipient_email: { ja: 'メールアドレスなし', en: 'No recipient e-mail' },
} satisfies Record<string, Localized>;

/**
 * Shares a deal or ticket externally: creates its link (`PUBLIC_URL/s/…`) and, when asked, mails
 * it to the record's contact. A record already shared stays shared (its link cannot be shown
 * again: only a hash is kept), so `url` is empty and `alreadyShared` true.
 */
export const shareRecordNode = defineNode({
  type: 'sharing.share_record',
  version: 1,
  category: 'sharing',
  labels: { ja: 'レコードを外部共有', en: 'Share record externally' },
  description: {
    ja: '顧客が進捗を確認できる公開リンクを作成し、必要ならレコードのメールアドレスに送信します。',
    en: 'Creates the public link customers follow the record on, and mails it to the record’s e-mail if asked.',
  },
  config: Type.Object(
    {
      ...recordSourceFields,
      sendEmail: Type.Optional(
        Type.Boolean({
          default: true,
          ...field(
            { ja: 'リンクをメールで送信', en: 'Mail the link' },
            {
              ja: 'レコードの連絡先のメールアドレスに共有メールを送ります。',
              en: 'Sends the share e-mail to the record’s contact e-mail address.',
            },
          ),
        }),
      ),
      urlVariable: Type.Optional({
        ...variableNameSchema({ ja: 'リンクを保存する変数', en: 'Variable for the link' }),
        default: 'share_url',
      }),
    },
    { additionalProperties: false },
  ),
  branches: BRANCHES,
  branchLabels: BRANCH_LABELS,
  setsVariables: { field: 'urlVariable' },
  sideEffects: true,
  outputs: Type.Object({
    recordId: Type.String(),
    url: Type.Union([Type.String(), Type.Null()]),
    shareId: Type.Optional(Type.String()),
    alreadyShared: Type.Optional(Type.Boolean()),
    emailedTo: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  }),
  run: async (ctx) => {
    const recordId = recordIdOf(ctx);
    const outcome = await ctx.port('sharing').share({
      recordId,
      sendEmail: ctx.config.sendEmail ?? true,
      origin: originOf(ctx),
    });
    if (outcome.status === 'not_found') throw recordNotFound(recordId);
    if (outcome.status !== 'shared') return { branch: outcome.status, output: { recordId, url: null } };
    const { url, shareId, alreadyShared, emailedTo } = outcome;
    return {
      branch: 'success',
      output: { recordId, url, shareId, alreadyShared, emailedTo },
      ...(url === null ? {} : { setVars: { [ctx.config.urlVariable ?? 'share_url']: url } }),
    };
  },
});

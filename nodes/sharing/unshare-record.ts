import { Type } from 'typebox';
import type { Localized } from '../../runtime/model/localized';
import { defineNode } from '../../runtime/model/node-definition';
import { SUCCESS_FAILURE } from '../common/labels';
import { originOf, recordIdOf, recordSourceFields } from './shared';

const BRANCHES = ['success', 'failure', 'not_shared'] as const;

const BRANCH_LABELS = {
  ...SUCCESS_FAILURE,
  not_shared: { ja: '共有されていない', en: 'Not shared' },
} satisfies Record<string, Localized>;

/**
 * Revokes a record's share link: the customer's page answers "no longer available" at once. Put
 * it after a delay (or in a delayed stage automation) for "unshare 7 days after 完了".
 */
export const unshareRecordNode = defineNode({
  type: 'sharing.unshare_record',
  version: 1,
  category: 'sharing',
  labels: { ja: 'レコードの外部共有を解除', en: 'Unshare record' },
  description: {
    ja: 'レコードの公開リンクを無効にします。',
    en: 'Revokes the record’s public link.',
  },
  config: Type.Object({ ...recordSourceFields }, { additionalProperties: false }),
  branches: BRANCHES,
  branchLabels: BRANCH_LABELS,
  sideEffects: true,
  outputs: Type.Object({ recordId: Type.String() }),
  run: async (ctx) => {
    const recordId = recordIdOf(ctx);
    const outcome = await ctx.port('sharing').unshare({ recordId, origin: originOf(ctx) });
    return { branch: outcome.status === 'unshared' ? 'success' : 'not_shared', output: { recordId } };
  },
});

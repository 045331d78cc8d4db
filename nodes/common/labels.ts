import type { Localized } from '../../runtime/model/localized';

/** Labels of the branches many nodes share. */
export const NEXT: Record<'next', Localized> = { next: { ja: '次へ', en: 'Next' } };

export const SUCCESS_FAILURE: Record<'success' | 'failure', Localized> = {
  success: { ja: '成功', en: 'Success' },
  failure: { ja: '失敗', en: 'Failure' },
};

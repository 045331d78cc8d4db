import type { Database } from '../db/index';
import type { CrmRecordModel } from '../db/models/crm/index';
import type { ShareLinkModel, ShareSettingsModel } from '../db/models/sharing/index';
import { hashShareToken, looksLikeShareToken } from './tokens';

/** What a token leads to: nothing, a link that no longer works, or a live share. */
export type ShareLookup =
  | { state: 'unknown' }
  | { state: 'gone' }
  | { state: 'live'; link: ShareLinkModel; settings: ShareSettingsModel; record: CrmRecordModel };

/**
 * Resolves a token on every request (never cached, so an unshare or a switched-off pipeline takes
 * effect at once): the link must be active, its pipeline's sharing on, and the record still in it.
 */
export async function lookupShare(db: Database, token: string): Promise<ShareLookup> {
  if (!looksLikeShareToken(token)) return { state: 'unknown' };
  const link = await db.models.ShareLink.findOne({ where: { tokenHash: hashShareToken(token) } });
  if (!link) return { state: 'unknown' };
  if (link.status !== 'active') return { state: 'gone' };
  const [settings, record] = await Promise.all([
    db.models.ShareSettings.findByPk(link.pipelineId),
    db.models.CrmRecord.findByPk(link.recordId),
  ]);
  if (!settings?.enabled || !record || record.pipelineId !== link.pipelineId) return { state: 'gone' };
  return { state: 'live', link, settings, record };
}

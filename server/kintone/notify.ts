import { Op } from 'sequelize';
import type { MailPort } from '../../runtime/ports/mail';
import type { Database } from '../db/index';
import type { KintoneSyncModel } from '../db/models/kintone/index';

/**
 * Tells the owners and admins by mail that a kintone sync stopped (kintone refused, the connection
 * was switched off …). Sent once per stop — the runner retries every minute, a mail each time would
 * flood them — and in both languages, since the admins' languages are not known here.
 */
export async function mailSyncStopped(options: {
  db: Database;
  mail: MailPort;
  sync: KintoneSyncModel;
  reason: string;
  publicUrl: string;
}): Promise<void> {
  const admins = await options.db.models.User.findAll({
    where: { role: { [Op.in]: ['owner', 'admin'] }, disabled: false },
  });
  const to = admins.map((user) => user.email);
  if (to.length === 0) return;
  const where = `${options.publicUrl.replace(/\/+$/, '')}/#/settings`;
  await options.mail.send({
    to,
    subject: 'kintone の同期が止まりました / kintone sync stopped',
    text: [
      `kintone の顧客の同期が止まりました。理由: ${options.reason}`,
      `設定 > 連携 で内容を確認し、「今すぐ取り込む」で再開できます（止まったページから続けます）: ${where}`,
      '',
      `The kintone customer sync stopped. Reason: ${options.reason}`,
      `Check it in Settings > Connections and press "Sync now" to resume where it stopped: ${where}`,
    ].join('\n'),
    idempotencyKey: `kintone-sync-stopped:${options.sync.id}:${options.sync.updatedAt.getTime()}`,
  });
}

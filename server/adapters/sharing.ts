import type { ShareOutcome, SharingOrigin, SharingPort, UnshareOutcome } from '../../runtime/ports/sharing';
import type { AppDeps } from '../app';
import type { Database } from '../db/index';
import { createSharing } from '../sharing/index';
import type { Sharing } from '../sharing/index';
import { recipientEmail } from '../sharing/recipient';

function actorOf(origin: SharingOrigin) {
  return { userId: null, label: `workflow:${origin.workflowId}` };
}

/**
 * The runtime's sharing port over the sharing services, for workflows and stage automations. The
 * share e-mail goes out in Japanese (the team's customers read Japanese first). A step retried
 * after the link was made finds it active and does not mail again.
 */
export function createSharingAdapter(deps: { db: Database; sharing: Sharing }): SharingPort {
  const { db, sharing } = deps;
  return {
    async share({ recordId, sendEmail, origin }): Promise<ShareOutcome> {
      const record = await db.models.CrmRecord.findByPk(recordId);
      if (!record?.pipelineId) return { status: 'not_found', recordId };
      const settings = await sharing.settings.row(record.pipelineId);
      if (!settings.enabled) return { status: 'sharing_disabled', recordId };
      const to = await recipientEmail(db, record);
      if (sendEmail && !to) return { status: 'no_recipient_email', recordId };
      const active = await sharing.links.active(recordId);
      if (active) {
        return {
          status: 'shared',
          recordId,
          shareId: active.id,
          url: null,
          alreadyShared: true,
          emailedTo: null,
        };
      }
      const created = await sharing.links.share({ recordId, actor: actorOf(origin), language: 'ja' });
      let emailedTo: string | null = null;
      if (sendEmail && to) {
        await sharing.links.sendMail({
          recordId,
          to,
          subject: created.draft.subject,
          text: created.draft.text,
        });
        emailedTo = to;
      }
      return {
        status: 'shared',
        recordId,
        shareId: created.shareId,
        url: created.url,
        alreadyShared: false,
        emailedTo,
      };
    },
    async unshare({ recordId }): Promise<UnshareOutcome> {
      return (await sharing.links.unshare(recordId))
        ? { status: 'unshared', recordId }
        : { status: 'not_shared', recordId };
    },
  };
}

/** The port for a running app: `ports.sharing` of the execution layer (server/execution/app-wiring.ts). */
export function sharingPortForApp(deps: AppDeps): SharingPort {
  const { db, config, services } = deps;
  const sharing = createSharing({
    db,
    clock: services.clock,
    mail: services.mail,
    publicUrl: config.publicUrl,
    secret: config.secretKey,
  });
  return createSharingAdapter({ db, sharing });
}

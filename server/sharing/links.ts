import { randomUUID } from 'node:crypto';
import { Op } from 'sequelize';
import type { Language } from '../../runtime/model/localized';
import type { Clock } from '../../runtime/ports/clock';
import type { MailPort } from '../../runtime/ports/mail';
import type { Database } from '../db/index';
import type { CrmRecordModel } from '../db/models/crm/index';
import type { ShareLinkModel } from '../db/models/sharing/index';
import { recordNotFound, sharingDisabled, sharingError } from './errors';
import { shareMailDraft } from './mail-text';
import type { ShareMailDraft } from './mail-text';
import { recipientEmail } from './recipient';
import type { ShareSettingsService } from './settings';
import { hashShareToken, newShareToken } from './tokens';

/** Who shares or unshares: a signed-in user, or a workflow / stage automation. */
export interface ShareActor {
  userId: string | null;
  label: string;
}

/** A currently shared record as the "all externally shared" view lists it. */
export interface SharedRecordView {
  shareId: string;
  recordId: string;
  recordName: string;
  module: string;
  pipelineId: string;
  stageId: string | null;
  sharedBy: string | null;
  sharedByLabel: string;
  sharedAt: string;
}

/** The result of sharing: the link (shown once: only its hash is kept) and the e-mail draft. */
export interface ShareCreated {
  shareId: string;
  recordId: string;
  url: string;
  recipient: string | null;
  draft: ShareMailDraft;
}

/** Share links: create (one active per record), revoke, list, and the share e-mail. */
export class ShareService {
  constructor(
    private readonly deps: {
      db: Database;
      clock: Clock;
      publicUrl: string;
      mail: MailPort;
      settings: ShareSettingsService;
    },
  ) {}

  private async sharedRecord(recordId: string): Promise<CrmRecordModel & { pipelineId: string }> {
    const record = await this.deps.db.models.CrmRecord.findByPk(recordId);
    const pipelineId = record?.pipelineId;
    if (!record || !pipelineId) throw recordNotFound(recordId);
    return Object.assign(record, { pipelineId });
  }

  /** The record's active link, if any. */
  active(recordId: string): Promise<ShareLinkModel | null> {
    return this.deps.db.models.ShareLink.findOne({ where: { recordId, status: 'active' } });
  }

  /** Creates the record's link. Refused when the pipeline's sharing is off or a link is active. */
  async share(options: { recordId: string; actor: ShareActor; language: Language }): Promise<ShareCreated> {
    const record = await this.sharedRecord(options.recordId);
    const settings = await this.deps.settings.row(record.pipelineId);
    if (!settings.enabled) throw sharingDisabled();
    if (await this.active(record.id)) {
      throw sharingError({
        status: 409,
        code: 'already_shared',
        message: {
          ja: 'このレコードはすでに共有されています。新しいリンクが必要なら、共有を解除してから共有し直してください。',
          en: 'This record is already shared. Unshare it first if you need a new link.',
        },
      });
    }
    const token = newShareToken();
    const link = await this.deps.db.models.ShareLink.create({
      id: randomUUID(),
      tokenHash: hashShareToken(token),
      recordId: record.id,
      pipelineId: record.pipelineId,
      status: 'active',
      sharedBy: options.actor.userId,
      sharedByLabel: options.actor.label,
      createdAt: this.deps.clock.now(),
    });
    const url = `${this.deps.publicUrl}/s/${token}`;
    const recipient = await recipientEmail(this.deps.db, record);
    return {
      shareId: link.id,
      recordId: record.id,
      url,
      recipient,
      draft: shareMailDraft({
        to: recipient,
        recordName: record.name,
        url,
        orgName: settings.orgName,
        language: options.language,
      }),
    };
  }

  /** Revokes the record's active link at once; false when it was not shared. */
  async unshare(recordId: string): Promise<boolean> {
    const [count] = await this.deps.db.models.ShareLink.update(
      { status: 'revoked', revokedAt: this.deps.clock.now(), revokedReason: 'unshared' },
      { where: { recordId, status: 'active' } },
    );
    return count > 0;
  }

  /** Switches sharing for a pipeline; switching it off revokes every link (none comes back). */
  async setPipelineEnabled(pipelineId: string, enabled: boolean): Promise<number> {
    await this.deps.settings.setEnabled(pipelineId, enabled);
    if (enabled) return 0;
    const [count] = await this.deps.db.models.ShareLink.update(
      { status: 'revoked', revokedAt: this.deps.clock.now(), revokedReason: 'pipeline_disabled' },
      { where: { pipelineId, status: 'active' } },
    );
    return count;
  }

  /** Currently shared records, newest first ("all externally shared"); optionally of one pipeline. */
  async list(options: { pipelineId?: string; recordIds?: string[] } = {}): Promise<SharedRecordView[]> {
    const models = this.deps.db.models;
    const links = await models.ShareLink.findAll({
      where: {
        status: 'active',
        ...(options.pipelineId ? { pipelineId: options.pipelineId } : {}),
        ...(options.recordIds ? { recordId: { [Op.in]: options.recordIds } } : {}),
      },
      order: [['createdAt', 'DESC']],
    });
    const records = await models.CrmRecord.findAll({
      where: { id: { [Op.in]: links.map((link) => link.recordId) } },
    });
    const byId = new Map(records.map((record) => [record.id, record]));
    return links.flatMap((link) => {
      const record = byId.get(link.recordId);
      if (!record) return [];
      return [
        {
          shareId: link.id,
          recordId: record.id,
          recordName: record.name,
          module: record.module,
          pipelineId: link.pipelineId,
          stageId: record.stageId,
          sharedBy: link.sharedBy,
          sharedByLabel: link.sharedByLabel,
          sharedAt: new Date(link.createdAt).toISOString(),
        },
      ];
    });
  }

  /** Sends the (possibly edited) share e-mail; the recipient defaults to the record's e-mail. */
  async sendMail(options: {
    recordId: string;
    to?: string;
    subject: string;
    text: string;
  }): Promise<{ messageId: string; to: string }> {
    const record = await this.sharedRecord(options.recordId);
    const link = await this.active(record.id);
    if (!link) {
      throw sharingError({
        status: 409,
        code: 'not_shared',
        message: { ja: 'このレコードは共有されていません。', en: 'This record is not shared.' },
      });
    }
    const to = options.to ?? (await recipientEmail(this.deps.db, record));
    if (!to) {
      throw sharingError({
        status: 422,
        code: 'no_recipient_email',
        message: {
          ja: 'レコードにメールアドレスがありません。宛先を入力してください。',
          en: 'The record has no e-mail address. Enter a recipient.',
        },
      });
    }
    const sent = await this.deps.mail.send({
      to: [to],
      subject: options.subject,
      text: options.text,
      idempotencyKey: `share-mail:${link.id}:${hashShareToken(options.subject + options.text + to)}`,
    });
    return { messageId: sent.messageId, to };
  }
}

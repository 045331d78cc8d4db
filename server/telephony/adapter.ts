import { randomUUID } from 'node:crypto';
import { Op } from 'sequelize';
import type { CallEvent, MatchModule, PhoneMatch, TelephonyPort } from '../../runtime/ports/telephony';
import type { Database } from '../db/index';
import type { CrmRecordModel } from '../db/models/crm/index';
import { toE164 } from './phone';

const MATCH_MODULES: readonly MatchModule[] = ['contacts', 'leads', 'companies'];

function isMatchModule(value: string): value is MatchModule {
  return MATCH_MODULES.some((module) => module === value);
}

/** The user's note first, then the call's details. */
function joinMemo(note: string, callMemo: string): string {
  return [note, callMemo].filter((part) => part !== '').join('\n\n');
}

/** The task of a call: found by the call id kept in its fields. */
async function taskOfCall(db: Database, callId: string): Promise<CrmRecordModel | null> {
  return db.models.CrmRecord.findOne({
    where: { module: 'tasks', fields: { callId } },
    order: [['createdAt', 'ASC']],
  });
}

/** A Musubi user's id for the phone user (an e-mail or an id); null when unknown. */
async function ownerOf(db: Database, user: string | undefined): Promise<string | null> {
  if (!user) return null;
  const found = await db.models.User.findOne({
    where: user.includes('@') ? { email: user.toLowerCase() } : { id: user },
  });
  return found?.id ?? null;
}

/** The telephony port over the built-in CRM's records (to-dos are `tasks` records). */
export function createTelephonyAdapter(options: { db: Database }): TelephonyPort {
  const { db } = options;
  return {
    async matchPhone({ phone, order }) {
      const e164 = toE164(phone);
      if (!e164) return { matches: [], remembered: false };
      const choice = await db.models.PhoneChoice.findByPk(e164);
      if (choice && isMatchModule(choice.recordModule)) {
        const record = await db.models.CrmRecord.findByPk(choice.recordId);
        if (record)
          return {
            matches: [{ module: choice.recordModule, id: record.id, name: record.name }],
            remembered: true,
          };
      }
      for (const module of order) {
        const rows = await db.models.CrmRecord.findAll({
          where: { module, phoneE164: e164 },
          order: [['createdAt', 'ASC']],
          limit: 20,
        });
        if (rows.length > 0)
          return { matches: rows.map((row) => ({ module, id: row.id, name: row.name })), remembered: false };
      }
      return { matches: [], remembered: false };
    },

    async logCall({ call, match, subject, memo }) {
      const ownerId = await ownerOf(db, call.user);
      const values = {
        name: subject,
        status: 'done',
        dueAt: new Date(call.startedAt),
        ownerId,
        contactId: match?.module === 'contacts' ? match.id : null,
        relatedModule: match?.module ?? null,
        relatedId: match?.id ?? null,
      };
      const callFields = {
        callId: call.callId,
        callRecordId: call.id,
        direction: call.direction,
        durationSec: call.durationSec,
        startedAt: call.startedAt,
        recordingUrls: call.recordingUrls,
        voicemailUrl: call.voicemailUrl ?? null,
      };
      const existing = await taskOfCall(db, call.callId);
      let taskId: string;
      if (existing) {
        // A note taken during the call keeps its subject and memo; the call's details are added.
        const note = typeof existing.fields.note === 'string' ? existing.fields.note : '';
        const ownSubject = existing.fields.userSubject === true;
        await existing.update({
          ...values,
          name: ownSubject ? existing.name : subject,
          fields: { ...existing.fields, ...callFields, callMemo: memo, description: joinMemo(note, memo) },
        });
        taskId = existing.id;
      } else {
        taskId = randomUUID();
        await db.models.CrmRecord.create({
          id: taskId,
          module: 'tasks',
          ...values,
          fields: { ...callFields, callMemo: memo, description: memo },
        });
      }
      await db.models.TelephonyCall.update(
        { status: 'logged', taskId, contactModule: match?.module ?? null, contactId: match?.id ?? null },
        { where: { id: call.id } },
      );
      return { taskId };
    },

    async setCallStatus({ callRecordId, status, candidates }) {
      await db.models.TelephonyCall.update(
        { status, ...(candidates ? { candidates } : {}) },
        { where: { id: callRecordId } },
      );
    },

    async createTodo({ subject, memo, contactId, dueDate, callId, owner }) {
      const ownerId = await ownerOf(db, owner);
      const contact = contactId
        ? await db.models.CrmRecord.findOne({
            where: { id: contactId, module: { [Op.in]: [...MATCH_MODULES] } },
          })
        : null;
      const link = contact
        ? {
            contactId: contact.module === 'contacts' ? contact.id : null,
            relatedModule: contact.module,
            relatedId: contact.id,
          }
        : {};
      if (callId) {
        const existing = await taskOfCall(db, callId);
        if (existing) {
          // Saved after the call ended: the one completed to-do of the call takes the note.
          const status = existing.status === 'done' ? 'done' : 'open';
          await existing.update({
            name: subject,
            ...link,
            fields: {
              ...existing.fields,
              note: memo,
              userSubject: true,
              description: joinMemo(
                memo,
                typeof existing.fields.callMemo === 'string' ? existing.fields.callMemo : '',
              ),
            },
          });
          return { taskId: existing.id, status };
        }
      }
      const taskId = randomUUID();
      await db.models.CrmRecord.create({
        id: taskId,
        module: 'tasks',
        name: subject,
        status: 'open',
        ownerId,
        dueAt: dueDate ? new Date(`${dueDate}T00:00:00Z`) : null,
        ...link,
        fields: { description: memo, ...(callId ? { callId, note: memo, userSubject: true } : {}) },
      });
      return { taskId, status: 'open' };
    },
  };
}

export type { CallEvent, PhoneMatch };

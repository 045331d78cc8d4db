import type { Database } from '../db/index';
import type { CrmRecordModel } from '../db/models/crm/index';

/** The customer's address: the ticket's own e-mail, else the e-mail of the record's contact. */
export async function recipientEmail(db: Database, record: CrmRecordModel): Promise<string | null> {
  if (record.email) return record.email;
  if (!record.contactId) return null;
  const contact = await db.models.CrmRecord.findByPk(record.contactId);
  return contact?.email ?? null;
}

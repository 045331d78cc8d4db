import { randomUUID } from 'node:crypto';
import { Type } from 'typebox';
import type { Database } from '../db/index';
import type { ListMemberModel } from '../db/models/crm/index';
import { crmBodyChecker } from './check';
import { refuse } from './errors';
import { looksLikeEmail, normalizeEmail, normalizePhone } from './normalize';

const readMember = crmBodyChecker(
  Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 200 }),
      email: Type.String({ minLength: 3, maxLength: 320 }),
      phone: Type.Optional(Type.Union([Type.String({ maxLength: 50 }), Type.Null()])),
    },
    { additionalProperties: false },
  ),
);

export interface ListMemberView {
  id: string;
  listId: string;
  name: string;
  email: string;
  phone: string | null;
  phoneE164: string | null;
  status: string;
  createdAt: string;
  updatedAt: string;
}

function describe(row: ListMemberModel): ListMemberView {
  return {
    id: row.id,
    listId: row.listId,
    name: row.name,
    email: row.email,
    phone: row.phone,
    phoneE164: row.phoneE164,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Members of mailing lists: one per list and e-mail (lower-cased); adding an existing one updates it. */
export class ListService {
  constructor(private readonly db: Database) {}

  async members(options: {
    listId: string;
    limit: number;
    offset: number;
  }): Promise<{ items: ListMemberView[]; total: number }> {
    const { rows, count } = await this.db.models.CrmListMember.findAndCountAll({
      where: { listId: options.listId },
      order: [
        ['createdAt', 'ASC'],
        ['id', 'ASC'],
      ],
      limit: options.limit,
      offset: options.offset,
    });
    return { items: rows.map(describe), total: count };
  }

  /** Adds (or updates) a member; refuses a missing list, a bad e-mail or phone naming the field. */
  async addMember(options: {
    listId: string;
    body: unknown;
  }): Promise<{ member: ListMemberView; state: 'subscribed' | 'updated' }> {
    const input = readMember(options.body);
    const list = await this.db.models.CrmRecord.findByPk(options.listId, { attributes: ['id', 'module'] });
    if (!list || list.module !== 'mailing_lists') {
      refuse('listId', {
        ja: `配信リスト「${options.listId}」は見つかりません。`,
        en: `There is no mailing list "${options.listId}".`,
      });
    }
    if (!looksLikeEmail(input.email)) {
      refuse('email', {
        ja: `「${input.email}」はメールアドレスではありません。`,
        en: `"${input.email}" is not an e-mail address.`,
      });
    }
    const phone = input.phone?.trim() || null;
    const phoneE164 = phone ? normalizePhone(phone) : undefined;
    if (phone && !phoneE164) {
      refuse('phone', {
        ja: `「${phone}」は電話番号として読めません。`,
        en: `"${phone}" is not a phone number.`,
      });
    }
    const email = input.email.normalize('NFKC').trim();
    const emailNormalized = normalizeEmail(email);
    const existing = await this.db.models.CrmListMember.findOne({
      where: { listId: options.listId, emailNormalized },
    });
    if (existing) {
      await existing.update({
        name: input.name.trim(),
        email,
        status: 'subscribed',
        // An update without a phone keeps the one already known.
        ...(phone ? { phone, phoneE164: phoneE164 ?? null } : {}),
      });
      return { member: describe(existing), state: 'updated' };
    }
    const row = await this.db.models.CrmListMember.create({
      id: randomUUID(),
      listId: options.listId,
      name: input.name.trim(),
      email,
      emailNormalized,
      phone,
      phoneE164: phoneE164 ?? null,
      status: 'subscribed',
    });
    return { member: describe(row), state: 'subscribed' };
  }

  async removeMember(options: { listId: string; memberId: string }): Promise<boolean> {
    return (
      (await this.db.models.CrmListMember.destroy({
        where: { id: options.memberId, listId: options.listId },
      })) > 0
    );
  }
}

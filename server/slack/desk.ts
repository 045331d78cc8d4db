import { randomUUID } from 'node:crypto';
import { Op } from 'sequelize';
import type { MailPort } from '../../runtime/ports/mail';
import type { Database } from '../db/index';
import type { CrmRecordModel } from '../db/models/crm/record';
import type { UserModel } from '../db/models/index';
import type { TicketSnapshot } from './messages';

/** What slash commands and buttons do to tickets, as one user. */
export interface SlackDesk {
  findTicket(number: number): Promise<TicketSnapshot | undefined>;
  listTickets(options: { user: UserModel; status?: string }): Promise<TicketSnapshot[]>;
  createTicket(options: { user: UserModel; subject: string }): Promise<TicketSnapshot>;
  addComment(options: { user: UserModel; number: number; text: string }): Promise<TicketSnapshot | undefined>;
  /** Mails the ticket's contact; `no_contact` when the ticket has nobody to write to. */
  reply(options: {
    user: UserModel;
    number: number;
    text: string;
  }): Promise<TicketSnapshot | 'no_contact' | undefined>;
  assignToUser(options: {
    user: UserModel;
    ticketId: string;
  }): Promise<TicketSnapshot | 'no_agent' | undefined>;
  close(options: { user: UserModel; ticketId: string }): Promise<TicketSnapshot | undefined>;
}

const CLOSED = '完了';
const OPEN = '未対応';

/**
 * The help-desk side of Slack commands over the built-in records. It writes ticket rows directly
 * until the CRM's ticket service offers these operations; then this file should call that
 * service instead, so history and record events are raised in one place.
 */
export function createRecordsDesk(options: { db: Database; mail: MailPort }): SlackDesk {
  const { db } = options;
  const { CrmRecord, CrmAgent, CrmDepartment } = db.models;

  async function snapshot(row: CrmRecordModel): Promise<TicketSnapshot> {
    const [agent, department, contact] = await Promise.all([
      row.agentId ? CrmAgent.findByPk(row.agentId) : null,
      row.departmentId ? CrmDepartment.findByPk(row.departmentId) : null,
      row.contactId ? CrmRecord.findByPk(row.contactId) : null,
    ]);
    return {
      id: row.id,
      number: row.number ?? 0,
      subject: row.name,
      status: row.status ?? OPEN,
      priority: row.priority,
      departmentId: row.departmentId,
      departmentName: department?.name ?? null,
      agentName: agent?.name ?? null,
      agentEmail: agent?.email ?? null,
      contactName: contact?.name ?? null,
    };
  }

  const byNumber = (number: number) => CrmRecord.findOne({ where: { module: 'tickets', number } });

  async function appendToFields(
    row: CrmRecordModel,
    key: string,
    entry: Record<string, unknown>,
    user: UserModel,
  ) {
    const fields = { ...row.fields };
    const existing: unknown = fields[key];
    const list: unknown[] = Array.isArray(existing) ? existing.slice() : [];
    list.push(entry);
    fields[key] = list;
    await row.update({ fields, updatedBy: user.id });
  }

  async function agentOf(user: UserModel) {
    return CrmAgent.findOne({ where: { email: user.email, deletedAt: null } });
  }

  return {
    async findTicket(number) {
      const row = await byNumber(number);
      return row ? snapshot(row) : undefined;
    },
    async listTickets({ user, status }) {
      const agent = await agentOf(user);
      const mine = agent ? [{ ownerId: user.id }, { agentId: agent.id }] : [{ ownerId: user.id }];
      const rows = await CrmRecord.findAll({
        where: { module: 'tickets', [Op.or]: mine, ...(status ? { status } : {}) },
        order: [['number', 'DESC']],
        limit: 20,
      });
      return Promise.all(rows.map(snapshot));
    },
    async createTicket({ user, subject }) {
      const row = await db.sequelize.transaction(async (transaction) => {
        const highest: unknown = await CrmRecord.max('number', { where: { module: 'tickets' }, transaction });
        return CrmRecord.create(
          {
            id: randomUUID(),
            module: 'tickets',
            name: subject,
            number: (typeof highest === 'number' ? highest : 0) + 1,
            status: OPEN,
            ownerId: user.id,
            createdBy: user.id,
            fields: { source: 'slack' },
          },
          { transaction },
        );
      });
      return snapshot(row);
    },
    async addComment({ user, number, text }) {
      const row = await byNumber(number);
      if (!row) return undefined;
      await appendToFields(
        row,
        'comments',
        { id: randomUUID(), by: user.email, text, at: new Date().toISOString(), via: 'slack' },
        user,
      );
      return snapshot(row);
    },
    async reply({ user, number, text }) {
      const row = await byNumber(number);
      if (!row) return undefined;
      const contact = row.contactId ? await CrmRecord.findByPk(row.contactId) : null;
      if (!contact?.email) return 'no_contact';
      const replyId = randomUUID();
      await options.mail.send({
        to: [contact.email],
        subject: `Re: [#${row.number ?? 0}] ${row.name}`,
        text,
        replyTo: user.email,
        idempotencyKey: `slack-reply:${replyId}`,
      });
      await appendToFields(
        row,
        'replies',
        { id: replyId, by: user.email, to: contact.email, text, at: new Date().toISOString(), via: 'slack' },
        user,
      );
      return snapshot(row);
    },
    async assignToUser({ user, ticketId }) {
      const row = await CrmRecord.findOne({ where: { id: ticketId, module: 'tickets' } });
      if (!row) return undefined;
      const agent = await agentOf(user);
      if (!agent) return 'no_agent';
      await row.update({ agentId: agent.id, updatedBy: user.id });
      return snapshot(row);
    },
    async close({ user, ticketId }) {
      const row = await CrmRecord.findOne({ where: { id: ticketId, module: 'tickets' } });
      if (!row) return undefined;
      await row.update({ status: CLOSED, updatedBy: user.id });
      return snapshot(row);
    },
  };
}

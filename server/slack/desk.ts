import { randomUUID } from 'node:crypto';
import { Op } from 'sequelize';
import type { MailPort } from '../../runtime/ports/mail';
import type { CrmActor } from '../crm/actor';
import type { RecordService } from '../crm/records';
import type { Database } from '../db/index';
import type { CrmRecordModel } from '../db/models/crm/record';
import type { UserModel } from '../db/models/index';
import type { TicketSnapshot } from './messages';

/** What slash commands and buttons do to tickets, as one user. */
export interface SlackDesk {
  findTicket(number: number): Promise<TicketSnapshot | undefined>;
  snapshotById(id: string): Promise<TicketSnapshot | undefined>;
  listTickets(options: { user: UserModel; status?: string }): Promise<TicketSnapshot[]>;
  createTicket(options: { user: UserModel; subject: string }): Promise<TicketSnapshot | undefined>;
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

const actorOf = (user: UserModel): CrmActor => ({
  userId: user.id,
  label: `${user.email} (Slack)`,
  source: 'api',
  eventDepth: 0,
});

/**
 * The help-desk side of Slack commands over the built-in records. Creates, assignments and
 * status moves go through the CRM's record service, so history, record-event triggers and the
 * Slack notifications follow as for any other change. Comments and replies are kept in the
 * ticket's fields until the CRM has a comment thread of its own.
 */
export function createRecordsDesk(options: {
  db: Database;
  mail: MailPort;
  records: RecordService;
}): SlackDesk {
  const { db, records } = options;
  const { CrmRecord, CrmAgent, CrmDepartment, CrmStage } = db.models;

  async function snapshot(row: CrmRecordModel): Promise<TicketSnapshot> {
    const [agent, department, contact, stage] = await Promise.all([
      row.agentId ? CrmAgent.findByPk(row.agentId) : null,
      row.departmentId ? CrmDepartment.findByPk(row.departmentId) : null,
      row.contactId ? CrmRecord.findByPk(row.contactId) : null,
      row.stageId ? CrmStage.findByPk(row.stageId) : null,
    ]);
    return {
      id: row.id,
      number: row.number ?? 0,
      subject: row.name,
      status: stage?.name ?? row.status ?? '—',
      priority: row.priority,
      departmentId: row.departmentId,
      departmentName: department?.name ?? null,
      agentName: agent?.name ?? null,
      agentEmail: agent?.email ?? null,
      contactName: contact?.name ?? null,
    };
  }

  const byNumber = (number: number) => CrmRecord.findOne({ where: { module: 'tickets', number } });
  const byId = (id: string) => CrmRecord.findOne({ where: { id, module: 'tickets' } });
  const agentOf = (user: UserModel) => CrmAgent.findOne({ where: { email: user.email, deletedAt: null } });

  async function append(row: CrmRecordModel, key: string, entry: Record<string, unknown>, user: UserModel) {
    const fields = { ...row.fields };
    const existing: unknown = fields[key];
    const list: unknown[] = Array.isArray(existing) ? existing.slice() : [];
    list.push({ id: randomUUID(), by: user.email, at: new Date().toISOString(), via: 'slack', ...entry });
    fields[key] = list;
    await row.update({ fields, updatedBy: user.id });
  }

  return {
    async findTicket(number) {
      const row = await byNumber(number);
      return row ? snapshot(row) : undefined;
    },
    async snapshotById(id) {
      const row = await byId(id);
      return row ? snapshot(row) : undefined;
    },
    async listTickets({ user, status }) {
      const agent = await agentOf(user);
      const mine = agent ? [{ ownerId: user.id }, { agentId: agent.id }] : [{ ownerId: user.id }];
      const rows = await CrmRecord.findAll({
        where: { module: 'tickets', [Op.or]: mine },
        order: [['number', 'DESC']],
        limit: 50,
      });
      const all = await Promise.all(rows.map(snapshot));
      return (status ? all.filter((ticket) => ticket.status === status) : all).slice(0, 20);
    },
    async createTicket({ user, subject }) {
      const view = await records.create({
        module: 'tickets',
        input: { name: subject },
        actor: actorOf(user),
      });
      const row = await byId(view.id);
      return row ? snapshot(row) : undefined;
    },
    async addComment({ user, number, text }) {
      const row = await byNumber(number);
      if (!row) return undefined;
      await append(row, 'comments', { text }, user);
      return snapshot(row);
    },
    async reply({ user, number, text }) {
      const row = await byNumber(number);
      if (!row) return undefined;
      const contact = row.contactId ? await CrmRecord.findByPk(row.contactId) : null;
      const to = contact?.email ?? row.email;
      if (!to) return 'no_contact';
      const replyId = randomUUID();
      await options.mail.send({
        to: [to],
        subject: `Re: [#${row.number ?? 0}] ${row.name}`,
        text,
        replyTo: user.email,
        idempotencyKey: `slack-reply:${replyId}`,
      });
      await append(row, 'replies', { to, text }, user);
      return snapshot(row);
    },
    async assignToUser({ user, ticketId }) {
      const agent = await agentOf(user);
      if (!agent) return 'no_agent';
      const view = await records.update({
        module: 'tickets',
        id: ticketId,
        input: { agentId: agent.id },
        actor: actorOf(user),
      });
      const row = view ? await byId(view.id) : null;
      return row ? snapshot(row) : undefined;
    },
    async close({ user, ticketId }) {
      const row = await byId(ticketId);
      if (!row) return undefined;
      const closed = row.pipelineId
        ? await CrmStage.findOne({
            where: { pipelineId: row.pipelineId, outcome: 'closed' },
            order: [['position', 'ASC']],
          })
        : null;
      if (closed)
        await records.moveStage({
          module: 'tickets',
          id: ticketId,
          stageId: closed.id,
          actor: actorOf(user),
        });
      const after = await byId(ticketId);
      return after ? snapshot(after) : undefined;
    },
  };
}

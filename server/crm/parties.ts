import { randomUUID } from 'node:crypto';
import { Op } from 'sequelize';
import { Type } from 'typebox';
import type { PartyStatus } from '../../runtime/ports/crm';
import type { Clock } from '../../runtime/ports/clock';
import type { Database } from '../db/index';
import { PARTY_STATUSES, type AgentModel, type DepartmentModel } from '../db/models/crm/index';
import { crmBodyChecker } from './check';
import { refuse } from './errors';

const status = Type.Union(PARTY_STATUSES.map((value) => Type.Literal(value)));
const name = Type.String({ minLength: 1, maxLength: 200 });
const idField = Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$' }));

const readDepartment = crmBodyChecker(
  Type.Object({ id: idField, name, status: Type.Optional(status) }, { additionalProperties: false }),
);
const readDepartmentPatch = crmBodyChecker(
  Type.Object({ name: Type.Optional(name), status: Type.Optional(status) }, { additionalProperties: false }),
);
const agentFields = {
  email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 320 }), Type.Null()])),
  departmentId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
};
const readAgent = crmBodyChecker(
  Type.Object(
    { id: idField, name, status: Type.Optional(status), ...agentFields },
    { additionalProperties: false },
  ),
);
const readAgentPatch = crmBodyChecker(
  Type.Object(
    { name: Type.Optional(name), status: Type.Optional(status), ...agentFields },
    { additionalProperties: false },
  ),
);

export interface PartyView {
  id: string;
  name: string;
  status: 'active' | 'disabled' | 'deleted';
  email?: string | null;
  departmentId?: string | null;
  deletedAt: string | null;
}

function describe(row: DepartmentModel | AgentModel): PartyView {
  const view: PartyView = {
    id: row.id,
    name: row.name,
    status: row.deletedAt ? 'deleted' : row.status,
    deletedAt: row.deletedAt ? row.deletedAt.toISOString() : null,
  };
  if ('email' in row) {
    view.email = row.email;
    view.departmentId = row.departmentId;
  }
  return view;
}

/**
 * Help-desk departments and agents. They can be switched off and deleted; a delete only marks the
 * row, so tickets keep their reference and a workflow referring to one can tell why it is invalid.
 */
export class PartyService {
  constructor(private readonly deps: { db: Database; clock: Clock }) {}

  async listDepartments(options: { includeDeleted?: boolean } = {}): Promise<PartyView[]> {
    const rows = await this.deps.db.models.CrmDepartment.findAll({
      where: options.includeDeleted ? {} : { deletedAt: { [Op.is]: null } },
      order: [['name', 'ASC']],
    });
    return rows.map(describe);
  }

  async listAgents(options: { includeDeleted?: boolean; departmentId?: string } = {}): Promise<PartyView[]> {
    const rows = await this.deps.db.models.CrmAgent.findAll({
      where: {
        ...(options.includeDeleted ? {} : { deletedAt: { [Op.is]: null } }),
        ...(options.departmentId ? { departmentId: options.departmentId } : {}),
      },
      order: [['name', 'ASC']],
    });
    return rows.map(describe);
  }

  async createDepartment(body: unknown): Promise<PartyView> {
    const input = readDepartment(body);
    const id = input.id ?? randomUUID();
    if (await this.deps.db.models.CrmDepartment.findByPk(id))
      refuse('id', { ja: 'この ID は使われています。', en: 'This id is taken.' });
    return describe(
      await this.deps.db.models.CrmDepartment.create({
        id,
        name: input.name,
        status: input.status ?? 'active',
      }),
    );
  }

  async updateDepartment(id: string, body: unknown): Promise<PartyView | undefined> {
    const input = readDepartmentPatch(body);
    const row = await this.deps.db.models.CrmDepartment.findByPk(id);
    if (!row || row.deletedAt) return undefined;
    await row.update(input);
    return describe(row);
  }

  async createAgent(body: unknown): Promise<PartyView> {
    const input = readAgent(body);
    const id = input.id ?? randomUUID();
    if (await this.deps.db.models.CrmAgent.findByPk(id))
      refuse('id', { ja: 'この ID は使われています。', en: 'This id is taken.' });
    if (input.departmentId) await this.checkDepartment(input.departmentId);
    const row = await this.deps.db.models.CrmAgent.create({
      id,
      name: input.name,
      status: input.status ?? 'active',
      email: input.email ?? null,
      departmentId: input.departmentId ?? null,
    });
    return describe(row);
  }

  async updateAgent(id: string, body: unknown): Promise<PartyView | undefined> {
    const input = readAgentPatch(body);
    const row = await this.deps.db.models.CrmAgent.findByPk(id);
    if (!row || row.deletedAt) return undefined;
    if (input.departmentId) await this.checkDepartment(input.departmentId);
    await row.update(input);
    return describe(row);
  }

  /** Marks a department or agent deleted; false when there is none (or it is deleted already). */
  async remove(kind: 'department' | 'agent', id: string): Promise<boolean> {
    const deletedAt = new Date(this.deps.clock.now());
    const where = { id, deletedAt: { [Op.is]: null } };
    const [count] =
      kind === 'department'
        ? await this.deps.db.models.CrmDepartment.update({ deletedAt }, { where })
        : await this.deps.db.models.CrmAgent.update({ deletedAt }, { where });
    return count > 0;
  }

  /** What the inquiry node checks at run time. */
  async status(kind: 'department' | 'agent', id: string): Promise<PartyStatus> {
    const row =
      kind === 'department'
        ? await this.deps.db.models.CrmDepartment.findByPk(id)
        : await this.deps.db.models.CrmAgent.findByPk(id);
    if (!row) return 'missing';
    if (row.deletedAt) return 'deleted';
    return row.status;
  }

  private async checkDepartment(id: string): Promise<void> {
    const department = await this.deps.db.models.CrmDepartment.findByPk(id);
    if (!department || department.deletedAt) {
      refuse('departmentId', {
        ja: `部門「${id}」は見つかりません。`,
        en: `There is no department "${id}".`,
      });
    }
  }
}

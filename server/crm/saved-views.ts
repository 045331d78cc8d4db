import { randomUUID } from 'node:crypto';
import { Op } from 'sequelize';
import { Type } from 'typebox';
import { RECORD_MODULES } from '../../runtime/ports/crm';
import type { Database } from '../db/index';
import type { SavedViewModel } from '../db/models/crm/index';
import { crmBodyChecker } from './check';

const filters = Type.Record(Type.String({ maxLength: 50 }), Type.String({ maxLength: 500 }));
const readCreate = crmBodyChecker(
  Type.Object(
    {
      module: Type.Union(RECORD_MODULES.map((module) => Type.Literal(module))),
      name: Type.String({ minLength: 1, maxLength: 200 }),
      filters,
      shared: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
);
const readUpdate = crmBodyChecker(
  Type.Object(
    {
      name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      filters: Type.Optional(filters),
      shared: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
);

export interface SavedViewView {
  id: string;
  module: string;
  name: string;
  /** The list endpoint's query parameters (stageId, ownerId, q, sort …). */
  filters: Record<string, unknown>;
  ownerId: string;
  shared: boolean;
}

const describe = (row: SavedViewModel): SavedViewView => ({
  id: row.id,
  module: row.module,
  name: row.name,
  filters: row.filters,
  ownerId: row.ownerId,
  shared: row.shared,
});

/** Saved list views: each person's own, plus those shared with everyone. */
export class SavedViewService {
  constructor(private readonly db: Database) {}

  async list(options: { userId: string; module?: string }): Promise<SavedViewView[]> {
    const rows = await this.db.models.CrmSavedView.findAll({
      where: {
        [Op.or]: [{ ownerId: options.userId }, { shared: true }],
        ...(options.module ? { module: options.module } : {}),
      },
      order: [['name', 'ASC']],
    });
    return rows.map(describe);
  }

  async create(options: { userId: string; body: unknown }): Promise<SavedViewView> {
    const input = readCreate(options.body);
    const row = await this.db.models.CrmSavedView.create({
      id: randomUUID(),
      ...input,
      shared: input.shared ?? false,
      ownerId: options.userId,
    });
    return describe(row);
  }

  /** Only the owner changes or deletes a view. */
  async update(options: { userId: string; id: string; body: unknown }): Promise<SavedViewView | undefined> {
    const input = readUpdate(options.body);
    const row = await this.db.models.CrmSavedView.findOne({
      where: { id: options.id, ownerId: options.userId },
    });
    if (!row) return undefined;
    await row.update(input);
    return describe(row);
  }

  async remove(options: { userId: string; id: string }): Promise<boolean> {
    return (
      (await this.db.models.CrmSavedView.destroy({ where: { id: options.id, ownerId: options.userId } })) > 0
    );
  }
}

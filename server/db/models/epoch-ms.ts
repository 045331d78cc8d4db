import { DataTypes } from 'sequelize';

/**
 * An epoch-milliseconds column. Postgres hands BIGINT back as a string (it may exceed 2^53); our
 * times never do, so the getter turns it back into a number in both dialects.
 */
export function epochMs(name: string, allowNull: boolean) {
  return {
    type: DataTypes.BIGINT,
    allowNull,
    get(this: { getDataValue(key: string): unknown }): number | null {
      const raw = this.getDataValue(name);
      return raw === null || raw === undefined ? null : Number(raw);
    },
  };
}

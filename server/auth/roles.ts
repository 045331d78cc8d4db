import type { Role } from '../db/models/index';
import { ROLES } from '../db/models/index';

/** Higher means more rights: owner > admin > editor > viewer. */
const RANK: Record<Role, number> = { owner: 3, admin: 2, editor: 1, viewer: 0 };

/** True when `role` has at least the rights of `minimum`. */
export function roleAtLeast(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum];
}

export function isRole(value: unknown): value is Role {
  return ROLES.some((role) => role === value);
}

import type { Request } from 'express';
import type { Database } from '../db/index';
import type { UserModel } from '../db/models/index';

/** Actions written to the audit log. Others add theirs (connection.update, share.create …). */
export type AuditAction =
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.locked'
  | 'auth.logout'
  | 'auth.setup'
  | 'user.create'
  | 'user.role_change'
  | 'user.update'
  | 'token.create'
  | 'token.delete'
  | 'workflow.create'
  | 'workflow.import'
  | 'workflow.delete'
  | 'workflow.publish'
  | 'workflow.activate'
  | 'workflow.deactivate'
  | (string & {});

/** Appends one entry: who (user, or a label such as `cli`), did what, to which thing. */
export async function recordAudit(options: {
  db: Database;
  actor: UserModel | { label: string };
  action: AuditAction;
  targetType: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
  req?: Request;
}): Promise<void> {
  const actor = options.actor;
  await options.db.models.AuditLog.create({
    actorUserId: 'id' in actor ? actor.id : null,
    actorLabel: 'email' in actor ? actor.email : actor.label,
    action: options.action,
    targetType: options.targetType,
    targetId: options.targetId ?? null,
    details: options.details ?? {},
    ip: options.req?.ip ?? null,
  });
}

import type { Transaction } from 'sequelize';
import type { Database } from '../db/index';
import type { Role, UserModel } from '../db/models/index';
import { HttpError } from '../http/errors';
import { MIN_PASSWORD_LENGTH, hashPassword } from './password';

/** E-mail addresses are compared lower-cased and trimmed. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function checkPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new HttpError({
      status: 400,
      code: 'weak_password',
      message: {
        ja: `パスワードは ${MIN_PASSWORD_LENGTH} 文字以上にしてください。`,
        en: `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`,
      },
      details: { field: 'password', minLength: MIN_PASSWORD_LENGTH },
    });
  }
}

/** Creates a user; refuses a weak password and an e-mail already taken (409). */
export async function createUser(options: {
  db: Database;
  email: string;
  password: string;
  role: Role;
  displayName?: string | undefined;
  externalSharing?: boolean | undefined;
  transaction?: Transaction;
}): Promise<UserModel> {
  checkPasswordStrength(options.password);
  const email = normalizeEmail(options.email);
  const transaction = options.transaction;
  const existing = await options.db.models.User.findOne({ where: { email }, transaction });
  if (existing) {
    throw new HttpError({
      status: 409,
      code: 'email_taken',
      message: { ja: `${email} はすでに登録されています。`, en: `${email} already has an account.` },
      details: { field: 'email' },
    });
  }
  const passwordHash = await hashPassword(options.password);
  return options.db.models.User.create(
    {
      email,
      passwordHash,
      role: options.role,
      displayName: options.displayName ?? null,
      externalSharing: options.externalSharing ?? options.role === 'owner',
    },
    { transaction },
  );
}

/** True while the instance has no user yet: the first visit asks for the owner. */
export async function needsSetup(db: Database): Promise<boolean> {
  return (await db.models.User.count()) === 0;
}

/**
 * MUSUBI_OWNER_EMAIL / MUSUBI_OWNER_PASSWORD: creates the owner on a fresh instance. Does nothing
 * once any user exists, so the variables can stay set across restarts.
 */
export async function ensureOwnerFromEnv(options: {
  db: Database;
  email: string | undefined;
  password: string | undefined;
}): Promise<UserModel | undefined> {
  if (options.email === undefined || options.password === undefined) return undefined;
  if (!(await needsSetup(options.db))) return undefined;
  return createUser({ db: options.db, email: options.email, password: options.password, role: 'owner' });
}

/** What the API shows of a user: never the password hash. */
export function describeUser(user: UserModel) {
  return {
    id: user.id,
    email: user.email,
    name: user.displayName,
    role: user.role,
    externalSharing: user.externalSharing,
    disabled: user.disabled,
    locale: user.locale,
    lastLoginAt: user.lastLoginAt ? user.lastLoginAt.toISOString() : null,
    createdAt: user.createdAt.toISOString(),
  };
}

import type { Database } from '../db/index';
import type { ApiTokenModel, UserModel } from '../db/models/index';
import type { Clock } from '../../runtime/ports/clock';
import { randomToken, sha256 } from './secrets';

/** Every API token starts with this, so secret scanners and people recognise one. */
export const API_TOKEN_PREFIX = 'msb_';
/** Writing last-used on every request would turn each read into a write; once a minute is enough. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Creates a token for a user; the plain token is returned once and never stored. */
export async function createApiToken(options: {
  db: Database;
  userId: string;
  name: string;
}): Promise<{ token: string; record: ApiTokenModel }> {
  const token = `${API_TOKEN_PREFIX}${randomToken()}`;
  const record = await options.db.models.ApiToken.create({
    userId: options.userId,
    name: options.name,
    tokenHash: sha256(token),
    prefix: token.slice(0, 12),
  });
  return { token, record };
}

/** The user a bearer token belongs to, when the token exists, has not expired, and the user is enabled. */
export async function findApiTokenUser(options: {
  db: Database;
  clock: Clock;
  token: string;
}): Promise<{ token: ApiTokenModel; user: UserModel } | undefined> {
  if (!options.token.startsWith(API_TOKEN_PREFIX)) return undefined;
  const { ApiToken, User } = options.db.models;
  const record = await ApiToken.findOne({ where: { tokenHash: sha256(options.token) } });
  if (!record) return undefined;
  const now = options.clock.now();
  if (record.expiresAt && record.expiresAt.getTime() <= now) return undefined;
  const user = await User.findByPk(record.userId);
  if (!user || user.disabled) return undefined;
  if (!record.lastUsedAt || now - record.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await record.update({ lastUsedAt: new Date(now) });
  }
  return { token: record, user };
}

/** What the API shows of a token: never the token or its hash. */
export function describeApiToken(record: ApiTokenModel) {
  return {
    id: record.id,
    name: record.name,
    prefix: record.prefix,
    createdAt: record.createdAt.toISOString(),
    lastUsedAt: record.lastUsedAt ? record.lastUsedAt.toISOString() : null,
    expiresAt: record.expiresAt ? record.expiresAt.toISOString() : null,
  };
}

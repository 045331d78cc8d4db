import { request } from '../api/client';
import { isRecord, listFrom, stringField } from '../api/guards';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  externalSharing: boolean;
  disabled: boolean;
  lastLoginAt: string | null;
}

export interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface MailRow {
  id: string;
  to: string;
  subject: string;
  status: string;
  createdAt: string;
}

function toUser(value: unknown): UserRow[] {
  if (!isRecord(value)) return [];
  const id = stringField(value, 'id');
  const email = stringField(value, 'email');
  if (!id || !email) return [];
  return [
    {
      id,
      email,
      name: stringField(value, 'name') ?? '',
      role: stringField(value, 'role') ?? 'viewer',
      externalSharing: value.externalSharing === true,
      disabled: value.disabled === true,
      lastLoginAt: stringField(value, 'lastLoginAt') ?? null,
    },
  ];
}

/** The settings screens' calls: users (admin), the caller's API tokens, the outbox (admin). */
export const settingsApi = {
  async users(): Promise<UserRow[]> {
    return listFrom(await request('/api/users'), ['items', 'users']).flatMap(toUser);
  },
  async invite(o: { email: string; role: string; name: string }): Promise<string | undefined> {
    const body = await request('/api/users', { method: 'POST', body: o });
    return isRecord(body) ? stringField(body, 'temporaryPassword') : undefined;
  },
  async updateUser(o: {
    id: string;
    role?: string;
    disabled?: boolean;
    externalSharing?: boolean;
  }): Promise<void> {
    const { id, ...changes } = o;
    await request(`/api/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes });
  },
  async tokens(): Promise<TokenRow[]> {
    return listFrom(await request('/api/tokens'), ['items']).flatMap((item): TokenRow[] => {
      if (!isRecord(item)) return [];
      const id = stringField(item, 'id');
      if (!id) return [];
      return [
        {
          id,
          name: stringField(item, 'name') ?? '',
          prefix: stringField(item, 'prefix') ?? '',
          createdAt: stringField(item, 'createdAt') ?? '',
          lastUsedAt: stringField(item, 'lastUsedAt') ?? null,
        },
      ];
    });
  },
  async createToken(name: string): Promise<string | undefined> {
    const body = await request('/api/tokens', { method: 'POST', body: { name } });
    return isRecord(body) ? stringField(body, 'token') : undefined;
  },
  async revokeToken(id: string): Promise<void> {
    await request(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
  },
  async outbox(): Promise<MailRow[]> {
    return listFrom(await request('/api/outbox'), ['items']).flatMap((item): MailRow[] => {
      if (!isRecord(item)) return [];
      const id = item.id;
      const to: unknown = item.to;
      return [
        {
          id: typeof id === 'number' || typeof id === 'string' ? String(id) : '',
          to: Array.isArray(to)
            ? to.filter((t) => typeof t === 'string').join(', ')
            : typeof to === 'string'
              ? to
              : '',
          subject: stringField(item, 'subject') ?? '',
          status: stringField(item, 'status') ?? '',
          createdAt: stringField(item, 'createdAt') ?? '',
        },
      ];
    });
  },
};

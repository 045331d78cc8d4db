import { loadConfig } from '../../../server/config';
import { startServer, type RunningServer } from '../../../server/main';
import { tempDataDir } from './browser';

export const OWNER = { email: 'owner@example.com', password: 'correct horse battery' };

/** The real server on 127.0.0.1, an ephemeral port and a temp SQLite folder, with an owner. */
export async function startTestServer(): Promise<RunningServer & { removeData: () => void }> {
  const data = tempDataDir();
  const config = loadConfig({
    MUSUBI_DATA_DIR: data.dir,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    MUSUBI_SECRET: 'cd'.repeat(32),
    MUSUBI_OWNER_EMAIL: OWNER.email,
    MUSUBI_OWNER_PASSWORD: OWNER.password,
  });
  const running = await startServer({ config });
  return { ...running, removeData: data.remove };
}

/** Signs in over the API and returns a function that calls it with the session (for test setup). */
export async function apiSession(
  baseUrl: string,
): Promise<(path: string, init?: { method?: string; body?: unknown }) => Promise<unknown>> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(OWNER),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async (path, init = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { command } from '../../server/cli/token';
import { createUser } from '../../server/auth/users';
import { findApiTokenUser } from '../../server/auth/api-tokens';
import { systemClock } from '../../server/adapters/system-clock';
import { CliError } from '../../server/cli/support/command';
import { openTempDatabase } from './support/temp-db';
import type { TempDatabase } from './support/temp-db';

let temp: TempDatabase;
beforeEach(async () => {
  temp = await openTempDatabase();
  await createUser({ db: temp.db, email: 'ops@example.com', password: 'password-123', role: 'admin' });
});
afterEach(async () => {
  await temp.dispose();
});

async function run(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await command.run({
    args,
    lang: 'en',
    cwd: temp.dir,
    env: { MUSUBI_DATA_DIR: temp.dir, MUSUBI_SECRET: 'ab'.repeat(32) },
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
  });
  return { code, out, err };
}

describe('musubi token', () => {
  it('prints only a new token on stdout, which then authenticates as the user', async () => {
    const { code, out, err } = await run(['create', '--user', 'OPS@example.com', '--name', 'nightly export']);
    expect(code).toBe(0);
    expect(out).toHaveLength(1);
    const token = out[0] ?? '';
    expect(token).toMatch(/^msb_/);
    expect(err.join('\n')).toMatch(/nightly export/);
    const found = await findApiTokenUser({ db: temp.db, clock: systemClock, token });
    expect(found?.user.email).toBe('ops@example.com');
    const listed = await run(['list', '--user', 'ops@example.com']);
    expect(listed.out.join('\n')).toMatch(/nightly export/);
    expect(listed.out.join('\n')).not.toContain(token);
  });

  it('explains an unknown user and a missing --user', async () => {
    await expect(run(['create', '--user', 'nobody@example.com'])).rejects.toThrow(
      /no user nobody@example.com/,
    );
    const error = await run(['create']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(String(error)).toMatch(/--user/);
  });
});

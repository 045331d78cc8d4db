import { randomBytes, createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const PROCESS_ROLES = ['all', 'web', 'worker', 'scheduler'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
/** MUSUBI_QUEUE: pg-boss (the default on Postgres, for several machines) or the jobs table (SQLite). */
export const QUEUES = ['table', 'pgboss'] as const;
export type QueueChoice = (typeof QUEUES)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Everything the server reads from the environment, checked once at start. */
export interface Config {
  port: number;
  host: string;
  /** The address people reach the instance at, without a trailing slash. */
  publicUrl: string;
  dataDir: string;
  databaseUrl: string;
  /** 32 bytes: the instance key for sealing secrets at rest (see server/crypto/secret-box.ts). */
  secretKey: Buffer;
  smtpUrl: string | undefined;
  mailFrom: string;
  role: ProcessRole;
  /** How jobs reach workers: `pgboss` (default on Postgres) or `table` (default on SQLite). */
  queue: QueueChoice;
  logLevel: LogLevel;
  ownerEmail: string | undefined;
  ownerPassword: string | undefined;
  /** TRUST_PROXY=1 behind a reverse proxy, so rate limits see the client's address. */
  trustProxy: boolean;
}

/**
 * A setting that cannot be used; the message names the variable and how to fix it. `ja` is the
 * Japanese text where one exists (the CLI prints the one for the user's language).
 */
export class ConfigError extends Error {
  readonly localized: { ja: string; en: string };

  constructor(
    readonly variable: string,
    message: string,
    ja?: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
    this.localized = { ja: `${variable}: ${ja ?? message}`, en: `${variable}: ${message}` };
  }
}

export const SECRET_KEY_FILE = 'secret.key';

type Env = Record<string, string | undefined>;

/**
 * Reads and checks the configuration. Without MUSUBI_SECRET, the instance key is generated once into
 * `<dataDir>/secret.key` (mode 0600) and read from there on later starts.
 */
export function loadConfig(env: Env = process.env): Config {
  const port = readPort(env);
  const host = nonEmpty(env.HOST) ?? '127.0.0.1';
  const publicUrl = readPublicUrl(env, `http://${host.includes(':') ? `[${host}]` : host}:${port}`);
  const dataDir = path.resolve(nonEmpty(env.MUSUBI_DATA_DIR) ?? './data');
  const databaseUrl = readDatabaseUrl(env, dataDir);
  const smtpUrl = readSmtpUrl(env);
  const mailFrom = nonEmpty(env.MAIL_FROM) ?? `Musubi <musubi@${new URL(publicUrl).hostname}>`;
  const role = readChoice(env, { variable: 'MUSUBI_ROLE', choices: PROCESS_ROLES, fallback: 'all' });
  const queue = readQueue(env, databaseUrl);
  const logLevel = readChoice(env, { variable: 'LOG_LEVEL', choices: LOG_LEVELS, fallback: 'info' });
  const { ownerEmail, ownerPassword } = readOwner(env);
  const trustProxy = ['1', 'true', 'yes'].includes((env.TRUST_PROXY ?? '').toLowerCase());
  const secretKey = readSecretKey(env, dataDir);
  return {
    port,
    host,
    publicUrl,
    dataDir,
    databaseUrl,
    secretKey,
    smtpUrl,
    mailFrom,
    role,
    queue,
    logLevel,
    ownerEmail,
    ownerPassword,
    trustProxy,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function readPort(env: Env): number {
  const raw = nonEmpty(env.PORT);
  if (raw === undefined) return 3000;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new ConfigError(
      'PORT',
      `"${raw}" is not a port number. Set PORT to a number from 1 to 65535, e.g. PORT=3000.`,
    );
  }
  return port;
}

function readPublicUrl(env: Env, fallback: string): string {
  const raw = nonEmpty(env.PUBLIC_URL);
  if (raw === undefined) return fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      'PUBLIC_URL',
      `"${raw}" is not a URL. Set it to the address people open, e.g. https://musubi.example.com.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('PUBLIC_URL', `"${raw}" must start with http:// or https://.`);
  }
  return raw.replace(/\/+$/, '');
}

function readDatabaseUrl(env: Env, dataDir: string): string {
  const raw = nonEmpty(env.DATABASE_URL);
  if (raw === undefined) return `sqlite:${path.join(dataDir, 'musubi.sqlite')}`;
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(raw)) {
    throw new ConfigError(
      'DATABASE_URL',
      `"${raw}" is not supported. Use postgres://user:password@host:5432/database, sqlite:<file>, or leave it unset for SQLite in MUSUBI_DATA_DIR.`,
    );
  }
  return raw;
}

function readSmtpUrl(env: Env): string | undefined {
  const raw = nonEmpty(env.SMTP_URL);
  if (raw === undefined) return undefined;
  if (!/^smtps?:\/\/[^/]+/.test(raw)) {
    throw new ConfigError(
      'SMTP_URL',
      `"${raw}" is not an SMTP URL. Use smtp://user:password@host:587 or smtps://user:password@host:465, or unset it to keep mail in the outbox.`,
    );
  }
  return raw;
}

function readChoice<T extends string>(
  env: Env,
  options: { variable: string; choices: readonly T[]; fallback: T },
): T {
  const raw = nonEmpty(env[options.variable]);
  if (raw === undefined) return options.fallback;
  const match = options.choices.find((choice) => choice === raw.toLowerCase());
  if (match === undefined) {
    throw new ConfigError(
      options.variable,
      `"${raw}" is not one of ${options.choices.join(', ')}. Set one of them or unset it (default ${options.fallback}).`,
    );
  }
  return match;
}

/**
 * MUSUBI_QUEUE defaults by database: Postgres gets pg-boss (the queue meant for several
 * machines), SQLite the built-in table. `table` on Postgres is still allowed (one process, or an
 * operator who prefers it); `pgboss` on SQLite cannot work and is refused in both languages.
 */
export function defaultQueueFor(databaseUrl: string): QueueChoice {
  return databaseUrl.startsWith('sqlite:') ? 'table' : 'pgboss';
}

function readQueue(env: Env, databaseUrl: string): QueueChoice {
  const fallback = defaultQueueFor(databaseUrl);
  const queue = readChoice(env, { variable: 'MUSUBI_QUEUE', choices: QUEUES, fallback });
  if (queue === 'pgboss' && databaseUrl.startsWith('sqlite:')) {
    throw new ConfigError(
      'MUSUBI_QUEUE',
      'pgboss needs PostgreSQL. Set DATABASE_URL=postgres://user:password@host:5432/database, or unset MUSUBI_QUEUE (or set it to table) to use the built-in table queue.',
      'pgboss には PostgreSQL が必要です。DATABASE_URL=postgres://user:password@host:5432/database を設定するか、MUSUBI_QUEUE を外して（または table にして）組み込みのテーブルキューを使ってください。',
    );
  }
  return queue;
}

function readOwner(env: Env): { ownerEmail: string | undefined; ownerPassword: string | undefined } {
  const ownerEmail = nonEmpty(env.MUSUBI_OWNER_EMAIL)?.toLowerCase();
  const ownerPassword = env.MUSUBI_OWNER_PASSWORD || undefined;
  if ((ownerEmail === undefined) !== (ownerPassword === undefined)) {
    const missing = ownerEmail === undefined ? 'MUSUBI_OWNER_EMAIL' : 'MUSUBI_OWNER_PASSWORD';
    throw new ConfigError(
      missing,
      'set MUSUBI_OWNER_EMAIL and MUSUBI_OWNER_PASSWORD together, or neither (then the first visit asks).',
    );
  }
  if (ownerEmail !== undefined && !ownerEmail.includes('@')) {
    throw new ConfigError('MUSUBI_OWNER_EMAIL', `"${ownerEmail}" is not an e-mail address.`);
  }
  if (ownerPassword !== undefined && ownerPassword.length < 8) {
    throw new ConfigError('MUSUBI_OWNER_PASSWORD', 'must be at least 8 characters long.');
  }
  return { ownerEmail, ownerPassword };
}

/**
 * MUSUBI_SECRET: 64 hex characters are used as the key; any other string of 32+ characters is
 * hashed to one. Without it, the key file in the data folder is read, or created once.
 */
function readSecretKey(env: Env, dataDir: string): Buffer {
  const raw = nonEmpty(env.MUSUBI_SECRET);
  if (raw !== undefined) {
    if (/^[0-9a-f]{64}$/i.test(raw)) return Buffer.from(raw, 'hex');
    if (raw.length < 32) {
      throw new ConfigError(
        'MUSUBI_SECRET',
        'is too short. Use at least 32 random characters, e.g. the output of `openssl rand -hex 32`.',
      );
    }
    return createHash('sha256').update(raw).digest();
  }
  const file = path.join(dataDir, SECRET_KEY_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    // 'wx' fails if another process created the file in the meantime; then read theirs.
    try {
      fs.writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    }
  }
  const content = fs.readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(content)) {
    throw new ConfigError(
      'MUSUBI_SECRET',
      `the key file ${file} is damaged (it must hold 64 hex characters). Restore it from a backup; secrets sealed with the old key cannot be read without it.`,
    );
  }
  return Buffer.from(content, 'hex');
}

import { createApiToken, describeApiToken } from '../auth/api-tokens';
import { recordAudit } from '../auth/audit';
import { normalizeEmail } from '../auth/users';
import { loadConfig } from '../config';
import { migrate, openDatabase } from '../db/index';
import type { Database } from '../db/index';
import type { UserModel } from '../db/models/index';
import { CliError, parseCommandArgs } from './support/command';
import type { CliCommand } from './support/command';

async function findUser(db: Database, email: string | undefined): Promise<UserModel> {
  if (email === undefined) {
    throw new CliError({
      ja: `--user <メールアドレス> を指定してください。使い方: ${command.usage}`,
      en: `Give --user <email>. Usage: ${command.usage}`,
    });
  }
  const user = await db.models.User.findOne({ where: { email: normalizeEmail(email) } });
  if (!user) {
    throw new CliError({
      ja: `ユーザー ${email} はいません。先にサーバーを起動してオーナーを登録するか、ユーザーを招待してください。`,
      en: `There is no user ${email}. Start the server and create the owner, or invite the user, first.`,
    });
  }
  return user;
}

/** `musubi token create --user <email> [--name <label>]` prints a new API token; `list` shows a user's tokens. */
export const command: CliCommand = {
  name: 'token',
  summary: { ja: 'スクリプト用の API トークンを作る', en: 'Create API tokens for scripts' },
  usage: 'musubi token create --user <email> [--name <label>] | musubi token list --user <email>',
  details: {
    ja: [
      'create  新しいトークンを表示します (一度だけ。保存されるのはハッシュのみ)',
      'list    ユーザーのトークンの一覧 (トークン自体は表示しません)',
      'API では Authorization: Bearer <token> として送ります。',
    ].join('\n'),
    en: [
      'create  prints a new token (only this once; only its hash is stored)',
      "list    a user's tokens (never the tokens themselves)",
      'Send it to the API as Authorization: Bearer <token>.',
    ].join('\n'),
  },
  async run(ctx) {
    const { values, positionals } = parseCommandArgs({
      command,
      args: ctx.args,
      options: { user: { type: 'string' }, name: { type: 'string' } },
    });
    const [action, ...extra] = positionals;
    if ((action !== 'create' && action !== 'list') || extra.length > 0) {
      throw new CliError({
        ja: `create か list を指定してください。使い方: ${command.usage}`,
        en: `Say create or list. Usage: ${command.usage}`,
      });
    }
    const config = loadConfig(ctx.env);
    const db = await openDatabase({ url: config.databaseUrl });
    try {
      await migrate(db);
      const user = await findUser(db, values.user);
      if (action === 'list') {
        const tokens = await db.models.ApiToken.findAll({
          where: { userId: user.id },
          order: [['createdAt', 'ASC']],
        });
        for (const token of tokens.map(describeApiToken)) {
          ctx.stdout(`${token.id}  ${token.prefix}…  ${token.name}  ${token.createdAt}`);
        }
        return 0;
      }
      const name = values.name ?? 'cli';
      const { token, record } = await createApiToken({ db, userId: user.id, name });
      await recordAudit({
        db,
        actor: { label: 'cli' },
        action: 'token.create',
        targetType: 'api_token',
        targetId: record.id,
        details: { name, user: user.email },
      });
      // The token alone on stdout, so `TOKEN=$(npx musubi token create --user …)` works.
      ctx.stdout(token);
      ctx.stderr(
        ctx.lang === 'ja'
          ? `${user.email} の API トークン「${name}」を作りました。再表示はできません。`
          : `Created API token "${name}" for ${user.email}. It will not be shown again.`,
      );
      return 0;
    } finally {
      await db.close();
    }
  },
};

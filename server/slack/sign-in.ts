import { randomBytes } from 'node:crypto';
import { sha256 } from '../auth/secrets';
import type { SlackService } from './service';

/** How long a sign-in link handed out in Slack stays usable. */
export const SIGN_IN_LINK_LIFETIME_MS = 30 * 60 * 1000;

/** A one-time link for a Slack user not yet linked to a Musubi user (only its hash is stored). */
export async function createSignInLink(options: {
  service: SlackService;
  workspaceId: string;
  slackUserId: string;
}): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  const now = options.service.clock.now();
  await options.service.db.models.SlackSignInLink.create({
    tokenHash: sha256(token),
    connectionId: options.workspaceId,
    slackUserId: options.slackUserId,
    expiresAt: now + SIGN_IN_LINK_LIFETIME_MS,
    createdAt: now,
  });
  return `${options.service.publicUrl}/integrations/slack/link/${token}`;
}

/** The unused, unexpired link for this token, or undefined. */
export async function findSignInLink(options: { service: SlackService; token: string }) {
  const row = await options.service.db.models.SlackSignInLink.findByPk(sha256(options.token));
  if (!row || row.usedAt !== null || row.expiresAt < options.service.clock.now()) return undefined;
  return row;
}

/** The Musubi user a Slack user acts as in a workspace, when they signed in once. */
export async function linkedUser(options: {
  service: SlackService;
  workspaceId: string;
  slackUserId: string;
}) {
  const { SlackUserLink, User } = options.service.db.models;
  const link = await SlackUserLink.findOne({
    where: { connectionId: options.workspaceId, slackUserId: options.slackUserId },
  });
  if (!link) return undefined;
  const user = await User.findByPk(link.userId);
  return user && !user.disabled ? user : undefined;
}

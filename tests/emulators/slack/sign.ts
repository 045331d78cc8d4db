import { createHmac } from 'node:crypto';

/** The headers Slack sends with a request to an app: `v0=` HMAC-SHA256 over `v0:<ts>:<raw body>`. */
export function slackSignatureHeaders(options: {
  signingSecret: string;
  body: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
}): Record<string, string> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const digest = createHmac('sha256', options.signingSecret)
    .update(`v0:${timestamp}:${options.body}`)
    .digest('hex');
  return { 'X-Slack-Request-Timestamp': timestamp, 'X-Slack-Signature': `v0=${digest}` };
}

/** A slash command as Slack form-encodes it. */
export function slashCommandBody(fields: {
  text: string;
  userId: string;
  teamId: string;
  responseUrl: string;
  channelId?: string;
}): string {
  return new URLSearchParams({
    command: '/musubi',
    text: fields.text,
    user_id: fields.userId,
    user_name: 'someone',
    team_id: fields.teamId,
    team_domain: 'example',
    channel_id: fields.channelId ?? 'C0GENERAL',
    channel_name: 'general',
    api_app_id: 'A0EMULATOR',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: '123.456.abc',
  }).toString();
}

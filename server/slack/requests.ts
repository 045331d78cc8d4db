import type { Request } from 'express';
import type { SlackService } from './service';
import { ReplayGuard, verifySlackSignature } from './signature';
import type { SlackWorkspace } from './workspaces';

const guards = new WeakMap<SlackService, ReplayGuard>();

/**
 * The workspace a signed Slack request comes from: among the workspaces of its team, the one whose
 * signing secret made the signature. Undefined (answer 401) for a bad, stale or replayed signature.
 */
export async function verifiedWorkspace(options: {
  service: SlackService;
  req: Request;
  rawBody: Buffer;
  teamId: string;
}): Promise<SlackWorkspace | undefined> {
  const { service, req, rawBody } = options;
  const timestamp = req.get('x-slack-request-timestamp');
  const signature = req.get('x-slack-signature');
  const nowMs = service.clock.now();
  for (const workspace of await service.workspaces.findByTeam(options.teamId)) {
    const credentials = await service.workspaces.credentials(workspace.id);
    if (!credentials) continue;
    const check = verifySlackSignature({
      signingSecret: credentials.signingSecret,
      rawBody,
      timestamp,
      signature,
      nowMs,
    });
    if (!check.ok) continue;
    let guard = guards.get(service);
    if (!guard) {
      guard = new ReplayGuard();
      guards.set(service, guard);
    }
    return guard.accept({ signature: signature ?? '', nowMs }) ? workspace : undefined;
  }
  return undefined;
}

/**
 * Posts a deferred answer to Slack's `response_url`. Only Slack's own hooks host (or the origin of
 * the configured Web API, i.e. the emulator in tests) is called: the URL came in a request, and a
 * forged one must not make the server call elsewhere.
 */
export async function postToResponseUrl(options: {
  service: SlackService;
  url: string;
  body: Record<string, unknown>;
}): Promise<boolean> {
  let target: URL;
  try {
    target = new URL(options.url);
  } catch {
    return false;
  }
  const trusted =
    target.origin === 'https://hooks.slack.com' || target.origin === new URL(options.service.apiUrl).origin;
  if (!trusted) return false;
  try {
    const response = await fetch(target, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify(options.body),
      signal: AbortSignal.timeout(10_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

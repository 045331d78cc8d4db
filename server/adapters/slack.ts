import type { SlackPort } from '../../runtime/ports/slack';
import { channelFor } from '../slack/mapping';
import type { SlackService } from '../slack/service';

/**
 * The Slack port over the connector. `chat.postMessage` goes through the per-channel delivery
 * queue (rate limits waited out there) and may name `musubi_department` instead of `channel`:
 * the workspace's department mapping picks the channel (`channel_not_found` when none is mapped).
 * A switched-off or deleted workspace, or the whole integration switched off, answers
 * `ok:false` with `integration_disabled` / `workspace_disabled` / `workspace_missing`.
 * Other methods are passed through with the bot token.
 */
export function createSlackAdapter(service: SlackService): SlackPort {
  return {
    async call(connectionId, method, args) {
      const workspace = await service.workspaces.get(connectionId);
      const refused = await service.refusal(workspace);
      if (refused || !workspace) return { ok: false, error: refused?.error ?? 'workspace_missing' };
      if (method !== 'chat.postMessage') {
        const answer = await service.callAsBot(connectionId, method, args);
        if (answer.kind === 'ok') return answer.body;
        if (answer.kind === 'error') return answer.body;
        return { ok: false, error: answer.kind };
      }
      const { musubi_department: department, channel: given, ...rest } = args;
      let channel = typeof given === 'string' ? given : '';
      if (typeof department === 'string') {
        const mapped = await channelFor({
          db: service.db,
          workspaceId: connectionId,
          mode: workspace.settings.mappingMode,
          departmentId: department,
        });
        if (!mapped) return { ok: false, error: 'channel_not_found', detail: 'department_not_mapped' };
        channel = mapped.channelId;
      }
      const text = typeof rest.text === 'string' ? rest.text : '';
      const blocks = Array.isArray(rest.blocks) ? rest.blocks : undefined;
      const threadTs = typeof rest.thread_ts === 'string' ? rest.thread_ts : undefined;
      const outcome = await service.post({
        workspaceId: connectionId,
        channel,
        text,
        ...(blocks ? { blocks } : {}),
        ...(threadTs ? { threadTs } : {}),
      });
      return outcome.ok
        ? { ok: true, channel: outcome.channel, ts: outcome.ts }
        : { ok: false, error: outcome.error };
    },
  };
}

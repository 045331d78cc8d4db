import type { Clock } from '../../runtime/ports/clock';
import type { Logger } from '../../runtime/ports/logger';
import type { Database } from '../db/index';
import { DeliveryQueue } from './delivery';
import type { DeliveryOutcome } from './delivery';
import { channelFor } from './mapping';
import { ticketMessage } from './messages';
import type { TicketEvent } from './messages';
import { DEFAULT_SLACK_API_URL, createSlackWebApi, AUTH_ERRORS } from './web-api';
import type { SlackCallResult, SlackWebApi } from './web-api';
import { SlackWorkspaces } from './workspaces';
import type { SlackWorkspace } from './workspaces';

/** Why a message was not even tried. */
export type NotSent = {
  ok: false;
  error: 'integration_disabled' | 'workspace_disabled' | 'workspace_missing';
  permanent: true;
};

export interface SlackServiceOptions {
  db: Database;
  secretKey: Buffer;
  clock: Clock;
  logger: Logger;
  /** The instance's address: links in messages and the OAuth redirect. */
  publicUrl: string;
  /** Slack Web API base (tests: the emulator). Default https://slack.com/api/ or SLACK_API_URL. */
  apiUrl?: string;
  maxRateLimitWaits?: number;
}

/**
 * The Slack connector: posts through a per-channel queue, turns ticket events into notifications
 * for every workspace that wants them, and makes Web API calls for the workflow node.
 */
export class SlackService {
  readonly workspaces: SlackWorkspaces;
  readonly api: SlackWebApi;
  readonly queue: DeliveryQueue;
  readonly publicUrl: string;
  /** The Web API base in use; response URLs on its origin are trusted too (the emulator's). */
  readonly apiUrl: string;

  constructor(private readonly options: SlackServiceOptions) {
    this.publicUrl = options.publicUrl.replace(/\/$/, '');
    this.workspaces = new SlackWorkspaces({ db: options.db, secretKey: options.secretKey });
    this.apiUrl = options.apiUrl ?? process.env.SLACK_API_URL ?? DEFAULT_SLACK_API_URL;
    this.api = createSlackWebApi({ baseUrl: this.apiUrl });
    this.queue = new DeliveryQueue({
      clock: options.clock,
      logger: options.logger,
      ...(options.maxRateLimitWaits === undefined ? {} : { maxRateLimitWaits: options.maxRateLimitWaits }),
      post: async (request) =>
        this.callAsBot(request.workspaceId, 'chat.postMessage', {
          ...request.args,
          channel: request.channel,
        }),
      onPermanentError: async (request, error) => {
        this.options.logger.warn('slack delivery failed for good', {
          workspaceId: request.workspaceId,
          channel: request.channel,
          error,
        });
        await this.workspaces.recordProblem(request.workspaceId, {
          code: error,
          channel: request.channel,
          at: this.options.clock.now(),
        });
      },
      onDelivered: async (request) => {
        await this.workspaces.recordProblem(request.workspaceId, null);
      },
    });
  }

  get db(): Database {
    return this.options.db;
  }

  get clock(): Clock {
    return this.options.clock;
  }

  /** Calls a Web API method with the workspace's bot token. */
  async callAsBot(
    workspaceId: string,
    method: string,
    args: Record<string, unknown>,
  ): Promise<SlackCallResult> {
    const credentials = await this.workspaces.credentials(workspaceId);
    if (!credentials)
      return { kind: 'error', error: 'workspace_missing', body: { ok: false, error: 'workspace_missing' } };
    const result = await this.api.call({ token: credentials.botToken, method, args });
    if (result.kind === 'error' && AUTH_ERRORS.has(result.error) && method !== 'chat.postMessage') {
      await this.workspaces.recordProblem(workspaceId, {
        code: result.error,
        channel: '',
        at: this.options.clock.now(),
      });
    }
    return result;
  }

  /** Why this workspace may not post now, or undefined when it may. */
  async refusal(workspace: SlackWorkspace | undefined): Promise<NotSent | undefined> {
    if (!workspace) return { ok: false, error: 'workspace_missing', permanent: true };
    if (!(await this.workspaces.integrationEnabled()))
      return { ok: false, error: 'integration_disabled', permanent: true };
    if (!workspace.enabled) return { ok: false, error: 'workspace_disabled', permanent: true };
    return undefined;
  }

  /** Posts through the channel's queue, unless the workspace or the integration is switched off. */
  async post(options: {
    workspaceId: string;
    channel: string;
    text: string;
    blocks?: unknown[];
    threadTs?: string;
  }): Promise<DeliveryOutcome | NotSent> {
    const gate = this.workspaces.get(options.workspaceId).then((workspace) => this.refusal(workspace));
    const args: Record<string, unknown> = { text: options.text };
    if (options.blocks && options.blocks.length > 0) args.blocks = options.blocks;
    if (options.threadTs) args.thread_ts = options.threadTs;
    return this.queue.send({ workspaceId: options.workspaceId, channel: options.channel, args }, gate);
  }

  /** The address of a ticket in Musubi. */
  ticketUrl(ticketId: string): string {
    return `${this.publicUrl}/records/tickets/${encodeURIComponent(ticketId)}`;
  }

  /**
   * Tells every enabled workspace whose switch for this event is on: the mapped channel of the
   * ticket's department, and the assigned agent by direct message when they linked their Slack user.
   * Resolves when the messages were handed to the queue (not when Slack took them).
   */
  async notifyTicketEvent(event: TicketEvent): Promise<Array<Promise<DeliveryOutcome | NotSent>>> {
    if (!(await this.workspaces.integrationEnabled())) return [];
    const sent: Array<Promise<DeliveryOutcome | NotSent>> = [];
    for (const workspace of await this.workspaces.list()) {
      if (!workspace.enabled || !workspace.settings.toggles[event.event]) continue;
      const message = ticketMessage({
        event,
        language: workspace.settings.language,
        ticketUrl: this.ticketUrl(event.ticket.id),
      });
      const target = await channelFor({
        db: this.options.db,
        workspaceId: workspace.id,
        mode: workspace.settings.mappingMode,
        departmentId: event.ticket.departmentId,
      });
      // Straight onto the queue (the switches were checked above), so the message is queued by the
      // time the change returns.
      const args = { text: message.text, blocks: message.blocks };
      if (target) sent.push(this.queue.send({ workspaceId: workspace.id, channel: target.channelId, args }));
      const slackUserId = await this.linkedSlackUserOfAgent({
        workspaceId: workspace.id,
        agentEmail: event.ticket.agentEmail,
      });
      if (slackUserId) sent.push(this.queue.send({ workspaceId: workspace.id, channel: slackUserId, args }));
    }
    return sent;
  }

  private async linkedSlackUserOfAgent(options: {
    workspaceId: string;
    agentEmail: string | null | undefined;
  }): Promise<string | undefined> {
    if (!options.agentEmail) return undefined;
    const user = await this.options.db.models.User.findOne({
      where: { email: options.agentEmail.toLowerCase() },
    });
    if (!user) return undefined;
    const link = await this.options.db.models.SlackUserLink.findOne({
      where: { connectionId: options.workspaceId, userId: user.id },
    });
    return link?.slackUserId;
  }
}

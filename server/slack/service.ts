import type { Clock } from '../../runtime/ports/clock';
import type { Logger } from '../../runtime/ports/logger';
import type { Database } from '../db/index';
import { SlackOutbox } from './outbox';
import type { DeliveryOutcome, NotSent } from './outbox';
import { channelFor } from './mapping';
import { ticketMessage } from './messages';
import type { TicketEvent } from './messages';
import { DEFAULT_SLACK_API_URL, createSlackWebApi, AUTH_ERRORS } from './web-api';
import type { SlackCallResult, SlackWebApi } from './web-api';
import { SlackWorkspaces } from './workspaces';
import type { SlackWorkspace } from './workspaces';

export type { NotSent };

export interface SlackServiceOptions {
  db: Database;
  secretKey: Buffer;
  clock: Clock;
  logger: Logger;
  /** The instance's address: links in messages and the OAuth redirect. */
  publicUrl: string;
  /** Slack Web API base (tests: the emulator). Default https://slack.com/api/ or SLACK_API_URL. */
  apiUrl?: string;
}

/**
 * The Slack connector: posts through the per-channel outbox (durable), turns ticket events into notifications
 * for every workspace that wants them, and makes Web API calls for the workflow node.
 */
export class SlackService {
  readonly workspaces: SlackWorkspaces;
  readonly api: SlackWebApi;
  readonly outbox: SlackOutbox;
  readonly publicUrl: string;
  /** The Web API base in use; response URLs on its origin are trusted too (the emulator's). */
  readonly apiUrl: string;

  constructor(private readonly options: SlackServiceOptions) {
    this.publicUrl = options.publicUrl.replace(/\/$/, '');
    this.workspaces = new SlackWorkspaces({ db: options.db, secretKey: options.secretKey });
    this.apiUrl = options.apiUrl ?? process.env.SLACK_API_URL ?? DEFAULT_SLACK_API_URL;
    this.api = createSlackWebApi({ baseUrl: this.apiUrl });
    this.outbox = new SlackOutbox({
      db: options.db,
      clock: options.clock,
      logger: options.logger,
      post: async (request) =>
        this.callAsBot(request.workspaceId, 'chat.postMessage', {
          ...request.args,
          channel: request.channel,
        }),
      refusal: async (workspaceId) => this.refusal(await this.workspaces.get(workspaceId)),
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

  /** Switches the whole integration; switched back on, messages that waited are delivered. */
  async setIntegrationEnabled(enabled: boolean): Promise<void> {
    await this.workspaces.setIntegrationEnabled(enabled);
    if (enabled) await this.outbox.resume();
  }

  /** Posts through the channel's outbox, unless the workspace or the integration is switched off. */
  async post(options: {
    workspaceId: string;
    channel: string;
    text: string;
    blocks?: unknown[];
    threadTs?: string;
  }): Promise<DeliveryOutcome | NotSent> {
    const gate = async () => this.refusal(await this.workspaces.get(options.workspaceId));
    const args: Record<string, unknown> = { text: options.text };
    if (options.blocks && options.blocks.length > 0) args.blocks = options.blocks;
    if (options.threadTs) args.thread_ts = options.threadTs;
    return this.outbox.send({ workspaceId: options.workspaceId, channel: options.channel, args }, gate);
  }

  /** The address of a ticket in Musubi. */
  ticketUrl(ticketId: string): string {
    return `${this.publicUrl}/records/tickets/${encodeURIComponent(ticketId)}`;
  }

  /**
   * Tells every enabled workspace whose switch for this event is on: the mapped channel of the
   * ticket's department, and the assigned agent by direct message when they linked their Slack user.
   * Resolves when the messages were accepted (written to the outbox), not when Slack took them;
   * the answer is how many were accepted.
   */
  async notifyTicketEvent(event: TicketEvent): Promise<number> {
    if (!(await this.workspaces.integrationEnabled())) return 0;
    const accepted: Array<Promise<NotSent | string>> = [];
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
      // Places in line are taken now, in event order; the switches are checked again at delivery.
      const args = { text: message.text, blocks: message.blocks };
      if (target)
        accepted.push(this.outbox.accept({ workspaceId: workspace.id, channel: target.channelId, args }));
      const slackUserId = await this.linkedSlackUserOfAgent({
        workspaceId: workspace.id,
        agentEmail: event.ticket.agentEmail,
      });
      if (slackUserId)
        accepted.push(this.outbox.accept({ workspaceId: workspace.id, channel: slackUserId, args }));
    }
    return (await Promise.all(accepted)).filter((id) => typeof id === 'string').length;
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

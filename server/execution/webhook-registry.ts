import type { WorkflowDocument } from '../../runtime/model/workflow';
import type { NodeRegistry } from '../../runtime/engine/registry';
import type { ExecutionContext } from './context';
import type { ActiveWorkflow } from './workflow-source';

export type WebhookAuth = 'none' | 'header' | 'hmac';

/** A trigger.webhook's config as the server uses it (defaults filled in). */
export interface WebhookConfig {
  path: string;
  method: string;
  auth: WebhookAuth;
  headerName: string | undefined;
  secret: string | undefined;
  responseMode: 'async' | 'sync';
  syncTimeoutMs: number;
}

/** A registered webhook: where it listens and what it starts. */
export interface WebhookRoute {
  workflowId: string;
  version: number;
  document: WorkflowDocument;
  nodeId: string;
  config: WebhookConfig;
}

const DEFAULT_SYNC_TIMEOUT_MS = 10_000;

/** `/orders/created/` → `orders/created`. */
export function normalizePath(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

function readConfig(config: Record<string, unknown>): WebhookConfig | undefined {
  const text = (key: string): string | undefined => {
    const value = config[key];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  const path = text('path');
  if (path === undefined) return undefined;
  const auth = config.auth === 'header' || config.auth === 'hmac' ? config.auth : 'none';
  const timeout = config.syncTimeoutMs;
  return {
    path: normalizePath(path),
    method: (text('method') ?? 'POST').toUpperCase(),
    auth,
    headerName: text('headerName'),
    secret: text('secret'),
    responseMode: config.responseMode === 'sync' ? 'sync' : 'async',
    syncTimeoutMs: typeof timeout === 'number' && timeout > 0 ? timeout : DEFAULT_SYNC_TIMEOUT_MS,
  };
}

/** The webhook triggers of one document (disabled nodes left out). */
export function webhooksOf(input: {
  document: WorkflowDocument;
  registry: NodeRegistry;
}): Array<{ nodeId: string; config: WebhookConfig }> {
  return input.document.nodes.flatMap((node) => {
    if (node.disabled || input.registry.get(node.type)?.trigger !== 'webhook') return [];
    const config = readConfig(node.config);
    return config ? [{ nodeId: node.id, config }] : [];
  });
}

function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${normalizePath(path)}`;
}

/**
 * Which path + method every active workflow's webhook triggers answer. Kept in memory for the hot
 * path and mirrored into webhook_registrations (unique path + method) for operators and other
 * processes. Two active workflows claiming the same path + method: the one activated first keeps it.
 */
export class WebhookRegistry {
  private routes = new Map<string, WebhookRoute>();
  private paths = new Map<string, string[]>();

  constructor(private readonly ctx: ExecutionContext) {}

  find(method: string, path: string): WebhookRoute | undefined {
    return this.routes.get(routeKey(method, path));
  }

  /** Methods a path answers (for 405 answers). */
  methodsOf(path: string): string[] {
    return this.paths.get(normalizePath(path)) ?? [];
  }

  list(): WebhookRoute[] {
    return [...this.routes.values()];
  }

  /** Rebuilds the routes from the active workflows (start, activate, deactivate, publish). */
  async reload(active?: ActiveWorkflow[]): Promise<void> {
    const { ctx } = this;
    const workflows = active ?? (await ctx.workflows.active());
    const routes = new Map<string, WebhookRoute>();
    for (const workflow of workflows) {
      for (const hook of webhooksOf({ document: workflow.document, registry: ctx.registry })) {
        const key = routeKey(hook.config.method, hook.config.path);
        const holder = routes.get(key);
        if (holder) {
          ctx.logger.warn('webhook path already taken by another active workflow', {
            path: hook.config.path,
            method: hook.config.method,
            workflowId: workflow.workflowId,
            heldBy: holder.workflowId,
          });
          continue;
        }
        routes.set(key, { ...workflow, nodeId: hook.nodeId, config: hook.config });
      }
    }
    const paths = new Map<string, string[]>();
    for (const route of routes.values()) {
      paths.set(route.config.path, [...(paths.get(route.config.path) ?? []), route.config.method]);
    }
    this.routes = routes;
    this.paths = paths;
    await this.mirror();
  }

  private async mirror(): Promise<void> {
    const now = this.ctx.clock.now();
    const rows = [...this.routes.values()];
    await this.ctx.batcher.custom(async (tx) => {
      await tx.run('DELETE FROM webhook_registrations');
      for (const route of rows) {
        // Upsert: processes starting together each mirror the same routes, and on Postgres another's
        // committed rows can be invisible to this DELETE yet collide with this INSERT.
        await tx.run(
          `INSERT INTO webhook_registrations (path, method, workflow_id, version, node_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (path, method) DO UPDATE SET workflow_id = excluded.workflow_id,
             version = excluded.version, node_id = excluded.node_id, created_at = excluded.created_at`,
          [route.config.path, route.config.method, route.workflowId, route.version, route.nodeId, now],
        );
      }
    });
  }

  /**
   * The webhook paths of `document` another active workflow already answers: the activate route
   * can refuse with these instead of leaving one of the two silent.
   */
  conflictsOf(input: {
    workflowId: string;
    document: WorkflowDocument;
  }): Array<{ path: string; method: string; workflowId: string }> {
    return webhooksOf({ document: input.document, registry: this.ctx.registry }).flatMap((hook) => {
      const holder = this.find(hook.config.method, hook.config.path);
      return holder && holder.workflowId !== input.workflowId
        ? [{ path: hook.config.path, method: hook.config.method, workflowId: holder.workflowId }]
        : [];
    });
  }
}

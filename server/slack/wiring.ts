import type { AppDeps } from '../app';
import { createSlackAdapter } from '../adapters/slack';
import { executionForApp } from '../execution/app-wiring';
import { slackRuntimeOf } from './instance';

/**
 * Gives workflow runs the Slack port (slack.notify), hands Slack delivery to the durable job queue
 * and subscribes Slack to the CRM's ticket changes. Called once when the Slack routes are mounted.
 */
export function wireSlack(deps: AppDeps): void {
  const runtime = slackRuntimeOf(deps);
  const execution = executionForApp(deps);
  execution.providePorts({ slack: createSlackAdapter(runtime.service) });
  runtime.service.outbox.useQueue(execution.queue);
  // Messages accepted just before a crash may have no job yet: queue every waiting channel again.
  deps.services.lifecycle.onStart('slack-outbox', () => runtime.service.outbox.resume());
}

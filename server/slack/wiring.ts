import type { AppDeps } from '../app';
import { createSlackAdapter } from '../adapters/slack';
import { executionForApp } from '../execution/app-wiring';
import { slackRuntimeOf } from './instance';

/**
 * Gives workflow runs the Slack port (slack.notify) and subscribes Slack to the CRM's ticket
 * changes. Called once when the Slack routes are mounted.
 */
export function wireSlack(deps: AppDeps): void {
  const runtime = slackRuntimeOf(deps);
  executionForApp(deps).providePorts({ slack: createSlackAdapter(runtime.service) });
}

import type { RunSettings } from '../model/node-definition';
import { DEFAULT_SETTINGS, type WorkflowSettings } from '../model/workflow';

/** The workflow's settings over the defaults. */
export function resolveSettings(settings: WorkflowSettings | undefined): RunSettings {
  return {
    maxSteps: settings?.maxSteps ?? DEFAULT_SETTINGS.maxSteps,
    nodeTimeoutMs: settings?.nodeTimeoutMs ?? DEFAULT_SETTINGS.nodeTimeoutMs,
    runTimeoutMs: settings?.runTimeoutMs ?? DEFAULT_SETTINGS.runTimeoutMs,
    timeZone: settings?.timeZone ?? DEFAULT_SETTINGS.timeZone,
    payloadLimitBytes: settings?.payloadLimitBytes ?? DEFAULT_SETTINGS.payloadLimitBytes,
    allowPrivateNetwork: settings?.allowPrivateNetwork ?? DEFAULT_SETTINGS.allowPrivateNetwork,
  };
}

import type { CallEvent } from '../../runtime/ports/telephony';

/** A stored call event as integrations hear it; `repeat` when the call id was seen before. */
export type CallListener = (event: CallEvent & { connectionId: string; repeat: boolean }) => Promise<void>;

const listeners = new WeakMap<object, CallListener[]>();

/**
 * Integrations that act on every call without a workflow (kintone's call history and "create
 * customer") register here, keyed by the app's execution layer, which the call dispatcher shares.
 */
export function addCallListener(owner: object, listener: CallListener): void {
  listeners.set(owner, [...(listeners.get(owner) ?? []), listener]);
}

export function callListeners(owner: object): readonly CallListener[] {
  return listeners.get(owner) ?? [];
}

import type { AppDeps } from '../app';
import { executionForApp } from '../execution/app-wiring';
import { chatRuntimeOf, type ChatRuntime } from './runtime';

const wired = new WeakSet<object>();

/**
 * The chat runtime of a running app, connected to the app's execution layer: bot runs get the
 * chat and operators ports (added to the ports every run reads), and the chat service delivers
 * visitor messages through that execution. Done once per services object.
 */
export function chatForApp(deps: AppDeps): ChatRuntime {
  const chat = chatRuntimeOf(deps);
  if (wired.has(deps.services)) return chat;
  wired.add(deps.services);
  void Promise.resolve(executionForApp(deps)).then(
    (execution) => {
      execution.providePorts(chat.ports);
      chat.attach(execution);
    },
    (error: unknown) =>
      deps.services.logger.error('chat could not reach the execution layer', { error: String(error) }),
  );
  return chat;
}

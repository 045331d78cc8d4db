import type { AppDeps } from '../app';
import { executionForApp } from '../execution/app-wiring';
import { previewAwareOperators } from './preview-operators';
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
      // A preview of a draft bot in the editor hands nobody a chat (server/chat/preview-operators.ts).
      const operators = previewAwareOperators({
        live: chat.ports.operators,
        db: deps.db,
        read: execution.context.sql.read,
      });
      execution.providePorts({ ...chat.ports, operators });
      chat.attach(execution);
    },
    (error: unknown) =>
      deps.services.logger.error('chat could not reach the execution layer', { error: String(error) }),
  );
  return chat;
}

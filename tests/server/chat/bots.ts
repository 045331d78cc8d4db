import type { WorkflowDocument, WorkflowNode } from '../../../runtime/model/workflow';
import type { Database } from '../../../server/db/index';

let position = 0;
function node(id: string, type: string, config: Record<string, unknown>): WorkflowNode {
  position += 100;
  return { id, type, typeVersion: 1, position: { x: 0, y: position }, label: id, config };
}

function workflow(
  id: string,
  nodes: WorkflowNode[],
  edges: Array<[string, string, string]>,
): WorkflowDocument {
  return {
    schemaVersion: 1,
    id,
    name: id,
    settings: {},
    nodes,
    edges: edges.map(([source, sourceHandle, target], i) => ({ id: `e${i}`, source, sourceHandle, target })),
    notes: [],
  };
}

/**
 * Lead capture: greeting → name → e-mail (one re-ask) → priority choice → result. "other" hands
 * the chat to the support department; nobody there → apology and end.
 */
export function leadBot(
  id = 'lead-bot',
  options: {
    askTimeoutSeconds?: number;
    endDelaySeconds?: number;
    extra?: { nodes: WorkflowNode[]; edges: Array<[string, string, string]> };
  } = {},
): WorkflowDocument {
  return workflow(
    id,
    [
      node('start', 'trigger.chat', {}),
      node('hello', 'bot.message', { text: 'こんにちは！お問い合わせを承ります。' }),
      node('name', 'bot.ask', {
        prompt: 'お名前を教えてください。',
        inputType: 'name',
        variable: 'name',
        timeoutSeconds: options.askTimeoutSeconds ?? 0,
      }),
      node('email', 'bot.ask', {
        prompt: '{{ vars.name }}さん、メールアドレスを教えてください。',
        inputType: 'email',
        variable: 'email',
        retries: 1,
      }),
      node('priority', 'bot.choice', {
        prompt: '優先度を選んでください。',
        options: ['高', '低'],
        variable: 'priority',
      }),
      node('done', 'bot.message', {
        text: '{{ vars.name }}さん（{{ vars.email }}）、優先度「{{ vars.priority }}」で受け付けました。',
      }),
      node('bye', 'bot.end_chat', {
        message: 'ありがとうございました。',
        delaySeconds: options.endDelaySeconds ?? 0,
      }),
      node('again', 'bot.message', { text: 'まだご用件がありますか？担当者におつなぎします。' }),
      node('badEmail', 'bot.message', { text: 'メールアドレスを確認できませんでした。' }),
      node('timedOut', 'bot.message', { text: 'お返事がなかったため、チャットを終了します。' }),
      node('human', 'bot.forward_to_operator', {
        department: 'support',
        message: '担当者におつなぎしました。',
      }),
      node('nobody', 'bot.message', { text: 'ただいま対応できる担当者がいません。' }),
      ...(options.extra?.nodes ?? []),
    ],
    [
      ['start', 'next', 'hello'],
      ['hello', 'next', 'name'],
      ['name', 'answered', 'email'],
      ['name', 'timeout', 'timedOut'],
      ['email', 'answered', 'priority'],
      ['email', 'invalid_after_retries', 'badEmail'],
      ['priority', '高', 'done'],
      ['priority', '低', 'done'],
      ['priority', 'other', 'human'],
      ['done', 'next', 'bye'],
      ['bye', 'visitor_wrote', 'again'],
      ['again', 'next', 'human'],
      ['human', 'no_operator_available', 'nobody'],
      ...(options.extra?.edges ?? []),
    ],
  );
}

/** The whole transcript of leadBot() when the visitor answers 山田 花子, Hanako@Example.com, 高. */
export const LEAD_BOT_TRANSCRIPT = [
  'bot: こんにちは！お問い合わせを承ります。',
  'bot: お名前を教えてください。',
  'visitor: 山田 花子',
  'bot: 山田 花子さん、メールアドレスを教えてください。',
  'visitor: Hanako@Example.com',
  'bot: 優先度を選んでください。',
  'visitor: 高',
  'bot: 山田 花子さん（hanako@example.com）、優先度「高」で受け付けました。',
  'bot: ありがとうございました。',
  'system: チャットは終了しました。',
];

/** Stores a workflow published as version 1 and active, as the workflows API would. */
export async function activate(db: Database, document: WorkflowDocument): Promise<void> {
  const { Workflow, WorkflowVersion } = db.models;
  await Workflow.create({
    id: document.id,
    name: document.name,
    draft: document,
    active: true,
    activeVersion: 1,
    latestVersion: 1,
  });
  await WorkflowVersion.create({ workflowId: document.id, version: 1, document });
}

/** A support department with one agent, available or not. */
export async function supportDesk(db: Database, available: boolean): Promise<{ agentId: string }> {
  await db.models.CrmDepartment.create({ id: 'support', name: 'サポート', status: 'active' });
  await db.models.CrmAgent.create({
    id: 'agent-1',
    name: '佐藤',
    email: 'sato@example.com',
    departmentId: 'support',
    status: 'active',
  });
  await db.models.ChatAgentPresence.create({ agentId: 'agent-1', available, updatedAt: Date.now() });
  return { agentId: 'agent-1' };
}

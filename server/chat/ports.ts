import { Op, UniqueConstraintError } from 'sequelize';
import type { Clock } from '../../runtime/ports/clock';
import type { ChatMessage, ChatPort } from '../../runtime/ports/chat';
import type { OperatorAssignment, OperatorRequest, OperatorsPort } from '../../runtime/ports/operators';
import type { Database } from '../db/index';
import type { ChatConversationModel } from '../db/models/chat/index';
import type { ChatHub } from './hub';
import type { Transcript } from './transcript';

/**
 * The bot's side of the chat: each message is stored (once per idempotency key), then pushed to
 * the visitor's open stream.
 */
export function createChatPort(transcript: Transcript): ChatPort {
  return {
    async send(conversationId: string, message: ChatMessage): Promise<void> {
      await transcript.append({
        conversationId,
        sender: 'bot',
        text: message.text,
        nodeId: message.nodeId,
        ...(message.choices ? { choices: message.choices } : {}),
        // run:step:index — a step executed again after a crash does not say it twice.
        ...(message.key ? { key: message.key } : {}),
      });
    },
  };
}

/** Who would take a conversation now: the department and its least loaded available agent. */
export type OperatorChoice =
  | { status: 'found'; departmentId: string; agentId: string; agentName: string }
  | Extract<OperatorAssignment, { status: 'no_operator_available' }>;

/**
 * Picks, without changing anything, the agent a conversation would go to: the department (by id
 * or name, active and not deleted), its active agents who said they are available (optionally
 * only the listed ones, by id or e-mail), and of those the one with the fewest open chats. The
 * editor's preview asks this too, to say what a live chat would do.
 */
export async function findOperator(db: Database, request: OperatorRequest): Promise<OperatorChoice> {
  const { CrmDepartment, CrmAgent, ChatAgentPresence, ChatConversation } = db.models;
  const department = await CrmDepartment.findOne({
    where: {
      [Op.or]: [{ id: request.departmentId }, { name: request.departmentId }],
      status: 'active',
      deletedAt: null,
    },
  });
  if (!department) {
    return {
      status: 'no_operator_available',
      departmentId: request.departmentId,
      reason: 'unknown_department',
    };
  }
  const present = await ChatAgentPresence.findAll({ where: { available: true } });
  const availableIds = new Set(present.map((row) => row.agentId));
  const wanted = new Set((request.agents ?? []).map((entry) => entry.trim().toLowerCase()));
  const agents = (
    await CrmAgent.findAll({ where: { departmentId: department.id, status: 'active', deletedAt: null } })
  ).filter(
    (agent) =>
      availableIds.has(agent.id) &&
      (wanted.size === 0 ||
        wanted.has(agent.id.toLowerCase()) ||
        wanted.has((agent.email ?? '').toLowerCase())),
  );
  // This conversation is not counted: a hand-over repeated after a crash weighs the agents as the
  // first one did and picks the same agent.
  const loads = await Promise.all(
    agents.map((agent) =>
      ChatConversation.count({
        where: { agentId: agent.id, status: 'forwarded', id: { [Op.ne]: request.conversationId } },
      }),
    ),
  );
  let best = 0;
  loads.forEach((load, i) => {
    if (load < (loads[best] ?? Infinity)) best = i;
  });
  const agent = agents[best];
  if (!agent) return { status: 'no_operator_available', departmentId: department.id, reason: 'no_agent' };
  return { status: 'found', departmentId: department.id, agentId: agent.id, agentName: agent.name };
}

/** Hands conversations to agents: the one `findOperator` picks gets it in the inbox. */
export function createOperatorsPort(deps: {
  db: Database;
  clock: Clock;
  transcript: Transcript;
  hub: ChatHub;
}): OperatorsPort {
  const { db } = deps;
  return {
    async forward(request: OperatorRequest): Promise<OperatorAssignment> {
      const handoverKey = request.key === undefined ? undefined : `${request.key}:handover`;
      const earlier = handoverKey === undefined ? undefined : await earlierHandover(db, handoverKey);
      if (earlier) return earlier;
      const choice = await findOperator(db, request);
      if (choice.status !== 'found') return choice;
      const conversation = await saveForwarded({
        db,
        conversationId: request.conversationId,
        departmentId: choice.departmentId,
        agentId: choice.agentId,
        now: deps.clock.now(),
      });
      const english = conversation.language === 'en';
      await deps.transcript.append({
        conversationId: request.conversationId,
        sender: 'system',
        agentId: choice.agentId,
        text: english ? `${choice.agentName} has joined the chat.` : `${choice.agentName} が対応します。`,
        ...(handoverKey === undefined ? {} : { key: handoverKey }),
      });
      deps.hub.publish(request.conversationId, { kind: 'status', status: 'forwarded' });
      return {
        status: 'forwarded',
        agentId: choice.agentId,
        agentName: choice.agentName,
        departmentId: choice.departmentId,
      };
    },
  };
}

/** The hand-over this step already announced (it ran before a crash), as it was made. */
async function earlierHandover(db: Database, handoverKey: string): Promise<OperatorAssignment | undefined> {
  const { ChatMessage, ChatConversation, CrmAgent } = db.models;
  const line = await ChatMessage.findOne({ where: { stepKey: handoverKey } });
  if (!line?.agentId) return undefined;
  const [conversation, agent] = await Promise.all([
    ChatConversation.findByPk(line.conversationId),
    CrmAgent.findByPk(line.agentId),
  ]);
  return {
    status: 'forwarded',
    agentId: line.agentId,
    agentName: agent?.name ?? line.agentId,
    departmentId: conversation?.departmentId ?? '',
  };
}

/**
 * Marks the conversation as the agent's. The bot may forward before the start request has written
 * the conversation row (the run executes while it returns), so a missing row is created here.
 */
async function saveForwarded(input: {
  db: Database;
  conversationId: string;
  departmentId: string;
  agentId: string;
  now: number;
}): Promise<ChatConversationModel> {
  const { ChatConversation } = input.db.models;
  const values = { status: 'forwarded' as const, departmentId: input.departmentId, agentId: input.agentId };
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await ChatConversation.findByPk(input.conversationId);
    if (existing) return existing.update(values);
    try {
      const now = input.now;
      return await ChatConversation.create({
        id: input.conversationId,
        workflowId: '',
        visitor: {},
        language: 'ja',
        createdAt: now,
        updatedAt: now,
        ...values,
      });
    } catch (error) {
      if (!(error instanceof UniqueConstraintError)) throw error;
    }
  }
  throw new Error(`conversation ${input.conversationId} could not be saved`);
}

import { Router } from 'express';
import { Type } from 'typebox';
import { requireRole } from '../auth/middleware';
import { chatForApp } from '../chat/wiring';
import { CONVERSATION_STATUSES, type ConversationStatus } from '../db/models/chat/index';
import { bodyChecker } from '../http/body';
import { pathParam } from '../http/params';
import type { RouteDeps } from './deps';

const readReply = bodyChecker(
  Type.Object({ text: Type.String({ minLength: 1, maxLength: 2_000 }) }, { additionalProperties: false }),
);
const readPresence = bodyChecker(Type.Object({ available: Type.Boolean() }, { additionalProperties: false }));

function statusOf(value: unknown): ConversationStatus | undefined {
  return CONVERSATION_STATUSES.find((status) => status === value);
}

/**
 * The agent inbox: chats bots handed over (with the whole transcript, the bot part included),
 * reply, close, and each agent's availability for new hand-overs.
 */
export function inboxRoutes(deps: RouteDeps): Router {
  const { inbox } = chatForApp(deps);
  const router = Router();

  router.get('/api/inbox/conversations', requireRole('viewer'), async (req, res) => {
    const agentId = typeof req.query.agentId === 'string' ? req.query.agentId : undefined;
    const status = statusOf(req.query.status);
    res.json({ items: await inbox.list({ ...(status ? { status } : {}), ...(agentId ? { agentId } : {}) }) });
  });

  router.get('/api/inbox/conversations/:id', requireRole('viewer'), async (req, res) => {
    res.json(await inbox.get(pathParam(req, 'id')));
  });

  router.post('/api/inbox/conversations/:id/reply', requireRole('editor'), async (req, res) => {
    const { text } = readReply(req.body);
    res.status(201).json(await inbox.reply({ conversationId: pathParam(req, 'id'), text }));
  });

  router.post('/api/inbox/conversations/:id/close', requireRole('editor'), async (req, res) => {
    await inbox.close(pathParam(req, 'id'));
    res.status(204).end();
  });

  router.get('/api/inbox/agents', requireRole('viewer'), async (_req, res) => {
    res.json({ items: await inbox.agents() });
  });

  router.put('/api/inbox/agents/:agentId/presence', requireRole('editor'), async (req, res) => {
    const { available } = readPresence(req.body);
    await inbox.setPresence({ agentId: pathParam(req, 'agentId'), available });
    res.status(204).end();
  });

  return router;
}

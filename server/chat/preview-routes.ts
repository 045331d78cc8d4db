import { Router } from 'express';
import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { Type } from 'typebox';
import { validateWorkflow } from '../../runtime/engine/validate-graph';
import { currentUser, requireRole } from '../auth/middleware';
import { executionForApp } from '../execution/app-wiring';
import { isWorkflowDocument } from '../execution/workflow-source';
import { bodyChecker } from '../http/body';
import { HttpError, requestLanguage } from '../http/errors';
import { pathParam } from '../http/params';
import { sharedLimitOptions } from '../http/shared-rate-limit';
import type { RouteDeps } from '../routes/deps';
import { findWorkflow } from '../routes/workflow-documents';
import { ChatPreview } from './preview';
import { chatForApp } from './wiring';

const MAX_TEXT = 2_000;

const readStart = bodyChecker(
  Type.Object(
    {
      language: Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')])),
      text: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_TEXT })),
    },
    { additionalProperties: false },
  ),
);
const readMessage = bodyChecker(
  Type.Object({ text: Type.String({ minLength: 1, maxLength: MAX_TEXT }) }, { additionalProperties: false }),
);
const readAfter = bodyChecker(
  Type.Object(
    { after: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })) },
    { additionalProperties: false },
  ),
);

/** Requests per minute and signed-in user: plenty for a person typing, a wall for a loop. */
const LIMITS = { starts: 30, messages: 120, reads: 600 };

const WINDOW_MS = 60_000;

/** `name` keeps this limiter's counters apart from the others' when they are shared (Postgres). */
function perUser(deps: RouteDeps, name: string, limit: number): RequestHandler {
  return rateLimit({
    ...sharedLimitOptions({ db: deps.db, logger: deps.services.logger, name, windowMs: WINDOW_MS }),
    windowMs: WINDOW_MS,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req: Request) => `preview:${currentUser(req).id}`,
    handler: (_req, _res, next) =>
      next(
        new HttpError({
          status: 429,
          code: 'rate_limited',
          message: {
            ja: 'プレビューへの送信が多すぎます。1 分ほど待ってからもう一度お試しください。',
            en: 'Too many preview requests. Wait a minute and try again.',
          },
        }),
      ),
  });
}

/**
 * The editor's chat preview of a draft bot (issue 6): start a conversation with the saved draft,
 * send the visitor's messages, read what the bot said since a cursor, stop it. Editors only;
 * nothing is published or activated. See server/chat/preview.ts for what a preview may touch.
 */
export function chatPreviewRoutes(deps: RouteDeps): Router {
  const execution = executionForApp(deps);
  const chat = chatForApp(deps);
  const preview = new ChatPreview({ execution, transcript: chat.transcript });
  const router = Router();
  const base = '/api/workflows/:id/preview';

  router.post(
    base,
    requireRole('editor'),
    perUser(deps, 'preview.start', LIMITS.starts),
    async (req, res) => {
      const workflowId = pathParam(req, 'id');
      const body = readStart(req.body ?? {});
      const workflow = await findWorkflow(deps.db, workflowId);
      const document = workflow.draft;
      const problems = validateWorkflow(document, deps.services.registry).filter(
        (p) => p.severity === 'error',
      );
      if (problems.length > 0 || !isWorkflowDocument(document)) {
        throw new HttpError({
          status: 422,
          code: 'workflow_invalid',
          message: {
            ja: `下書きにエラーが ${problems.length} 件あるためプレビューできません。「問題」パネルで直してください。`,
            en: `The draft has ${problems.length} error${problems.length === 1 ? '' : 's'} and cannot be previewed. Fix them in the Problems panel.`,
          },
          details: { problems },
        });
      }
      const turn = await preview.start({
        workflowId,
        document,
        userId: currentUser(req).id,
        language: body.language ?? requestLanguage(req),
        ...(body.text === undefined ? {} : { text: body.text }),
      });
      res.status(201).json(turn);
    },
  );

  router.post(
    `${base}/:previewId/messages`,
    requireRole('editor'),
    perUser(deps, 'preview.message', LIMITS.messages),
    async (req, res) => {
      const { text } = readMessage(req.body ?? {});
      res.json(
        await preview.send({
          workflowId: pathParam(req, 'id'),
          previewId: pathParam(req, 'previewId'),
          text,
        }),
      );
    },
  );

  router.get(
    `${base}/:previewId`,
    requireRole('editor'),
    perUser(deps, 'preview.read', LIMITS.reads),
    async (req, res) => {
      const { after } = readAfter(req.query);
      res.json(
        await preview.read({
          workflowId: pathParam(req, 'id'),
          previewId: pathParam(req, 'previewId'),
          after: after === undefined ? 0 : Number(after),
        }),
      );
    },
  );

  router.delete(
    `${base}/:previewId`,
    requireRole('editor'),
    perUser(deps, 'preview.stop', LIMITS.messages),
    async (req, res) => {
      await preview.stop({ workflowId: pathParam(req, 'id'), previewId: pathParam(req, 'previewId') });
      res.status(204).end();
    },
  );

  return router;
}

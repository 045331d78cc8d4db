import express, { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { isRecord } from '../../runtime/engine/registry';
import type { Language } from '../../runtime/model/localized';
import { sharedLimitOptions } from '../http/shared-rate-limit';
import type { RouteDeps } from '../routes/deps';
import { isHttps } from '../app';
import { lookupShare } from '../sharing/access';
import { createSharing } from '../sharing/index';
import type { Sharing } from '../sharing/index';
import { ACCESS_COOKIE_MS } from '../sharing/otp';
import { buildPageModel } from '../sharing/page-model';
import { SHARE_PAGE_CSP, renderGatePage, renderNotice, renderSharePage } from '../sharing/page-html';
import { maskEmail, signAccessCookie, verifyAccessCookie } from '../sharing/tokens';
import { recipientEmail } from '../sharing/recipient';
import { gateMessage } from '../sharing/gate-messages';
import { RenderedPageCache, pageFingerprint } from '../sharing/page-cache';

/** The cookie a verified visitor carries, scoped to the one link's path. */
export const SHARE_ACCESS_COOKIE = 'msb_share';

/** Requests per minute; the OTP lock, not these, is what stops code guessing. */
export interface SharePageLimits {
  perIpPerMinute: number;
  perLinkPerMinute: number;
}
const DEFAULT_LIMITS: SharePageLimits = { perIpPerMinute: 120, perLinkPerMinute: 300 };

/** `?lang=` or the form's `lang` wins; otherwise the browser's language (Japanese first). */
function pageLanguage(req: Request): Language {
  const body: unknown = req.body;
  const chosen = req.query.lang ?? (isRecord(body) ? body.lang : undefined);
  if (chosen === 'en' || chosen === 'ja') return chosen;
  return req.acceptsLanguages('ja', 'en') === 'en' ? 'en' : 'ja';
}

function tokenOf(req: Request): string {
  const token: unknown = req.params.token;
  return typeof token === 'string' ? token : '';
}

function send(res: Response, status: number, html: string): void {
  res.status(status).type('html').send(html);
}

/** Headers of every public share response: no script, no referrer, not indexed, never cached. */
const shareHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'Content-Security-Policy': SHARE_PAGE_CSP,
    'Referrer-Policy': 'no-referrer',
    'X-Robots-Tag': 'noindex, nofollow',
    'Cache-Control': 'no-store',
  });
  next();
};

const WINDOW_MS = 60_000;

/** `name` keeps this limiter's counters apart from the others' when they are shared (Postgres). */
function limiter(
  deps: RouteDeps,
  options: { name: string; limit: number; key: (req: Request) => string },
): RequestHandler {
  const { db, services } = deps;
  return rateLimit({
    ...sharedLimitOptions({ db, logger: services.logger, name: options.name, windowMs: WINDOW_MS }),
    windowMs: WINDOW_MS,
    limit: options.limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: options.key,
    handler: (req, res) => send(res, 429, renderNotice({ language: pageLanguage(req), kind: 'tooMany' })),
  });
}

/**
 * The public share pages `/s/:token` (no sign-in): the record's permitted fields, or the OTP gate
 * in front of them, or 410 once the link is revoked. Everything is rendered on the server; the
 * page works without JavaScript and carries none.
 */
export function sharePageRoutes(
  deps: RouteDeps & { limits?: Partial<SharePageLimits>; sharing?: Sharing },
): Router {
  const { db, config, services } = deps;
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const sharing =
    deps.sharing ??
    createSharing({
      db,
      clock: services.clock,
      mail: services.mail,
      publicUrl: config.publicUrl,
      secret: config.secretKey,
    });
  const secure = isHttps(config);
  const rendered = new RenderedPageCache();
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '2kb', parameterLimit: 5 });
  const perIp = limiter(deps, {
    name: 'share.ip',
    limit: limits.perIpPerMinute,
    key: (req) => `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`,
  });
  const perLink = limiter(deps, {
    name: 'share.link',
    limit: limits.perLinkPerMinute,
    key: (req) => `link:${tokenOf(req)}`,
  });
  const guard = [shareHeaders, perIp, perLink];

  function hasAccess(req: Request, linkId: string): boolean {
    const cookies: unknown = Reflect.get(req, 'cookies');
    const value = isRecord(cookies) ? cookies[SHARE_ACCESS_COOKIE] : undefined;
    return (
      typeof value === 'string' &&
      verifyAccessCookie({ secret: config.secretKey, linkId, value, now: services.clock.now() })
    );
  }

  async function showGate(options: {
    req: Request;
    res: Response;
    status: number;
    message?: { text: string; error: boolean };
    codeSent: boolean;
  }): Promise<void> {
    const { req, res } = options;
    const found = await lookupShare(db, tokenOf(req));
    if (found.state !== 'live') return void notLive(req, res, found.state);
    const email = await recipientEmail(db, found.record);
    send(
      res,
      options.status,
      renderGatePage({
        language: pageLanguage(req),
        path: `/s/${tokenOf(req)}`,
        orgName: found.settings.orgName,
        hasLogo: Boolean(found.settings.logo),
        maskedEmail: email ? maskEmail(email) : null,
        codeSent: options.codeSent,
        ...(options.message ? { message: options.message } : {}),
      }),
    );
  }

  function notLive(req: Request, res: Response, state: 'unknown' | 'gone'): void {
    const language = pageLanguage(req);
    if (state === 'gone') send(res, 410, renderNotice({ language, kind: 'gone' }));
    else send(res, 404, renderNotice({ language, kind: 'notFound' }));
  }

  router.get('/s/:token', ...guard, async (req, res) => {
    const token = tokenOf(req);
    // One query says whether the link is live and whether the page changed since it was rendered.
    const quick = await pageFingerprint(db, token);
    if (quick.state !== 'live') return notLive(req, res, quick.state);
    if (quick.access === 'otp' && !hasAccess(req, quick.linkId)) {
      const found = await lookupShare(db, token);
      if (found.state !== 'live') return notLive(req, res, found.state);
      return showGate({ req, res, status: 200, codeSent: found.link.otpHash !== null });
    }
    const language = pageLanguage(req);
    const key = `${quick.linkId}:${language}`;
    const cached = rendered.get(key, quick.fingerprint);
    if (cached !== undefined) return send(res, 200, cached);
    const found = await lookupShare(db, token);
    if (found.state !== 'live') return notLive(req, res, found.state);
    const model = await buildPageModel({ db, record: found.record, settings: found.settings });
    const html = renderSharePage({ model, language, path: `/s/${token}` });
    rendered.set(key, quick.fingerprint, html);
    send(res, 200, html);
  });

  router.get('/s/:token/logo', ...guard, async (req, res) => {
    const found = await lookupShare(db, tokenOf(req));
    if (found.state !== 'live') return notLive(req, res, found.state);
    const { logo, logoType } = found.settings;
    if (!logo || !logoType) return notLive(req, res, 'unknown');
    res.set('Cache-Control', 'private, max-age=300').type(logoType).send(logo);
  });

  router.post('/s/:token/code', ...guard, form, async (req, res) => {
    const found = await lookupShare(db, tokenOf(req));
    if (found.state !== 'live') return notLive(req, res, found.state);
    if (found.settings.access !== 'otp') return void res.redirect(303, `/s/${tokenOf(req)}`);
    const language = pageLanguage(req);
    const result = await sharing.otp.send({ ...found, language });
    const message = gateMessage({
      result,
      language,
      maskedTo: result.status === 'sent' ? maskEmail(result.to) : '',
    });
    const status = result.status === 'sent' ? 200 : result.status === 'no_recipient' ? 409 : 429;
    return showGate({ req, res, status, message, codeSent: result.status !== 'no_recipient' });
  });

  router.post('/s/:token/verify', ...guard, form, async (req, res) => {
    const found = await lookupShare(db, tokenOf(req));
    if (found.state !== 'live') return notLive(req, res, found.state);
    const path = `/s/${tokenOf(req)}`;
    const language = pageLanguage(req);
    if (found.settings.access !== 'otp') return void res.redirect(303, path);
    const body: unknown = req.body;
    const code = isRecord(body) && typeof body.code === 'string' ? body.code : '';
    const result = await sharing.otp.verify({ link: found.link, code });
    if (result.status === 'verified') {
      const expiresAt = services.clock.now() + ACCESS_COOKIE_MS;
      res.cookie(
        SHARE_ACCESS_COOKIE,
        signAccessCookie({ secret: config.secretKey, linkId: found.link.id, expiresAt }),
        {
          path,
          httpOnly: true,
          sameSite: 'lax',
          secure,
          maxAge: ACCESS_COOKIE_MS,
        },
      );
      return void res.redirect(303, `${path}?lang=${language}`);
    }
    const status = result.status === 'locked' ? 423 : 401;
    return showGate({
      req,
      res,
      status,
      message: gateMessage({ result, language, maskedTo: '' }),
      codeSent: true,
    });
  });

  return router;
}

import type { Response } from 'express';

/** How the session cookie is written: the name and whether it is Secure depend on PUBLIC_URL. */
export interface SessionCookie {
  name: string;
  secure: boolean;
}

/** HttpOnly (scripts cannot read it), SameSite=Lax (not sent on cross-site writes), Secure over HTTPS. */
export function setSessionCookie(
  res: Response,
  cookie: SessionCookie,
  options: { value: string; expires: Date },
): void {
  res.cookie(cookie.name, options.value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: cookie.secure,
    path: '/',
    expires: options.expires,
  });
}

export function clearSessionCookie(res: Response, cookie: SessionCookie): void {
  res.clearCookie(cookie.name, { httpOnly: true, sameSite: 'lax', secure: cookie.secure, path: '/' });
}

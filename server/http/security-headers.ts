import type { RequestHandler } from 'express';

/**
 * The handful of headers helmet would set, written out so each is visible and a route (the chat
 * widget, share pages) can loosen one on purpose with res.set(). React Flow sets inline style
 * attributes, hence 'unsafe-inline' for styles only; scripts come from our origin alone.
 */
export function securityHeaders(options: { https: boolean }): RequestHandler {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return (_req, res, next) => {
    res.set({
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
      'X-DNS-Prefetch-Control': 'off',
    });
    // HSTS only means something over HTTPS; over plain HTTP browsers ignore it anyway.
    if (options.https) res.set('Strict-Transport-Security', 'max-age=15552000; includeSubDomains');
    next();
  };
}

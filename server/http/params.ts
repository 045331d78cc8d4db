import type { Request } from 'express';
import { HttpError } from './errors';

/** A named path parameter as one string (Express 5 types them as string | string[]). */
export function pathParam(req: Request, name: string): string {
  const value: unknown = req.params[name];
  if (typeof value === 'string' && value.length > 0) return value;
  throw new HttpError({
    status: 400,
    code: 'invalid_request',
    message: { ja: `パスの ${name} が正しくありません。`, en: `The path parameter ${name} is not valid.` },
  });
}

import { Type } from 'typebox';
import { bodyChecker } from '../http/body';

/** `?limit=&offset=` as numbers: at most 200 a page, 50 by default. */
const readPagingQuery = bodyChecker(
  Type.Object(
    {
      limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })),
      offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$' })),
    },
    { additionalProperties: true },
  ),
);

export const MAX_PAGE = 200;

/** Reads paging from a query string; refuses a non-number with a 400. */
export function readPaging(query: unknown): { limit: number; offset: number } {
  const parsed = readPagingQuery(query);
  const limit = parsed.limit === undefined ? 50 : Math.min(Math.max(Number(parsed.limit), 1), MAX_PAGE);
  return { limit, offset: parsed.offset === undefined ? 0 : Number(parsed.offset) };
}

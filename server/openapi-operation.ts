/** One documented operation, as server/openapi.ts turns it into OpenAPI. Feature folders describe
 * their routes with it and server/openapi.ts spreads them into the document. */
export interface OperationSpec {
  summary: string;
  tag: string;
  /** `public` needs nothing; a role needs a session cookie (+ X-CSRF-Token on writes) or a bearer token. */
  access: 'public' | 'viewer' | 'editor' | 'admin';
  body?: Record<string, unknown>;
  /** Status → description of the success answers; error answers are added from `errors`. */
  ok: Record<string, string>;
  errors?: number[];
  query?: Record<string, string>;
  content?: string;
}

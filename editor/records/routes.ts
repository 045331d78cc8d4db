/** The records screens' routes: `#/records/deals`, `#/records/deals?view=board&pipeline=p1`, `#/records/deals/r1`. */
export type RecordsRoute =
  | { name: 'records'; module: string; view: 'list' | 'board'; pipelineId?: string | undefined }
  | { name: 'record'; module: string; id: string };

/** The records route of a hash's parts, or undefined when the hash is another screen's. */
export function parseRecordsRoute(parts: string[], params: URLSearchParams): RecordsRoute | undefined {
  if (parts[0] !== 'records') return undefined;
  const module = parts[1] ?? 'deals';
  if (parts[2]) return { name: 'record', module, id: parts[2] };
  return {
    name: 'records',
    module,
    view: params.get('view') === 'board' ? 'board' : 'list',
    pipelineId: params.get('pipeline') ?? undefined,
  };
}

/** The hash of a records route. */
export function recordsHref(route: RecordsRoute): string {
  const base = `#/records/${encodeURIComponent(route.module)}`;
  if (route.name === 'record') return `${base}/${encodeURIComponent(route.id)}`;
  const params = new URLSearchParams();
  if (route.view === 'board') params.set('view', 'board');
  if (route.pipelineId) params.set('pipeline', route.pipelineId);
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

import { useEffect, useState } from 'react';
import { parseRecordsRoute, recordsHref, type RecordsRoute } from '../records/routes';

/** The screens, addressed by the URL hash so a reload or a shared link opens the same one. */
export type Route =
  | { name: 'workflows' }
  | { name: 'editor'; id: string; runId?: string | undefined }
  | { name: 'executions'; workflowId?: string | undefined }
  | { name: 'execution'; id: string }
  | { name: 'sharing' }
  | { name: 'inbox' }
  | { name: 'slackSettings' }
  /** `tab`: the settings tab to open first (`#/settings/connections`, where OAuth lands). */
  | { name: 'settings'; tab?: string | undefined }
  | RecordsRoute;

/** Parses `#/workflows/abc?run=r1` and friends; anything unknown is the workflows list. */
export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'workflows' && parts[1])
    return { name: 'editor', id: parts[1], runId: params.get('run') ?? undefined };
  if (parts[0] === 'executions' && parts[1]) return { name: 'execution', id: parts[1] };
  if (parts[0] === 'settings' && parts[1] === 'slack') return { name: 'slackSettings' };
  if (parts[0] === 'settings') return { name: 'settings', tab: parts[1] };
  const records = parseRecordsRoute(parts, params);
  if (records) return records;
  if (parts[0] === 'inbox') return { name: 'inbox' };
  if (parts[0] === 'sharing') return { name: 'sharing' };
  if (parts[0] === 'executions')
    return { name: 'executions', workflowId: params.get('workflow') ?? undefined };
  return { name: 'workflows' };
}

/** The hash of a route (the inverse of parseRoute). */
export function routeHref(route: Route): string {
  switch (route.name) {
    case 'workflows':
      return '#/workflows';
    case 'editor':
      return `#/workflows/${encodeURIComponent(route.id)}${route.runId ? `?run=${encodeURIComponent(route.runId)}` : ''}`;
    case 'executions':
      return `#/executions${route.workflowId ? `?workflow=${encodeURIComponent(route.workflowId)}` : ''}`;
    case 'execution':
      return `#/executions/${encodeURIComponent(route.id)}`;
    case 'inbox':
      return '#/inbox';
    case 'slackSettings':
      return '#/settings/slack';
    case 'settings':
      return `#/settings${route.tab ? `/${encodeURIComponent(route.tab)}` : ''}`;
    case 'records':
    case 'record':
      return recordsHref(route);
    case 'sharing':
      return '#/sharing';
  }
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

/** The current route; re-renders on hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

import { useEffect, useState } from 'react';
import { getSettings } from '../sharing/api';
import { fetchSharedIds, type RecordRow } from './api';

/** Which pipelines share externally and which of the shown records have a link; nothing when sharing is unavailable. */
export function useShareState(records: RecordRow[]): { sharingOn: Set<string>; shared: Set<string> } {
  const [state, setState] = useState({ sharingOn: new Set<string>(), shared: new Set<string>() });
  const key = records.map((r) => r.id).join(',');
  useEffect(() => {
    let live = true;
    const pipelineIds = [
      ...new Set(records.flatMap((r) => (typeof r.pipelineId === 'string' ? [r.pipelineId] : []))),
    ];
    if (pipelineIds.length === 0) {
      setState({ sharingOn: new Set(), shared: new Set() });
      return;
    }
    void (async () => {
      const on = new Set<string>();
      for (const id of pipelineIds) {
        const settings = await getSettings(id).catch(() => undefined);
        if (settings?.enabled) on.add(id);
      }
      const ids = records
        .filter((r) => typeof r.pipelineId === 'string' && on.has(r.pipelineId))
        .map((r) => r.id);
      const shared = await fetchSharedIds(ids).catch(() => new Set<string>());
      if (live) setState({ sharingOn: on, shared });
    })();
    return () => {
      live = false;
    };
    // The ids are the dependency: the same records again need no new requests.
  }, [key]);
  return state;
}

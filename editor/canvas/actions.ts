import { useMemo } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { NodeDescriptor } from '../../runtime/model/node-definition';
import { useNotices } from '../app/notices';
import type { EditorStore } from '../store/editor-store';
import type { FlowNode } from '../store/flow-types';
import { parseClipboard, serializeFragment } from './clipboard';
import {
  addNote,
  addStep,
  deleteSelection,
  insertFragment,
  selectAll,
  selectionFragment,
  type Catalogue,
} from './operations';

export interface EditorActions {
  undo(): void;
  redo(): void;
  /** Adds a node: at `screen` (a drop), else beside the selected node (wired to it), else mid-view. */
  addNode(o: { type: string; screen?: { x: number; y: number } }): void;
  addNote(): void;
  deleteSelection(): void;
  duplicateSelection(): void;
  selectAll(): void;
  clearSelection(): void;
  /** The selection as workflow JSON text, or null when nothing is selected. */
  copySelection(): string | null;
  paste(text: string): void;
  fitView(): void;
  layout(): Promise<void>;
  focusNode(id: string): void;
}

const PASTE_OFFSET = 40;

/** Every edit the toolbar, palette and keyboard offer, as one object. */
export function useEditorActions(o: {
  store: EditorStore;
  catalogue: Catalogue;
  readOnly: boolean;
}): EditorActions {
  const flowApi = useReactFlow<FlowNode>();
  const { t, i18n } = useTranslation();
  const { notify } = useNotices();
  const { store, catalogue, readOnly } = o;

  return useMemo<EditorActions>(() => {
    const lang = i18n.language === 'en' ? 'en' : 'ja';
    const viewCenter = (): { x: number; y: number } => {
      const pane = document.querySelector('.react-flow');
      const rect = pane?.getBoundingClientRect();
      const screen = rect
        ? { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }
        : { x: 400, y: 300 };
      return flowApi.screenToFlowPosition(screen);
    };
    const guard = (fn: () => void) => () => {
      if (!readOnly) fn();
    };
    return {
      undo: guard(() => store.undo()),
      redo: guard(() => store.redo()),
      addNode({ type, screen }) {
        if (readOnly) return;
        const descriptor: NodeDescriptor | undefined = catalogue.get(type);
        if (!descriptor) return;
        const selected = store.flow.nodes.filter((n) => n.selected && n.type === 'step');
        const anchor = selected.length === 1 ? selected[0] : undefined;
        let position: { x: number; y: number };
        if (screen) {
          // The pointer holds the node by its title, not by its corner.
          const at = flowApi.screenToFlowPosition(screen);
          position = { x: at.x - 60, y: at.y - 24 };
        } else if (anchor) position = { x: anchor.position.x + 300, y: anchor.position.y };
        else position = viewCenter();
        store.change(
          (flow) =>
            addStep(flow, {
              descriptor,
              position,
              lang,
              catalogue,
              connectFrom: screen ? undefined : anchor?.id,
            }).flow,
        );
      },
      addNote: guard(() => store.change((flow) => addNote(flow, viewCenter()))),
      deleteSelection: guard(() => store.change(deleteSelection)),
      duplicateSelection: guard(() => {
        const fragment = selectionFragment(store.flow);
        if (fragment.nodes.length === 0) return;
        store.change(
          (flow) => insertFragment(flow, { ...fragment, offset: { x: PASTE_OFFSET, y: PASTE_OFFSET } }).flow,
        );
      }),
      selectAll: () => store.change(selectAll, { record: false }),
      clearSelection: () =>
        store.change(
          (flow) => ({
            ...flow,
            nodes: flow.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)),
            edges: flow.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
          }),
          { record: false },
        ),
      copySelection() {
        const fragment = selectionFragment(store.flow);
        if (fragment.nodes.length === 0) return null;
        notify(t('canvas.clipboard.copied', { count: fragment.nodes.length }), 'success');
        return serializeFragment({ meta: store.flow.meta, ...fragment });
      },
      paste(text) {
        if (readOnly) return;
        const fragment = parseClipboard(text);
        if (!fragment) {
          notify(t('canvas.clipboard.invalid'), 'error');
          return;
        }
        let count = 0;
        store.change((flow) => {
          const result = insertFragment(flow, { ...fragment, offset: { x: PASTE_OFFSET, y: PASTE_OFFSET } });
          count = result.count;
          return result.flow;
        });
        notify(t('canvas.clipboard.pasted', { count }), 'success');
      },
      fitView: () => void flowApi.fitView({ padding: 0.2, duration: 200 }),
      async layout() {
        if (readOnly) return;
        // dagre is loaded only when someone asks for a layout.
        const { layoutFlow } = await import('./layout');
        store.change((flow) => layoutFlow(flow));
        window.requestAnimationFrame(() => void flowApi.fitView({ padding: 0.2, duration: 200 }));
      },
      focusNode(id) {
        store.change(
          (flow) => ({
            ...flow,
            nodes: flow.nodes.map((n) => {
              const selected = n.id === id;
              return Boolean(n.selected) === selected ? n : { ...n, selected };
            }),
          }),
          { record: false },
        );
        void flowApi.fitView({ nodes: [{ id }], duration: 250, maxZoom: 1.2, padding: 0.5 });
      },
    };
  }, [store, catalogue, readOnly, flowApi, notify, t, i18n.language]);
}

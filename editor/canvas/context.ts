import { createContext, useContext } from 'react';
import type { NodeDescriptor } from '../../runtime/model/node-definition';
import type { EditorStore } from '../store/editor-store';
import type { OverlayStore } from './overlay';

/** What every canvas piece needs: the store, the overlays and the node catalogue. */
export interface CanvasContextValue {
  store: EditorStore;
  overlay: OverlayStore;
  descriptors: ReadonlyMap<string, NodeDescriptor>;
  readOnly: boolean;
}

export const CanvasContext = createContext<CanvasContextValue | null>(null);

export function useCanvas(): CanvasContextValue {
  const value = useContext(CanvasContext);
  if (!value) throw new Error('useCanvas outside CanvasContext');
  return value;
}

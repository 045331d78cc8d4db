import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useNodesInitialized,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
  type Viewport,
} from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { EditorStore } from '../store/editor-store';
import { useEditorState } from '../store/editor-store';
import type { FlowEdge, FlowNode } from '../store/flow-types';
import { useNotices } from '../app/notices';
import type { EditorActions } from './actions';
import { NoteNodeView } from './NoteNodeView';
import { StepNodeView } from './StepNodeView';
import { connect, connectionProblem, type Catalogue } from './operations';
import { CATEGORY_COLORS } from './icons';
import { NODE_DRAG_TYPE } from './drag';
import { initialViewport } from './initial-viewport';

const NODE_TYPES = { step: StepNodeView, note: NoteNodeView };
const FIT_VIEW_OPTIONS = { padding: 0.15, maxZoom: 1.1 };
const MIN_ZOOM = 0.1;
const MINIMAP_STYLE = { width: 170, height: 110 };

/**
 * The React Flow canvas, controlled by the editor store. Node moves are applied while dragging
 * and recorded once at the end; selection and measuring are not undo steps.
 */
export function Canvas(props: {
  store: EditorStore;
  catalogue: Catalogue;
  actions: EditorActions;
  readOnly: boolean;
  takenEdges: ReadonlySet<string>;
}) {
  const { store, catalogue, actions, readOnly, takenEdges } = props;
  const { t } = useTranslation();
  const { notify } = useNotices();
  const state = useEditorState(store);
  const lastRefusal = useRef(0);
  // The first view shows the whole workflow, computed before the first draw (see initialViewport).
  const container = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState<Viewport | null>(null);
  useLayoutEffect(() => {
    const rect = container.current?.getBoundingClientRect();
    setViewport(
      initialViewport({
        nodes: store.flow.nodes,
        width: rect?.width ?? 0,
        height: rect?.height ?? 0,
        minZoom: MIN_ZOOM,
        maxZoom: FIT_VIEW_OPTIONS.maxZoom,
      }),
    );
  }, [store]);

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const apply = (flow: typeof store.flow) => ({ ...flow, nodes: applyNodeChanges(changes, flow.nodes) });
      const moving = changes.filter(
        (c) =>
          (c.type === 'position' && c.dragging !== undefined) ||
          (c.type === 'dimensions' && c.resizing !== undefined),
      );
      if (moving.length > 0) {
        if (readOnly) return;
        const ended = moving.every((c) =>
          c.type === 'position' ? c.dragging === false : c.type === 'dimensions' && c.resizing === false,
        );
        store.dragMove(apply, ended);
        return;
      }
      const documentChange = changes.some(
        (c) => c.type === 'position' || c.type === 'add' || c.type === 'replace',
      );
      if (documentChange && readOnly) return;
      // Removal goes through actions.deleteSelection (one undo step for nodes and their edges).
      const kept = changes.filter((c) => c.type !== 'remove');
      if (kept.length === 0) return;
      store.change((flow) => ({ ...flow, nodes: applyNodeChanges(kept, flow.nodes) }), {
        record: documentChange,
      });
    },
    [store, readOnly],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<FlowEdge>[]) => {
      const kept = changes.filter((c) => c.type === 'select');
      if (kept.length === 0) return;
      store.change((flow) => ({ ...flow, edges: applyEdgeChanges(kept, flow.edges) }), { record: false });
    },
    [store],
  );

  const isValidConnection = useCallback(
    (connection: Connection | Edge) => {
      const problem = connectionProblem(store.flow, { connection, catalogue });
      return problem === null;
    },
    [store, catalogue],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      if (readOnly) return;
      const problem = connectionProblem(store.flow, { connection, catalogue });
      if (problem === 'invalidBranch' || problem === 'triggerInput') {
        const now = Date.now();
        if (now - lastRefusal.current > 1500) notify(t(`canvas.connect.${problem}`), 'error');
        lastRefusal.current = now;
        return;
      }
      if (problem) return;
      store.change((flow) => connect(flow, connection));
    },
    [store, catalogue, readOnly, notify, t],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(NODE_DRAG_TYPE)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(NODE_DRAG_TYPE);
      if (!type) return;
      event.preventDefault();
      actions.addNode({ type, screen: { x: event.clientX, y: event.clientY } });
    },
    [actions],
  );

  const initialized = useNodesInitialized();
  const markedReady = useRef(false);
  useEffect(() => {
    if (!initialized || markedReady.current) return;
    markedReady.current = true;
    // Every node is measured and drawn: the canvas answers clicks and drags from here on.
    performance.mark('musubi:canvas-ready');
  }, [initialized]);

  // Edges the shown run went along are drawn highlighted and animated.
  const edges = useMemo(
    () =>
      takenEdges.size === 0
        ? state.edges
        : state.edges.map((edge): FlowEdge =>
            takenEdges.has(edge.id) ? { ...edge, className: 'taken', animated: true } : edge,
          ),
    [state.edges, takenEdges],
  );

  const nodeColor = useCallback(
    (node: FlowNode) =>
      node.type === 'step'
        ? (CATEGORY_COLORS[catalogue.get(node.data.type)?.category ?? 'other'] ?? '#888')
        : '#f8e59a',
    [catalogue],
  );

  return (
    <div className="canvas" onDragOver={onDragOver} onDrop={onDrop} data-testid="canvas" ref={container}>
      {viewport && (
        <ReactFlow<FlowNode, FlowEdge>
          nodes={state.nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          isValidConnection={isValidConnection}
          onlyRenderVisibleElements
          defaultViewport={viewport}
          minZoom={MIN_ZOOM}
          maxZoom={2}
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={['Meta', 'Control']}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          elevateNodesOnSelect={false}
          proOptions={{ hideAttribution: true }}
          defaultEdgeOptions={{ type: 'smoothstep' }}
        >
          <Background gap={20} size={1} />
          <MiniMap
            pannable
            zoomable
            nodeColor={nodeColor}
            ariaLabel={t('canvas.toolbar.fit')}
            style={MINIMAP_STYLE}
          />
          <Controls showInteractive={false} fitViewOptions={FIT_VIEW_OPTIONS} />
        </ReactFlow>
      )}
      {state.nodes.length === 0 && !readOnly && <p className="canvas-empty">{t('canvas.emptyHint')}</p>}
    </div>
  );
}

import { memo, useEffect, useState } from 'react';
import { NodeResizer, type NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { FlowNode, NoteNode } from '../store/flow-types';
import { useCanvas } from './context';

/** A sticky note: free text beside the steps, resizable; edits are undoable like everything else. */
export const NoteNodeView = memo(function NoteNodeView(props: NodeProps<NoteNode>) {
  const { t } = useTranslation();
  const { store, readOnly } = useCanvas();
  const [text, setText] = useState(props.data.text);
  useEffect(() => setText(props.data.text), [props.data.text]);

  const commit = (value: string): void => {
    setText(value);
    store.change(
      (flow) => ({
        ...flow,
        nodes: flow.nodes.map((node): FlowNode =>
          node.id === props.id && node.type === 'note'
            ? { ...node, data: { ...node.data, text: value } }
            : node,
        ),
      }),
      { coalesce: `note:${props.id}` },
    );
  };

  return (
    <div className="note-node" style={props.data.color ? { background: props.data.color } : undefined}>
      <NodeResizer isVisible={props.selected && !readOnly} minWidth={120} minHeight={60} />
      <textarea
        className="nodrag nowheel"
        aria-label={t('canvas.note.label')}
        placeholder={t('canvas.note.placeholder')}
        value={text}
        readOnly={readOnly}
        onChange={(e) => commit(e.target.value)}
      />
    </div>
  );
});

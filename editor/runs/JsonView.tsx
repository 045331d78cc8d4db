import { memo } from 'react';

/** A JSON value, pretty-printed and collapsible (large outputs stay out of the way). */
export const JsonView = memo(function JsonView(props: { value: unknown; label: string; open?: boolean }) {
  const text = props.value === undefined ? '—' : JSON.stringify(props.value, null, 2);
  return (
    <details className="json-view" open={props.open ?? true}>
      <summary>{props.label}</summary>
      <pre>{text}</pre>
    </details>
  );
});

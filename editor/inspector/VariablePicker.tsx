import { useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { VariableGroup, VariableOption } from './variables';

const GROUP_KEYS: Record<VariableGroup, string> = {
  trigger: 'canvas.inspector.groupTrigger',
  vars: 'canvas.inspector.groupVars',
  nodes: 'canvas.inspector.groupNodes',
};

/**
 * A searchable list of what a template can use here. Arrow keys move, Enter inserts, Escape closes;
 * the caller inserts `{{ path }}`.
 */
export function VariablePicker(props: {
  options: readonly VariableOption[];
  onPick: (path: string) => void;
  onClose: () => void;
  initialQuery?: string;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState(props.initialQuery ?? '');
  const [active, setActive] = useState(0);
  const visible = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return needle
      ? props.options.filter((o) => `${o.path} ${o.source}`.toLowerCase().includes(needle))
      : [...props.options];
  }, [props.options, query]);

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((i) => Math.min(i + 1, visible.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const option = visible[active];
      if (option) props.onPick(option.path);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      props.onClose();
    }
  };

  let lastGroup: VariableGroup | null = null;
  return (
    <div className="variable-picker" role="dialog" aria-label={t('canvas.inspector.variables')}>
      <input
        type="search"
        autoFocus
        placeholder={t('canvas.inspector.variableSearch')}
        aria-label={t('canvas.inspector.variableSearch')}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        role="combobox"
        aria-expanded="true"
        aria-controls="variable-options"
        aria-activedescendant={visible[active] ? `variable-${active}` : undefined}
      />
      {visible.length === 0 ? (
        <p className="muted small">{t('canvas.inspector.noVariables')}</p>
      ) : (
        <ul id="variable-options" role="listbox">
          {visible.map((option, index) => {
            const header = option.group !== lastGroup ? t(GROUP_KEYS[option.group]) : null;
            lastGroup = option.group;
            return (
              <li key={option.path} role="presentation">
                {header && <div className="picker-group">{header}</div>}
                <button
                  type="button"
                  id={`variable-${index}`}
                  role="option"
                  aria-selected={index === active}
                  className={index === active ? 'active' : ''}
                  onMouseEnter={() => setActive(index)}
                  onClick={() => props.onPick(option.path)}
                >
                  <code>{option.path}</code>
                  <span className="muted small">
                    {option.source}
                    {option.example ? ` · ${option.example}` : ''}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

import { useContext, useEffect, useRef, useState } from 'react';
import type { WidgetProps } from '@rjsf/utils';
import { useTranslation } from 'react-i18next';
import { VariablePicker } from './VariablePicker';
import { VariableContext, type PreviewScope } from './variable-context';
import { insertVariable } from './variables';

/**
 * A text field that takes templates: a button (or typing `{{`) opens the variable picker, which
 * inserts `{{ path }}` at the cursor; below, a preview rendered against the last run's data.
 */
export function TemplateInput(props: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  multiline?: boolean;
  placeholder?: string | undefined;
  disabled?: boolean;
  invalid?: boolean;
  label?: string;
  onBlur?: () => void;
  onFocus?: () => void;
}) {
  const { t } = useTranslation();
  const { options, preview } = useContext(VariableContext);
  const [open, setOpen] = useState(false);
  const field = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const cursor = useRef<{ start: number; end: number } | null>(null);
  const { value } = props;
  const multiline = props.multiline === true || value.includes('\n');

  const rememberCursor = (): void => {
    const element = field.current;
    if (element) {
      cursor.current = {
        start: element.selectionStart ?? value.length,
        end: element.selectionEnd ?? value.length,
      };
    }
  };

  const pick = (path: string): void => {
    const at = cursor.current ?? { start: value.length, end: value.length };
    // Typing `{{` opened the picker: replace those two braces rather than doubling them.
    const typedBraces = value.slice(Math.max(0, at.start - 2), at.start) === '{{';
    const start = typedBraces ? at.start - 2 : at.start;
    const result = insertVariable({ text: value, path, start, end: at.end });
    props.onChange(result.text);
    setOpen(false);
    window.requestAnimationFrame(() => {
      field.current?.focus();
      field.current?.setSelectionRange(result.cursor, result.cursor);
    });
  };

  const onChange = (text: string): void => {
    props.onChange(text);
    const at = field.current?.selectionStart ?? text.length;
    if (text.slice(at - 2, at) === '{{' && text.length > value.length) {
      cursor.current = { start: at, end: at };
      setOpen(true);
    }
  };

  const common = {
    id: props.id,
    ref: field,
    value,
    disabled: props.disabled,
    placeholder: props.placeholder,
    'aria-label': props.label,
    'aria-invalid': props.invalid === true,
    'aria-describedby': `${props.id}__error ${props.id}__description`,
    onSelect: rememberCursor,
    onKeyUp: rememberCursor,
    onBlur: props.onBlur,
    onFocus: props.onFocus,
  };

  return (
    <div className="template-field">
      <div className="template-input">
        {multiline ? (
          <textarea {...common} rows={4} onChange={(e) => onChange(e.target.value)} />
        ) : (
          <input type="text" {...common} onChange={(e) => onChange(e.target.value)} />
        )}
        <button
          type="button"
          className="variable-button"
          title={t('canvas.inspector.insertVariable')}
          aria-label={t('canvas.inspector.insertVariable')}
          aria-expanded={open}
          disabled={props.disabled}
          onMouseDown={rememberCursor}
          onClick={() => setOpen((o) => !o)}
        >
          {'{ }'}
        </button>
      </div>
      {open && <VariablePicker options={options} onPick={pick} onClose={() => setOpen(false)} />}
      {value.includes('{{') && <TemplatePreview text={value} scope={preview} />}
    </div>
  );
}

/** The form widget for `x-widget: template | textarea` fields. */
export function TemplateWidget(props: WidgetProps) {
  const value = typeof props.value === 'string' ? props.value : '';
  return (
    <TemplateInput
      id={props.id}
      value={value}
      multiline={props.options.multiline === true}
      placeholder={props.placeholder}
      disabled={props.disabled || props.readonly}
      invalid={(props.rawErrors?.length ?? 0) > 0}
      onChange={(text) => props.onChange(text === '' ? props.options.emptyValue : text)}
      onBlur={() => props.onBlur(props.id, value)}
      onFocus={() => props.onFocus(props.id, value)}
    />
  );
}

/** The template rendered with liquidjs (loaded on first use) against the last run's data. */
function TemplatePreview(props: { text: string; scope: PreviewScope | null }) {
  const { t } = useTranslation();
  const [rendered, setRendered] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    const scope = props.scope;
    if (!scope) return setRendered(null);
    let live = true;
    void renderPreview(props.text, scope).then((result) => live && setRendered(result));
    return () => {
      live = false;
    };
  }, [props.text, props.scope]);
  return (
    <div className="template-preview" aria-live="polite">
      <span className="muted small">{t('canvas.inspector.preview')}</span>
      {props.scope === null ? (
        <span className="muted small"> — {t('canvas.inspector.noPreview')}</span>
      ) : (
        rendered && <output className={rendered.ok ? '' : 'form-error'}>{rendered.text}</output>
      )}
    </div>
  );
}

let engine: Promise<{ parseAndRender(text: string, scope: object): Promise<unknown> }> | null = null;

async function renderPreview(text: string, scope: PreviewScope): Promise<{ ok: boolean; text: string }> {
  engine ??= import('liquidjs').then(
    ({ Liquid }) =>
      new Liquid({ templates: {}, ownPropertyOnly: true, strictFilters: true, renderLimit: 200 }),
  );
  try {
    const liquid = await engine;
    return { ok: true, text: String(await liquid.parseAndRender(text, { ...scope })) };
  } catch (error) {
    return { ok: false, text: error instanceof Error ? error.message : String(error) };
  }
}

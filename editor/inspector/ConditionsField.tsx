import type { FieldProps } from '@rjsf/utils';
import { useTranslation } from 'react-i18next';
import { TemplateInput } from './TemplateWidget';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Operators that look at the value only: the "compare with" box is hidden for them. */
const LEFT_ONLY = new Set(['is_empty', 'is_not_empty', 'is_true', 'is_false']);

/** The operator names of the schema (its `enum`), in schema order. */
function operatorsOf(schema: unknown): string[] {
  if (!isRecord(schema) || !isRecord(schema.properties) || !isRecord(schema.properties.rules)) return [];
  const items = schema.properties.rules.items;
  const variants = isRecord(items) && Array.isArray(items.anyOf) ? items.anyOf : [items];
  for (const variant of variants) {
    if (!isRecord(variant) || !isRecord(variant.properties)) continue;
    const operator = variant.properties.operator;
    if (isRecord(operator) && Array.isArray(operator.enum))
      return operator.enum.filter((v) => typeof v === 'string');
  }
  return [];
}

/**
 * The condition builder (`x-widget: conditions`): "match all / any" and one row per rule —
 * value, operator in words, compare-with — instead of the generic form's nested lists.
 * Nested groups made elsewhere are kept and shown as a line.
 */
export function ConditionsField(props: FieldProps) {
  const { t } = useTranslation();
  const value = isRecord(props.formData) ? props.formData : {};
  const combinator = value.combinator === 'any' ? 'any' : value.combinator === 'all' ? 'all' : '';
  const rules: unknown[] = Array.isArray(value.rules) ? value.rules : [];
  const operators = operatorsOf(props.schema);
  const disabled = props.disabled === true || props.readonly === true;
  const id = props.fieldPathId.$id;
  const ruleErrors =
    isRecord(props.errorSchema) && isRecord(props.errorSchema.rules) ? props.errorSchema.rules : {};

  const emit = (next: Record<string, unknown>): void => props.onChange(next, props.fieldPathId.path);
  const setRule = (index: number, rule: Record<string, unknown>): void =>
    emit({ ...value, rules: rules.map((r, i): unknown => (i === index ? rule : r)) });
  const label = (operator: string): string => {
    const key = `canvas.conditions.operators.${operator}`;
    const text = t(key);
    return text === key ? operator : text;
  };

  return (
    <fieldset className="conditions-field" id={id}>
      <legend>{props.schema.title ?? props.name}</legend>
      <label className="conditions-match">
        {t('canvas.conditions.match')}
        <select
          value={combinator}
          disabled={disabled}
          aria-label={t('canvas.conditions.match')}
          onChange={(e) => emit({ ...value, combinator: e.target.value, rules })}
        >
          {combinator === '' && <option value="">{t('canvas.inspector.selectPlaceholder')}</option>}
          <option value="all">{t('canvas.conditions.all')}</option>
          <option value="any">{t('canvas.conditions.any')}</option>
        </select>
      </label>
      {rules.length === 0 && <p className="muted small">{t('canvas.conditions.empty')}</p>}
      <ol className="condition-rules">
        {rules.map((rule, index) => {
          const errors = isRecord(ruleErrors[index]) ? ruleErrors[index] : {};
          const fieldErrors = (key: string): string[] => {
            const entry = errors[key];
            return isRecord(entry) && Array.isArray(entry.__errors)
              ? entry.__errors.filter((e) => typeof e === 'string')
              : [];
          };
          if (!isRecord(rule) || Array.isArray(rule.rules)) {
            const count = isRecord(rule) && Array.isArray(rule.rules) ? rule.rules.length : 0;
            return (
              <li key={index} className="condition-group muted">
                {t('canvas.conditions.group', { count })}
              </li>
            );
          }
          const operator = typeof rule.operator === 'string' ? rule.operator : '';
          const left = typeof rule.left === 'string' ? rule.left : '';
          const right = typeof rule.right === 'string' ? rule.right : '';
          return (
            <li key={index} className="condition-rule" data-testid={`condition-rule-${index}`}>
              <TemplateInput
                id={`${id}-${index}-left`}
                label={t('canvas.conditions.value')}
                placeholder="{{ trigger.body.amount }}"
                value={left}
                disabled={disabled}
                invalid={fieldErrors('left').length > 0}
                onChange={(text) => setRule(index, { ...rule, left: text })}
              />
              <select
                aria-label={t('canvas.conditions.operator')}
                value={operator}
                disabled={disabled}
                onChange={(e) => {
                  const next: Record<string, unknown> = { ...rule, operator: e.target.value };
                  if (LEFT_ONLY.has(e.target.value)) delete next.right;
                  setRule(index, next);
                }}
              >
                {operator === '' && <option value="">{t('canvas.inspector.selectPlaceholder')}</option>}
                {operators.map((name) => (
                  <option key={name} value={name}>
                    {label(name)}
                  </option>
                ))}
              </select>
              {!LEFT_ONLY.has(operator) && (
                <TemplateInput
                  id={`${id}-${index}-right`}
                  label={t('canvas.conditions.compareWith')}
                  value={right}
                  disabled={disabled}
                  onChange={(text) => setRule(index, { ...rule, right: text })}
                />
              )}
              {[...fieldErrors('left'), ...fieldErrors('operator'), ...fieldErrors('right')].map((error) => (
                <p key={error} className="form-error small">
                  {error}
                </p>
              ))}
              <button
                type="button"
                className="form-button remove"
                disabled={disabled}
                aria-label={t('canvas.conditions.removeRule')}
                title={t('canvas.conditions.removeRule')}
                onClick={() => emit({ ...value, rules: rules.filter((_, i) => i !== index) })}
              >
                ×
              </button>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="form-button add"
        disabled={disabled}
        onClick={() =>
          emit({
            ...value,
            combinator: combinator || 'all',
            rules: [...rules, { left: '', operator: operators[0] ?? 'equals', right: '' }],
          })
        }
      >
        ＋ {t('canvas.conditions.addRule')}
      </button>
    </fieldset>
  );
}

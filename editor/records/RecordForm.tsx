import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';
import {
  fieldErrors,
  saveRecord,
  type FieldInfo,
  type ModuleInfo,
  type PipelineInfo,
  type RecordRow,
} from './api';
import { rt } from './strings';

/** Fields a person does not type (set by the system or by other screens). */
const HIDDEN = new Set(['ownerId', 'relatedModule', 'relatedId', 'companyId', 'contactId']);

/** Create or edit form; the API's validation errors appear next to the fields they name. */
export function RecordForm(props: {
  info: ModuleInfo;
  pipelines: PipelineInfo[];
  record?: RecordRow;
  onSaved: (record: RecordRow) => void;
  onCancel: () => void;
}) {
  const { info, record } = props;
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const fields = info.fields.filter((f) => !HIDDEN.has(f.key));
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((f) => [f.key, initial(record?.[f.key])])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pipeline = props.pipelines.find((p) => p.id === values.pipelineId) ?? props.pipelines[0];

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setMessage(null);
    const body: Record<string, unknown> = {};
    for (const f of fields) {
      const value = values[f.key] ?? '';
      if (value === '' && !record) continue;
      body[f.key] = value === '' ? null : f.kind === 'number' || f.kind === 'integer' ? Number(value) : value;
    }
    if (info.pipeline && pipeline && !body.pipelineId && !record) body.pipelineId = pipeline.id;
    try {
      const saved = await saveRecord({
        module: info.module,
        ...(record ? { id: record.id } : {}),
        values: body,
      });
      props.onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'validation_failed') {
        setErrors(fieldErrors(error.details, lang));
        setMessage(rt('fixErrors', lang));
      } else setMessage(errorMessage(error, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="record-form" onSubmit={(e) => void submit(e)} noValidate>
      {message && (
        <p className="form-error" role="alert">
          {message}
        </p>
      )}
      {info.pipeline && props.pipelines.length > 0 && !record && (
        <label>
          {rt('pipeline', lang)}
          <select
            value={pipeline?.id ?? ''}
            onChange={(e) => setValues({ ...values, pipelineId: e.target.value, stageId: '' })}
          >
            {props.pipelines.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {fields
        .filter((f) => f.key !== 'pipelineId')
        .map((f) => (
          <label key={f.key}>
            {f.label[lang]}
            {f.required ? ' *' : ''}
            <FieldInput
              field={f}
              value={values[f.key] ?? ''}
              stages={pipeline?.stages ?? []}
              invalid={errors[f.key] !== undefined}
              onChange={(value) => setValues({ ...values, [f.key]: value })}
            />
            {errors[f.key] && <span className="field-error">{`${f.label[lang]}: ${errors[f.key]}`}</span>}
          </label>
        ))}
      {Object.entries(errors)
        .filter(([key]) => !fields.some((f) => f.key === key))
        .map(([key, text]) => (
          <p key={key} className="field-error">{`${key}: ${text}`}</p>
        ))}
      <button type="submit" disabled={busy}>
        {rt('save', lang)}
      </button>{' '}
      <button type="button" onClick={props.onCancel}>
        {rt('cancel', lang)}
      </button>
    </form>
  );
}

function initial(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return '';
}

function FieldInput(props: {
  field: FieldInfo;
  value: string;
  stages: Array<{ id: string; name: string }>;
  invalid: boolean;
  onChange: (value: string) => void;
}) {
  const { field, value, onChange } = props;
  const common = { value, 'aria-invalid': props.invalid ? true : undefined, name: field.key };
  if (field.kind === 'stage')
    return (
      <select {...common} onChange={(e) => onChange(e.target.value)}>
        <option value="">—</option>
        {props.stages.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    );
  if (field.options.length > 0)
    return (
      <select {...common} onChange={(e) => onChange(e.target.value)}>
        <option value="">—</option>
        {field.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  if (field.kind === 'textarea' || field.key === 'description')
    return <textarea {...common} onChange={(e) => onChange(e.target.value)} />;
  const type =
    field.kind === 'number' || field.kind === 'integer'
      ? 'number'
      : field.kind === 'email'
        ? 'email'
        : field.kind === 'phone'
          ? 'tel'
          : 'text';
  return <input {...common} type={type} onChange={(e) => onChange(e.target.value)} />;
}

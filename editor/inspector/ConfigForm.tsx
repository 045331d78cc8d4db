import { memo, useMemo, useRef } from 'react';
import Form from '@rjsf/core';
import type { IChangeEvent } from '@rjsf/core';
import type { RegistryWidgetsType, RJSFSchema, RJSFValidationError, UiSchema } from '@rjsf/utils';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Language } from '../../runtime/model/localized';
import { InterpretingValidator } from './form-validator';
import { ConditionsField } from './ConditionsField';
import { FORM_BUTTONS } from './form-buttons';
import { formStrings } from './form-strings';
import { toFormSchemas } from './schema-form';
import { TemplateWidget } from './TemplateWidget';

// Not Ajv: it compiles with `new Function`, which the page's Content Security Policy forbids.
const validator = new InterpretingValidator();
const WIDGETS: RegistryWidgetsType = { TemplateWidget };
const TEMPLATES = { ButtonTemplates: FORM_BUTTONS };
const FIELDS = { ConditionsField };

const KNOWN_ERRORS = new Set([
  'required',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'type',
  'enum',
  'minItems',
  'maxItems',
]);

/** Ajv's English messages replaced by ours, in the user's language. */
export function localizeErrors(errors: RJSFValidationError[], t: TFunction): RJSFValidationError[] {
  return errors
    .filter(
      (error) =>
        error.name !== 'if' && error.name !== 'anyOf' && error.name !== 'oneOf' && error.name !== 'const',
    )
    .map((error) => {
      const name = error.name && KNOWN_ERRORS.has(error.name) ? error.name : 'other';
      const rawParams: unknown = error.params;
      const params = new Map<string, unknown>(
        typeof rawParams === 'object' && rawParams !== null ? Object.entries(rawParams) : [],
      );
      const message = t(`canvas.errors.${name}`, {
        limit: params.get('limit') ?? '',
        format: params.get('format') ?? '',
      });
      return { ...error, message, stack: `${error.property ?? ''} ${message}`.trim() };
    });
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The config form of one node, generated from its JSON Schema (@rjsf/core with the Ajv 8 validator,
 * loaded lazily with this module). Errors show per field as the user types.
 */
export default memo(function ConfigForm(props: {
  nodeId: string;
  schema: unknown;
  config: Record<string, unknown>;
  readOnly: boolean;
  lang: Language;
  onChange: (config: Record<string, unknown>) => void;
}) {
  const { t } = useTranslation();
  const { schema, uiSchema } = useMemo(
    () => toFormSchemas(props.schema, props.lang),
    [props.schema, props.lang],
  );
  // The form reports a change on mount (filling defaults); only a person's edits are changes.
  const touched = useRef(false);
  // A config that arrives from outside (undo, redo, restore) is echoed back by the form with its
  // defaults filled in; that echo is not an edit, so wait for the person to touch the form again.
  const emitted = useRef<Record<string, unknown> | null>(null);
  if (emitted.current !== props.config) {
    touched.current = false;
    emitted.current = props.config;
  }
  const fullUiSchema = useMemo<UiSchema>(
    () => ({ ...uiSchema, 'ui:submitButtonOptions': { norender: true } }),
    [uiSchema],
  );
  const formSchema: RJSFSchema = schema;
  const translate = useMemo(() => formStrings(props.lang), [props.lang]);

  const onChange = (event: IChangeEvent): void => {
    if (!touched.current) return;
    const next: unknown = event.formData;
    const config = typeof next === 'object' && next !== null && !Array.isArray(next) ? { ...next } : {};
    if (sameJson(config, props.config)) return;
    emitted.current = config;
    props.onChange(config);
  };

  return (
    <div
      className="config-form"
      data-testid="config-form"
      onFocusCapture={() => (touched.current = true)}
      onMouseDownCapture={() => (touched.current = true)}
      onKeyDownCapture={() => (touched.current = true)}
      onChangeCapture={() => (touched.current = true)}
      onInputCapture={() => (touched.current = true)}
      onClickCapture={() => (touched.current = true)}
    >
      <Form
        key={props.nodeId}
        schema={formSchema}
        uiSchema={fullUiSchema}
        formData={props.config}
        validator={validator}
        widgets={WIDGETS}
        onChange={onChange}
        liveValidate="onChange"
        showErrorList={false}
        noHtml5Validate
        readonly={props.readOnly}
        transformErrors={(errors) => localizeErrors(errors, t)}
        idPrefix={`cfg-${props.nodeId}`}
        translateString={translate}
        templates={TEMPLATES}
        fields={FIELDS}
      />
    </div>
  );
});

import { Type } from 'typebox';
import { toFiniteNumber, valueToText } from '../../runtime/engine/conditions';
import { isRecord } from '../../runtime/engine/registry';
import { NodeError } from '../../runtime/model/errors';
import type { Localized } from '../../runtime/model/localized';
import type { NodeContext, NodeResult } from '../../runtime/model/node-definition';
import type { ConnectionKind, CrmOrigin, CrmPort, CrmRefusal } from '../../runtime/ports/crm';
import { SUCCESS_FAILURE } from '../common/labels';
import { field } from '../common/schema';

/**
 * What the integration nodes (crm.*, desk.*, lists.*) share: the connection field and its check,
 * the error branches, and run-time checks of inputs that name the field at fault.
 */

/** The ids of the built-in connections a fresh install has (see server migration 0003). */
export const BUILTIN_CONNECTION_IDS: Record<ConnectionKind, string> = {
  crm: 'builtin-crm',
  desk: 'builtin-desk',
  lists: 'builtin-lists',
};

export const INTEGRATION_BRANCH_LABELS = {
  ...SUCCESS_FAILURE,
  integration_disabled: { ja: '連携が無効', en: 'Integration disabled' },
} satisfies Record<string, Localized>;

const KIND_NAMES: Record<ConnectionKind, Localized> = {
  crm: { ja: 'CRM', en: 'CRM' },
  desk: { ja: 'ヘルプデスク', en: 'help desk' },
  lists: { ja: '配信リスト', en: 'mailing list' },
};

/** The connection picker. The editor fills it from `GET /api/connections?kind=<kind>`. */
export function connectionField(kind: ConnectionKind) {
  return Type.String({
    minLength: 1,
    maxLength: 100,
    default: BUILTIN_CONNECTION_IDS[kind],
    'x-widget': `connection:${kind}`,
    ...field(
      { ja: '連携', en: 'Connection' },
      {
        ja: `使う${KIND_NAMES[kind].ja}の連携です。削除・無効にすると「連携が無効」に進みます。`,
        en: `The ${KIND_NAMES[kind].en} connection to use. When it is deleted or switched off the node takes “Integration disabled”.`,
      },
    ),
  });
}

/** A text input that may hold templates ({{ vars.email }}). */
export function templateField(options: {
  label: Localized;
  help?: Localized;
  maxLength?: number;
  textarea?: boolean;
}) {
  return Type.String({
    maxLength: options.maxLength ?? 500,
    'x-widget': options.textarea === true ? 'textarea' : 'template',
    ...field(options.label, options.help),
  });
}

/**
 * The port, after checking the connection: a result for the `integration_disabled` branch when it
 * is missing, switched off or of another kind.
 */
export async function connectedPort(
  ctx: NodeContext<{ connectionId: string }>,
  kind: ConnectionKind,
): Promise<{ port: CrmPort } | { result: NodeResult }> {
  const port = ctx.port('crm');
  const state = await port.connection({ connectionId: ctx.config.connectionId, kind });
  if (state === 'ok') return { port };
  const message: Localized =
    state === 'disabled'
      ? {
          ja: `連携「${ctx.config.connectionId}」は無効になっています。`,
          en: `The connection "${ctx.config.connectionId}" is switched off.`,
        }
      : {
          ja: `連携「${ctx.config.connectionId}」が見つかりません（削除されたか、${KIND_NAMES[kind].ja}の連携ではありません）。`,
          en: `The connection "${ctx.config.connectionId}" does not exist (deleted, or not a ${KIND_NAMES[kind].en} connection).`,
        };
  return {
    result: { branch: 'integration_disabled', output: { error: { code: 'integration_disabled', message } } },
  };
}

/** Who is making the change, for history and for the record-event loop guard. */
export function originOf(ctx: NodeContext<unknown>): CrmOrigin {
  const depth = isRecord(ctx.trigger) ? ctx.trigger.eventDepth : undefined;
  return {
    runId: ctx.run.id,
    workflowId: ctx.run.workflowId,
    nodeId: ctx.node.id,
    eventDepth: typeof depth === 'number' && Number.isInteger(depth) && depth >= 0 ? depth : 0,
    variables: ctx.vars,
  };
}

/** A refusal from the port as a failure: bad input does not get better by retrying. */
export function refusalError(refusal: CrmRefusal): NodeError {
  return new NodeError({
    code: refusal.reason,
    retryable: false,
    message: refusal.message,
    ...(refusal.field === undefined ? {} : { details: { field: refusal.field } }),
  });
}

/**
 * A refusal that has a branch of its own on this node (integration_disabled, department_invalid …)
 * becomes that branch; any other is a failure.
 */
export function refusalResult(refusal: CrmRefusal, branches: readonly string[]): NodeResult {
  if (refusal.reason !== 'invalid_input' && branches.includes(refusal.reason)) {
    return { branch: refusal.reason, output: { error: { code: refusal.reason, message: refusal.message } } };
  }
  throw refusalError(refusal);
}

/** A failure naming the input at fault; `details.field` lets the run view point at it. */
export function invalidInput(options: { field: string; message: Localized }): NodeError {
  return new NodeError({
    code: 'invalid_input',
    retryable: false,
    message: options.message,
    details: { field: options.field },
  });
}

/** A rendered input as trimmed text ('' for nothing). */
export function textOf(value: unknown): string {
  return valueToText(value).trim();
}

/** Required text: a failure naming the field when it rendered empty. */
export function requiredText(value: unknown, input: { field: string; label: Localized }): string {
  const text = textOf(value);
  if (text.length > 0) return text;
  throw invalidInput({
    field: input.field,
    message: {
      ja: `「${input.label.ja}」（${input.field}）が空です。値か変数を指定してください。`,
      en: `"${input.label.en}" (${input.field}) is empty. Give a value or a variable.`,
    },
  });
}

// Deliberately loose (local@domain.tld, no spaces): the goal is to stop obvious mistakes such as a
// name typed into the e-mail answer, not to judge every address RFC 5322 allows.
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

/** An optional e-mail: '' when empty, a failure naming the field when it is not an address. */
export function optionalEmail(value: unknown, input: { field: string; label: Localized }): string {
  const text = textOf(value).normalize('NFKC');
  if (text === '' || EMAIL.test(text)) return text;
  throw invalidInput({
    field: input.field,
    message: {
      ja: `「${input.label.ja}」（${input.field}）の「${text}」はメールアドレスではありません。`,
      en: `"${input.label.en}" (${input.field}) is not an e-mail address: "${text}".`,
    },
  });
}

/** An optional number (full-width digits and thousands separators accepted). */
export function optionalNumber(
  value: unknown,
  input: { field: string; label: Localized },
): number | undefined {
  if (textOf(value) === '') return undefined;
  const number = toFiniteNumber(typeof value === 'string' ? value.trim() : value);
  if (number !== undefined) return number;
  throw invalidInput({
    field: input.field,
    message: {
      ja: `「${input.label.ja}」（${input.field}）の「${textOf(value)}」は数値ではありません。`,
      en: `"${input.label.en}" (${input.field}) is not a number: "${textOf(value)}".`,
    },
  });
}

const DATE_ONLY = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;

/** An optional calendar date, returned as `YYYY-MM-DD`; `2026/4/1` is accepted too. */
export function optionalDate(value: unknown, input: { field: string; label: Localized }): string | undefined {
  const text = textOf(value).normalize('NFKC');
  if (text === '') return undefined;
  const match = DATE_ONLY.exec(text);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day) {
      return date.toISOString().slice(0, 10);
    }
  }
  throw invalidInput({
    field: input.field,
    message: {
      ja: `「${input.label.ja}」（${input.field}）の「${text}」は日付ではありません（例: 2026-04-01）。`,
      en: `"${input.label.en}" (${input.field}) is not a date (e.g. 2026-04-01): "${text}".`,
    },
  });
}

/** Variables to set: only the names configured. */
export function variablesFor(
  entries: ReadonlyArray<readonly [string | undefined, unknown]>,
): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const [name, value] of entries) if (name) vars[name] = value;
  return vars;
}

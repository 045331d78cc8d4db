import { Op, col, fn, where as sqlWhere, type Order, type WhereOptions } from 'sequelize';
import type { RecordModule } from '../../runtime/ports/crm';
import type { Database } from '../db/index';
import type { CrmRecordModel } from '../db/models/crm/index';
import { refuseAll, type FieldProblem } from './errors';
import { describeRecord, type RecordView } from './describe';
import { normalizeEmail, normalizePhone } from './normalize';

export interface RecordListResult {
  items: RecordView[];
  total: number;
  limit: number;
  offset: number;
}

/** Query parameters that filter on a column by equality. */
const EQUALITY_FILTERS = [
  'pipelineId',
  'stageId',
  'ownerId',
  'companyId',
  'contactId',
  'departmentId',
  'agentId',
  'priority',
  'classification',
  'status',
  'relatedModule',
  'relatedId',
] as const;

const SORTABLE = [
  'updatedAt',
  'createdAt',
  'name',
  'amount',
  'closingDate',
  'number',
  'dueAt',
  'stageEnteredAt',
] as const;

const KNOWN = new Set<string>([
  ...EQUALITY_FILTERS,
  'q',
  'email',
  'phone',
  'number',
  'sort',
  'limit',
  'offset',
]);

export const MAX_PAGE = 200;

/**
 * One page of records. Filters: `q` (name, e-mail or phone in any written form), `email`, `phone`
 * (matched as E.164, so "03-1234-5678" finds "+81312345678"), `number`, and equality on the
 * columns above; `sort` is a column, `-` first for descending (default `-updatedAt`).
 */
export async function listRecords(options: {
  db: Database;
  module: RecordModule;
  query: Record<string, unknown>;
}): Promise<RecordListResult> {
  const { db, module, query } = options;
  const problems: FieldProblem[] = [];
  const text = (key: string): string | undefined => {
    const value = query[key];
    if (value === undefined) return undefined;
    if (typeof value === 'string') return value.trim();
    problems.push({
      field: key,
      message: { ja: '1 つの値で指定してください。', en: 'give a single value.' },
    });
    return undefined;
  };
  for (const key of Object.keys(query)) {
    if (!KNOWN.has(key)) {
      problems.push({
        field: key,
        message: { ja: `「${key}」では絞り込めません。`, en: `Cannot filter on "${key}".` },
      });
    }
  }

  const conditions: WhereOptions<CrmRecordModel>[] = [{ module }];
  for (const key of EQUALITY_FILTERS) {
    const value = text(key);
    if (value !== undefined && value !== '') conditions.push({ [key]: value });
  }
  const email = text('email');
  if (email) conditions.push({ emailNormalized: normalizeEmail(email) });
  const phone = text('phone');
  if (phone) {
    const e164 = normalizePhone(phone);
    if (e164) conditions.push({ phoneE164: e164 });
    else
      problems.push({
        field: 'phone',
        message: { ja: '電話番号として読めません。', en: 'is not a phone number.' },
      });
  }
  const number = text('number');
  if (number) {
    const digits = number.normalize('NFKC').replace(/^#/, '');
    if (/^\d{1,9}$/.test(digits)) conditions.push({ number: Number(digits) });
    else
      problems.push({
        field: 'number',
        message: { ja: '番号は数字で指定してください。', en: 'must be digits.' },
      });
  }
  const q = text('q');
  if (q) conditions.push(searchCondition({ db, q }));

  const limit = pageNumber({ value: text('limit'), field: 'limit', fallback: 50, problems });
  const offset = pageNumber({ value: text('offset'), field: 'offset', fallback: 0, problems });
  const order = sortOrder(text('sort'), problems);
  refuseAll(problems);

  const { rows, count } = await db.models.CrmRecord.findAndCountAll({
    where: { [Op.and]: conditions },
    order,
    limit: Math.min(Math.max(limit, 1), MAX_PAGE),
    offset,
  });
  return {
    items: rows.map(describeRecord),
    total: count,
    limit: Math.min(Math.max(limit, 1), MAX_PAGE),
    offset,
  };
}

/**
 * Free-text search: a phone number in any written form matches exactly; otherwise a substring of
 * the name, the e-mail, or (four digits or more) the phone number's digits.
 */
function searchCondition(options: { db: Database; q: string }): WhereOptions<CrmRecordModel> {
  const { db, q } = options;
  const normalized = q.normalize('NFKC').trim();
  const e164 =
    /\d/.test(normalized) && /^[\d\s()+\-.]+$/.test(normalized) ? normalizePhone(normalized) : undefined;
  if (e164) return { phoneE164: e164 };
  const position = db.dialect === 'postgres' ? 'strpos' : 'instr';
  const contains = (column: string, needle: string) =>
    sqlWhere(fn(position, fn('lower', col(column)), needle), Op.gt, 0);
  const lowered = normalized.toLowerCase();
  const any: WhereOptions<CrmRecordModel>[] = [
    contains('name', lowered),
    contains('email_normalized', lowered),
  ];
  const digits = normalized.replace(/\D/g, '');
  // A national number written with its leading 0 ("5678", "090-1234") appears in E.164 without it.
  if (digits.length >= 4) any.push(contains('phone_e164', digits.replace(/^0/, '')));
  return { [Op.or]: any };
}

function pageNumber(options: {
  value: string | undefined;
  field: string;
  fallback: number;
  problems: FieldProblem[];
}): number {
  if (options.value === undefined || options.value === '') return options.fallback;
  if (/^\d{1,9}$/.test(options.value)) return Number(options.value);
  options.problems.push({
    field: options.field,
    message: { ja: '0 以上の整数にしてください。', en: 'must be a whole number, 0 or more.' },
  });
  return options.fallback;
}

function sortOrder(value: string | undefined, problems: FieldProblem[]): Order {
  const given = value === undefined || value === '' ? '-updatedAt' : value;
  const descending = given.startsWith('-');
  const key = descending ? given.slice(1) : given;
  const column = SORTABLE.find((name) => name === key);
  if (!column) {
    problems.push({
      field: 'sort',
      message: {
        ja: `並べ替えは ${SORTABLE.join('・')} のどれかです。`,
        en: `sort must be one of ${SORTABLE.join(', ')}.`,
      },
    });
    return [['updatedAt', 'DESC']];
  }
  return [
    [column, descending ? 'DESC' : 'ASC'],
    ['id', 'ASC'],
  ];
}

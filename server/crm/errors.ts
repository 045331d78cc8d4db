import type { ErrorRequestHandler } from 'express';
import type { Localized } from '../../runtime/model/localized';
import { HttpError } from '../http/errors';

/** One wrong input: the field (a dotted path such as `customFields.budget`) and why, in both languages. */
export interface FieldProblem {
  field: string;
  message: Localized;
}

/**
 * Input the CRM refuses. The services throw it; the routes answer 400 `validation_failed` with the
 * problems, and the runtime adapter turns the first into an `invalid_input` refusal for the node.
 */
export class CrmInputError extends Error {
  readonly problems: FieldProblem[];

  constructor(problems: FieldProblem[]) {
    super(problems.map((problem) => `${problem.field}: ${problem.message.en}`).join('; '));
    this.name = 'CrmInputError';
    this.problems = problems;
  }
}

/** Throws a CrmInputError for one field. */
export function refuse(field: string, message: Localized): never {
  throw new CrmInputError([{ field, message }]);
}

/** Throws when `problems` is not empty. */
export function refuseAll(problems: FieldProblem[]): void {
  if (problems.length > 0) throw new CrmInputError(problems);
}

/** The HTTP form of a CrmInputError. */
export function validationFailed(error: CrmInputError): HttpError {
  const fields = error.problems.map((problem) => problem.field).join(', ');
  return new HttpError({
    status: 400,
    code: 'validation_failed',
    message: { ja: `入力内容を確認してください（${fields}）。`, en: `Please check the input (${fields}).` },
    details: error.problems,
  });
}

/** Router-level error middleware: CrmInputError becomes a 400; everything else passes on. */
export const crmErrors: ErrorRequestHandler = (error: unknown, _req, _res, next) => {
  next(error instanceof CrmInputError ? validationFailed(error) : error);
};

/** A 404 naming what was not found. */
export function crmNotFound(what: Localized, id: string): HttpError {
  return new HttpError({
    status: 404,
    code: 'not_found',
    message: { ja: `${what.ja}「${id}」は見つかりません。`, en: `There is no ${what.en} "${id}".` },
  });
}

import { HttpError } from '../http/errors';
import type { Localized } from '../../runtime/model/localized';

/** A refusal of the sharing API with its status and a stable code. */
export function sharingError(options: { status: number; code: string; message: Localized }): HttpError {
  return new HttpError(options);
}

export const pipelineNotFound = (id: string): HttpError =>
  sharingError({
    status: 404,
    code: 'not_found',
    message: { ja: `パイプライン ${id} はありません。`, en: `There is no pipeline ${id}.` },
  });

export const recordNotFound = (id: string): HttpError =>
  sharingError({
    status: 404,
    code: 'not_found',
    message: { ja: `レコード ${id} はありません。`, en: `There is no record ${id}.` },
  });

export const sharingDisabled = (): HttpError =>
  sharingError({
    status: 409,
    code: 'sharing_disabled',
    message: {
      ja: 'このパイプラインでは外部共有が有効になっていません。',
      en: 'External sharing is not enabled for this pipeline.',
    },
  });

import { Type } from 'typebox';
import { defineNode } from '../../runtime/model/node-definition';
import { NodeError } from '../../runtime/model/errors';
import { valueToText } from '../../runtime/engine/conditions';
import { field } from '../common/schema';
import { SUCCESS_FAILURE } from '../common/labels';
import { isEmailAddress, splitAddresses } from '../common/email';

/** Sends an e-mail through the mail port (SMTP or the outbox), once per step whatever its retries. */
export const sendMailNode = defineNode({
  type: 'mail.send',
  version: 1,
  category: 'mail',
  sideEffects: true,
  retry: { attempts: 3, initialDelayMs: 2_000, maxDelayMs: 60_000, factor: 2, jitter: true },
  labels: { ja: 'メール送信', en: 'Send e-mail' },
  description: {
    ja: 'メールを送信します。宛先・件名・本文にはテンプレートが使えます。',
    en: 'Sends an e-mail. Recipients, subject and body may use templates.',
  },
  config: Type.Object(
    {
      to: Type.String({
        minLength: 1,
        maxLength: 5_000,
        'x-widget': 'template',
        'x-placeholder': '{{ vars.email }}',
        ...field(
          { ja: '宛先', en: 'To' },
          {
            ja: '複数の宛先はカンマか空白で区切ります。',
            en: 'Separate several addresses with commas or spaces.',
          },
        ),
      }),
      cc: Type.Optional(
        Type.String({ maxLength: 5_000, 'x-widget': 'template', ...field({ ja: 'CC', en: 'Cc' }) }),
      ),
      subject: Type.String({
        minLength: 1,
        maxLength: 1_000,
        'x-widget': 'template',
        ...field({ ja: '件名', en: 'Subject' }),
      }),
      body: Type.String({
        maxLength: 1_000_000,
        'x-widget': 'textarea',
        ...field({ ja: '本文', en: 'Body' }),
      }),
    },
    { additionalProperties: false },
  ),
  branches: ['success', 'failure'],
  branchLabels: SUCCESS_FAILURE,
  outputs: Type.Object({ messageId: Type.String() }),
  run: async (ctx) => {
    const to = checkedAddresses(ctx.config.to, { ja: '宛先', en: 'To' });
    if (to.length === 0) {
      throw new NodeError({
        code: 'no_recipient',
        retryable: false,
        message: { ja: '宛先が空です。', en: 'There is no recipient.' },
      });
    }
    const cc = checkedAddresses(ctx.config.cc, { ja: 'CC', en: 'Cc' });
    const mail = ctx.port('mail');
    const { messageId } = await mail.send({
      to,
      ...(cc.length > 0 ? { cc } : {}),
      subject: valueToText(ctx.config.subject).replace(/[\r\n]+/g, ' '),
      text: valueToText(ctx.config.body),
      idempotencyKey: ctx.run.stepKey,
    });
    return { branch: 'success', output: { messageId } };
  },
});

function checkedAddresses(value: unknown, fieldName: { ja: string; en: string }): string[] {
  const addresses = splitAddresses(value);
  const invalid = addresses.find((address) => !isEmailAddress(address));
  if (invalid !== undefined) {
    throw new NodeError({
      code: 'invalid_address',
      retryable: false,
      details: { address: invalid },
      message: {
        ja: `${fieldName.ja}の「${invalid}」はメールアドレスとして正しくありません。`,
        en: `${fieldName.en}: "${invalid}" is not a valid e-mail address.`,
      },
    });
  }
  return addresses;
}

import { Type } from 'typebox';
import { field } from '../common/schema';

/**
 * The connection the telephony and to-do nodes act on. Empty: the built-in CRM's records; the id
 * of a Salesforce connection: contacts are matched and Tasks written in that Salesforce org.
 */
export function telephonyConnectionField() {
  return Type.Optional(
    Type.String({
      maxLength: 100,
      'x-widget': 'connection:calls',
      ...field(
        { ja: '連携', en: 'Connection' },
        {
          ja: '空なら内蔵 CRM の記録を使います。Salesforce の連携 ID を指定すると、その組織の連絡先を照合し ToDo（Task）を書き込みます。',
          en: "Empty: the built-in CRM's records. A Salesforce connection's id: contacts are matched and Tasks written in that org.",
        },
      ),
    }),
  );
}

/** The connection id to hand to the port, or nothing for the built-in records. */
export function connectionOption(connectionId: string | undefined): { connectionId?: string } {
  const id = connectionId?.trim() ?? '';
  return id === '' ? {} : { connectionId: id };
}

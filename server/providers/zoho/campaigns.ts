import { isRecord } from '../../../runtime/engine/registry';
import type { CrmOutcome, ListMemberInput, ListMembership } from '../../../runtime/ports/crm';
import { rateLimited, scalarText } from '../http';
import { authGuarded, unexpectedAnswer } from './errors';
import type { ZohoSession } from './session';

/** Zoho Campaigns (seed-spec §2.6): `listsubscribe` adds or updates a list's subscriber. */

/** Codes meaning the input is at fault, and the node field to name. */
const INPUT_CODES: Record<string, { field: string; ja: string; en: string }> = {
  '2501': { field: 'listId', ja: 'リストキーが空か正しくありません', en: 'the list key is empty or invalid' },
  '2206': { field: 'listId', ja: 'リストが削除されています', en: 'the list has been deleted' },
  '2004': {
    field: 'emailVariable',
    ja: 'メールアドレスが正しくありません',
    en: 'the e-mail address is invalid',
  },
  '2005': {
    field: 'emailVariable',
    ja: 'グループ・役割のアドレスは登録できません',
    en: 'group or role addresses cannot subscribe',
  },
  '2302': { field: 'listId', ja: '連絡先数の上限に達しています', en: 'the contact limit is reached' },
};

/** After Campaigns' rate limit trips, its API stays locked for 30 minutes. */
const LOCK_MS = 30 * 60_000;

export async function subscribeZohoList(
  session: ZohoSession,
  values: ListMemberInput,
): Promise<CrmOutcome<ListMembership>> {
  return authGuarded(async () => {
    const [first, ...rest] = values.name.split(/\s+/);
    const contactinfo: Record<string, string> = { 'Contact Email': values.email };
    if (rest.length > 0) {
      contactinfo['First Name'] = first ?? '';
      contactinfo['Last Name'] = rest.join(' ');
    } else {
      contactinfo['Last Name'] = values.name;
    }
    if (values.phone) contactinfo.Phone = values.phone;
    const answer = await session.call({
      service: 'campaigns',
      method: 'POST',
      path: '/api/v1.1/json/listsubscribe',
      form: {
        resfmt: 'JSON',
        listkey: values.listId,
        contactinfo: JSON.stringify(contactinfo),
        source: 'Musubi',
      },
    });
    const body = isRecord(answer.body) ? answer.body : {};
    const code = scalarText(body.code, '');
    if (answer.status === 200 && body.status === 'success') {
      return { ok: true as const, memberId: values.email, state: 'subscribed' as const };
    }
    const known = INPUT_CODES[code];
    if (known) {
      const said = typeof body.message === 'string' ? body.message : code;
      return {
        ok: false as const,
        reason: 'invalid_input' as const,
        field: known.field,
        message: {
          ja: `Zoho Campaigns が登録を断りました: ${known.ja}（${code}: ${said}）。`,
          en: `Zoho Campaigns refused the subscription: ${known.en} (${code}: ${said}).`,
        },
      };
    }
    // The lock's own code is not documented in what we have (seed-spec §4); its message names the limit.
    if (/limit/i.test(scalarText(body.message, ''))) {
      throw rateLimited({ provider: 'Zoho Campaigns', retryAfter: null, fallbackMs: LOCK_MS });
    }
    throw unexpectedAnswer('Zoho Campaigns', answer);
  });
}

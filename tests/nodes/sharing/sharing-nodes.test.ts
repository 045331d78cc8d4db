import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDefaultRegistry } from '../../../nodes/index';
import { startRun } from '../../../runtime/index';
import type { RunState } from '../../../runtime/index';
import { silentLogger } from '../../../runtime/ports/logger';
import { createMailAdapter } from '../../../server/adapters/mail';
import { createSharingAdapter } from '../../../server/adapters/sharing';
import { SYSTEM_ACTOR } from '../../../server/crm/actor';
import { PipelineService } from '../../../server/crm/pipelines';
import { RecordService } from '../../../server/crm/records';
import { createSharing } from '../../../server/sharing/index';
import type { Sharing } from '../../../server/sharing/index';
import { ManualClock, path, workflow } from '../crm/harness';
import { openTempDatabase } from '../../server/support/temp-db';
import type { TempDatabase } from '../../server/support/temp-db';

const registry = createDefaultRegistry();
let temp: TempDatabase;
let clock: ManualClock;
let sharing: Sharing;
let records: RecordService;
let pipelineId: string;
let ticketId: string;
let bareTicketId: string;
let runs = 0;

beforeEach(async () => {
  temp = await openTempDatabase();
  clock = new ManualClock();
  const mail = createMailAdapter({ db: temp.db, smtpUrl: undefined, from: 'Musubi <bot@example.com>' });
  sharing = createSharing({
    db: temp.db,
    clock,
    mail,
    publicUrl: 'https://musubi.example.com',
    secret: randomBytes(32),
  });
  records = new RecordService({ db: temp.db, clock, logger: silentLogger });
  const pipeline = await new PipelineService(temp.db).create({
    module: 'tickets',
    name: 'サポート',
    stages: [{ name: '受付' }, { name: '完了' }],
  });
  pipelineId = pipeline.id;
  const contact = await records.create({
    module: 'contacts',
    input: { name: '山田 太郎', email: 'taro@example.com' },
    actor: SYSTEM_ACTOR,
  });
  const create = async (input: Record<string, unknown>) =>
    (await records.create({ module: 'tickets', input: { pipelineId, ...input }, actor: SYSTEM_ACTOR })).id;
  ticketId = await create({ name: '返品の相談', contactId: contact.id });
  bareTicketId = await create({ name: '連絡先のない問い合わせ' });
});
afterEach(async () => {
  await temp.dispose();
});

function run(options: {
  nodes: Record<string, [string, Record<string, unknown>]>;
  edges: Array<[string, string, string]>;
  payload?: unknown;
  vars?: Record<string, unknown>;
}): Promise<RunState> {
  return startRun({
    workflow: workflow({ start: ['trigger.manual', {}], ...options.nodes }, options.edges),
    registry,
    ports: { clock, sharing: createSharingAdapter({ db: temp.db, sharing }) },
    runId: `run-${++runs}`,
    now: clock.now(),
    ...(options.vars ? { vars: options.vars } : {}),
    ...(options.payload === undefined ? {} : { payload: options.payload }),
  });
}

const branches = (node: string) =>
  ['success', 'failure', 'sharing_disabled', 'no_recipient_email', 'not_shared'].map(
    (branch): [string, string, string] => [node, branch, `end_${branch}`],
  );
const ends = Object.fromEntries(
  ['success', 'failure', 'sharing_disabled', 'no_recipient_email', 'not_shared'].map((branch) => [
    `end_${branch}`,
    ['logic.stop', {}] as [string, Record<string, unknown>],
  ]),
);

function share(
  config: Record<string, unknown>,
  extra: { payload?: unknown; vars?: Record<string, unknown> } = {},
) {
  return run({
    nodes: { share: ['sharing.share_record', config], ...ends },
    edges: [['start', 'next', 'share'], ...branches('share').filter(([, b]) => b !== 'not_shared')],
    ...extra,
  });
}

describe('sharing.share_record', () => {
  it('takes "sharing_disabled" while the pipeline has sharing off', async () => {
    const state = await share(
      { recordSource: 'trigger', sendEmail: true },
      { payload: { recordId: ticketId } },
    );
    expect(path(state)).toContain('share:sharing_disabled');
  });

  it('shares the trigger record, mails the link to its contact and outputs it', async () => {
    await sharing.links.setPipelineEnabled(pipelineId, true);
    const state = await share(
      { recordSource: 'trigger', sendEmail: true },
      { payload: { record: { id: ticketId } } },
    );
    expect(path(state)).toContain('share:success');
    const output = state.nodes.share;
    expect(output).toMatchObject({ recordId: ticketId, emailedTo: 'taro@example.com', alreadyShared: false });
    const url = String((output as { url: string }).url);
    expect(url).toMatch(/^https:\/\/musubi\.example\.com\/s\/[A-Za-z0-9_-]{43}$/);
    expect(state.vars.share_url).toBe(url);
    const mail = await temp.db.models.OutboxMail.findOne();
    expect(mail?.to).toEqual(['taro@example.com']);
    expect(mail?.text).toContain(url);
    const shared = await sharing.links.list();
    expect(shared.map((item) => [item.recordId, item.sharedByLabel])).toEqual([
      [ticketId, 'workflow:wf-crm'],
    ]);
  });

  it('takes "no_recipient_email" when asked to mail a record without an address, and shares it when not', async () => {
    await sharing.links.setPipelineEnabled(pipelineId, true);
    const vars = { ticket: bareTicketId };
    const mailed = await share(
      { recordSource: 'variable', recordVariable: 'ticket', sendEmail: true },
      { vars },
    );
    expect(path(mailed)).toContain('share:no_recipient_email');
    expect(await sharing.links.active(bareTicketId)).toBeNull();
    const quiet = await share(
      { recordSource: 'variable', recordVariable: 'ticket', sendEmail: false },
      { vars },
    );
    expect(path(quiet)).toContain('share:success');
    expect(await temp.db.models.OutboxMail.count()).toBe(0);
  });

  it('keeps an existing link: success with alreadyShared and no new mail', async () => {
    await sharing.links.setPipelineEnabled(pipelineId, true);
    await share({ recordSource: 'trigger', sendEmail: true }, { payload: { recordId: ticketId } });
    const again = await share(
      { recordSource: 'trigger', sendEmail: true },
      { payload: { recordId: ticketId } },
    );
    expect(path(again)).toContain('share:success');
    expect(again.nodes.share).toMatchObject({ alreadyShared: true, url: null });
    expect(await temp.db.models.OutboxMail.count()).toBe(1);
  });

  it('fails for a record that does not exist', async () => {
    await sharing.links.setPipelineEnabled(pipelineId, true);
    const state = await share(
      { recordSource: 'trigger', sendEmail: false },
      { payload: { recordId: 'nope' } },
    );
    expect(path(state)).toContain('share:failure');
  });
});

describe('sharing.unshare_record', () => {
  it('revokes the link, then takes "not_shared"', async () => {
    await sharing.links.setPipelineEnabled(pipelineId, true);
    await sharing.links.share({ recordId: ticketId, actor: { userId: null, label: 'test' }, language: 'ja' });
    const unshare = () =>
      run({
        nodes: { unshare: ['sharing.unshare_record', { recordSource: 'trigger' }], ...ends },
        edges: [
          ['start', 'next', 'unshare'],
          ['unshare', 'success', 'end_success'],
          ['unshare', 'failure', 'end_failure'],
          ['unshare', 'not_shared', 'end_not_shared'],
        ],
        payload: { recordId: ticketId },
      });
    expect(path(await unshare())).toContain('unshare:success');
    expect(await sharing.links.active(ticketId)).toBeNull();
    expect(path(await unshare())).toContain('unshare:not_shared');
  });
});

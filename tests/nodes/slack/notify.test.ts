import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeError } from '../../../runtime/model/errors';
import { slackNotifyNode } from '../../../nodes/slack/notify';
import { createSlackAdapter } from '../../../server/adapters/slack';
import { saveMapping } from '../../../server/slack/mapping';
import { CHANNELS, slackFixture } from '../../server/slack/support';
import type { SlackFixture } from '../../server/slack/support';
import { makeContext } from '../context';

let fixture: SlackFixture;
beforeAll(async () => {
  fixture = await slackFixture();
  await fixture.db.models.CrmDepartment.bulkCreate([
    { id: 'dep-support', name: 'サポート', status: 'active' },
    { id: 'dep-sales', name: '営業', status: 'active' },
  ]);
  await saveMapping({
    db: fixture.db,
    workspaceId: fixture.workspace.id,
    mode: 'per_department',
    entries: [{ departmentId: 'dep-support', channelId: CHANNELS.support.id, channelName: 'support' }],
  });
  await fixture.service.workspaces.updateSettings(fixture.workspace.id, { mappingMode: 'per_department' });
}, 20_000);
afterAll(async () => {
  await fixture.dispose();
});

async function run(config: Record<string, unknown>) {
  const ctx = makeContext({
    config: { connectionId: fixture.workspace.id, target: 'channel', ...config },
    ports: { slack: createSlackAdapter(fixture.service) },
  });
  return slackNotifyNode.run(ctx);
}

describe('slack.notify', () => {
  it('posts to a chosen channel and outputs its channel and ts', async () => {
    const result = await run({ channel: CHANNELS.support.id, text: '新しい問い合わせ #12' });
    expect(result.branch).toBe('success');
    const posted = fixture.emulator.messagesIn(CHANNELS.support.id).at(-1);
    expect(posted?.text).toBe('新しい問い合わせ #12');
    expect(result.output).toEqual({ channel: CHANNELS.support.id, ts: posted?.ts });
  });

  it('posts blocks with the text as fallback, in a thread', async () => {
    const parent = await run({ channel: '#sales', text: 'parent' });
    const parentTs = String((parent.output as { ts: string }).ts);
    const blocks = JSON.stringify([{ type: 'section', text: { type: 'mrkdwn', text: '*bold*' } }]);
    const result = await run({ channel: '#sales', text: 'fallback', blocks, threadTs: parentTs });
    expect(result.branch).toBe('success');
    const stored = fixture.emulator.state.messages.at(-1);
    expect(stored).toMatchObject({ channel: CHANNELS.sales.id, text: 'fallback', threadTs: parentTs });
    expect(stored?.blocks).toHaveLength(1);
  });

  it('follows the department mapping', async () => {
    const result = await run({ target: 'department', departmentId: 'dep-support', text: 'by mapping' });
    expect(result).toMatchObject({ branch: 'success', output: { channel: CHANNELS.support.id } });
  });

  it('takes channel_not_found for an unknown channel or an unmapped department', async () => {
    expect((await run({ channel: 'CNOPE', text: 'x' })).branch).toBe('channel_not_found');
    const unmapped = await run({ target: 'department', departmentId: 'dep-sales', text: 'x' });
    expect(unmapped.branch).toBe('channel_not_found');
  });

  it('takes not_in_channel when the bot was not invited', async () => {
    const result = await run({ channel: CHANNELS.outside.id, text: 'x' });
    expect(result).toMatchObject({ branch: 'not_in_channel', output: { error: { code: 'not_in_channel' } } });
  });

  it('takes failure for other Slack errors', async () => {
    fixture.emulator.inject({
      method: 'chat.postMessage',
      count: 1,
      body: { ok: false, error: 'restricted_action' },
    });
    const result = await run({ channel: CHANNELS.support.id, text: 'x' });
    expect(result).toMatchObject({ branch: 'failure', output: { error: { code: 'restricted_action' } } });
  });

  it('refuses more than 50 blocks before calling Slack', async () => {
    const blocks = JSON.stringify(Array.from({ length: 51 }, () => ({ type: 'divider' })));
    await expect(run({ channel: CHANNELS.support.id, text: 'x', blocks })).rejects.toBeInstanceOf(NodeError);
  });

  it('takes integration_disabled while the workspace or the integration is switched off', async () => {
    const before = fixture.emulator.state.messages.length;
    await fixture.service.workspaces.setEnabled(fixture.workspace.id, false);
    expect((await run({ channel: CHANNELS.support.id, text: 'x' })).branch).toBe('integration_disabled');
    await fixture.service.workspaces.setEnabled(fixture.workspace.id, true);
    await fixture.service.workspaces.setIntegrationEnabled(false);
    expect((await run({ channel: CHANNELS.support.id, text: 'x' })).branch).toBe('integration_disabled');
    await fixture.service.workspaces.setIntegrationEnabled(true);
    expect(fixture.emulator.state.messages.length).toBe(before);
  });

  it('takes integration_disabled for a deleted workspace', async () => {
    const result = await makeContextFor('slack-deleted');
    expect(result.branch).toBe('integration_disabled');
  });
});

async function makeContextFor(connectionId: string) {
  const ctx = makeContext({
    config: { connectionId, target: 'channel', channel: CHANNELS.support.id, text: 'x' },
    ports: { slack: createSlackAdapter(fixture.service) },
  });
  return slackNotifyNode.run(ctx);
}

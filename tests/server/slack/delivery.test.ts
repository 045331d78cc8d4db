import { afterEach, describe, expect, it } from 'vitest';
import { CHANNELS, slackFixture } from './support';
import type { SlackFixture } from './support';

let fixture: SlackFixture | undefined;
afterEach(async () => {
  await fixture?.dispose();
  fixture = undefined;
});

describe('Slack delivery queue', () => {
  it('waits Retry-After on 429 and delivers every message once, in order', async () => {
    // Two messages at once, then one per second: five messages meet 429s along the way.
    fixture = await slackFixture({ bucket: { capacity: 2, refillPerSecond: 2 } });
    const { service, workspace, emulator } = fixture;
    const texts = ['m1', 'm2', 'm3', 'm4', 'm5'];
    const outcomes = await Promise.all(
      texts.map((text) => service.post({ workspaceId: workspace.id, channel: CHANNELS.support.id, text })),
    );
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(emulator.messagesIn(CHANNELS.support.id).map((message) => message.text)).toEqual(texts);
    const rateLimited =
      emulator.state.calls.filter((call) => call.method === 'chat.postMessage').length - texts.length;
    expect(rateLimited).toBeGreaterThan(0);
  }, 15_000);

  it('records a permanent error on the workspace and does not retry it', async () => {
    fixture = await slackFixture();
    const { service, workspace, emulator } = fixture;
    const outcome = await service.post({
      workspaceId: workspace.id,
      channel: CHANNELS.outside.id,
      text: 'hello',
    });
    expect(outcome).toEqual({ ok: false, error: 'not_in_channel', permanent: true });
    expect(emulator.state.calls.filter((call) => call.method === 'chat.postMessage')).toHaveLength(1);
    const stored = await service.workspaces.get(workspace.id);
    expect(stored?.settings.lastError).toMatchObject({
      code: 'not_in_channel',
      channel: CHANNELS.outside.id,
    });

    // The next successful post clears it.
    await service.post({ workspaceId: workspace.id, channel: CHANNELS.support.id, text: 'ok now' });
    expect((await service.workspaces.get(workspace.id))?.settings.lastError).toBeNull();
  });

  it('retries a transient internal_error and then delivers', async () => {
    fixture = await slackFixture();
    const { service, workspace, emulator } = fixture;
    emulator.inject({ method: 'chat.postMessage', count: 1, body: { ok: false, error: 'internal_error' } });
    const outcome = await service.post({
      workspaceId: workspace.id,
      channel: CHANNELS.support.id,
      text: 'again',
    });
    expect(outcome.ok).toBe(true);
    expect(emulator.messagesIn(CHANNELS.support.id)).toHaveLength(1);
  });

  it('sends nothing from a switched-off workspace or a switched-off integration', async () => {
    fixture = await slackFixture();
    const { service, workspace, emulator } = fixture;
    await service.workspaces.setEnabled(workspace.id, false);
    expect(
      await service.post({ workspaceId: workspace.id, channel: CHANNELS.support.id, text: 'x' }),
    ).toMatchObject({
      ok: false,
      error: 'workspace_disabled',
    });
    await service.workspaces.setEnabled(workspace.id, true);
    await service.workspaces.setIntegrationEnabled(false);
    expect(
      await service.post({ workspaceId: workspace.id, channel: CHANNELS.support.id, text: 'x' }),
    ).toMatchObject({
      ok: false,
      error: 'integration_disabled',
    });
    await service.workspaces.setIntegrationEnabled(true);
    expect(
      (await service.post({ workspaceId: workspace.id, channel: CHANNELS.support.id, text: 'x' })).ok,
    ).toBe(true);
    expect(emulator.messagesIn(CHANNELS.support.id)).toHaveLength(1);
  });

  it('keeps a queued message while the whole integration is off and delivers it once when it is back on', async () => {
    fixture = await slackFixture();
    const { service, workspace, emulator, db } = fixture;
    emulator.inject({
      method: 'chat.postMessage',
      count: 1,
      status: 429,
      body: { ok: false, error: 'ratelimited' },
      headers: { 'Retry-After': '1' },
    });
    const outcome = service.post({ workspaceId: workspace.id, channel: CHANNELS.support.id, text: 'paused' });
    while (!emulator.state.calls.some((call) => call.method === 'chat.postMessage'))
      await new Promise((resolve) => setTimeout(resolve, 20));
    await service.setIntegrationEnabled(false);
    // Past its Retry-After: the message's turn came while the integration was off.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(emulator.messagesIn(CHANNELS.support.id)).toEqual([]);
    expect(await db.models.SlackOutboxMessage.count({ where: { status: 'queued' } })).toBe(1);

    await service.setIntegrationEnabled(true);
    expect((await outcome).ok).toBe(true);
    expect(emulator.messagesIn(CHANNELS.support.id).map((message) => message.text)).toEqual(['paused']);
  }, 15_000);
});

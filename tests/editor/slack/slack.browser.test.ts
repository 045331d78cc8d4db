import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startSlackEmulator } from '../../emulators/slack/server';
import type { SlackEmulator } from '../../emulators/slack/server';
import { ensureEditorBuild, findChromium, HOW_TO_ENABLE, launchChromium } from '../support/browser';
import { apiSession, OWNER, startTestServer } from '../support/server';

const chromiumPath = findChromium();
// CI always runs this (it sets CHROMIUM_PATH); only a local machine without Chromium skips it.
if (!chromiumPath && process.env.CI) throw new Error(`[tests/editor/slack] ${HOW_TO_ENABLE}`);
if (!chromiumPath) console.warn(`[tests/editor/slack] skipped: ${HOW_TO_ENABLE}`);

const BOT = 'xoxb-browser-acme';

// Issue 8's "done when", in a browser against the real server and the Slack emulator.
describe.skipIf(!chromiumPath)('Slack settings in a browser', { timeout: 120_000 }, () => {
  let emulator: SlackEmulator;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await ensureEditorBuild();
    emulator = await startSlackEmulator();
    emulator.addTeam({
      id: 'TACME',
      name: 'ACME',
      token: BOT,
      channels: [
        { id: 'CSUPPORT', name: 'support' },
        { id: 'CSALES', name: 'sales' },
      ],
    });
    // The connector reads its Web API base when the server builds it.
    process.env.SLACK_API_URL = emulator.apiUrl;
    server = await startTestServer();
    browser = await launchChromium(chromiumPath ?? '');
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(server.url);
    await page.getByLabel('メールアドレス').fill(OWNER.email);
    await page.getByLabel('パスワード').fill(OWNER.password);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByRole('heading', { name: 'ワークフロー' }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    server?.removeData();
    await emulator?.close();
    delete process.env.SLACK_API_URL;
  });

  it('connects a workspace, maps two departments to one channel, refuses one department in two, and a new ticket reaches the channel', async () => {
    const api = await apiSession(server.url);
    const support = await api('/api/desk/departments', { method: 'POST', body: { name: 'サポート部' } });
    await api('/api/desk/departments', { method: 'POST', body: { name: '請求部' } });
    await api('/api/pipelines', {
      method: 'POST',
      body: { id: 'tickets', module: 'tickets', name: 'サポート', stages: [{ name: '未対応' }] },
    });

    await page.goto(`${server.url}/#/settings/slack`);
    await page.getByRole('heading', { name: 'Slack 連携' }).waitFor();
    await page.getByText('+ Slack ワークスペース').click();
    await page.getByLabel('ボットトークン (xoxb-…)').fill(BOT);
    await page.getByLabel('署名シークレット').last().fill('browser-signing-secret');
    await page.getByRole('button', { name: '接続', exact: true }).click();
    const card = page.getByRole('article', { name: 'ACME' });
    await card.waitFor();

    // The connection test asks Slack (auth.test) with the stored token.
    await card.getByRole('button', { name: '接続テスト' }).click();
    await expect.poll(() => card.getByRole('status').textContent()).toContain('接続できました: ACME');
    const authTests = emulator.state.calls.filter((call) => call.method === 'auth.test');
    expect(authTests.length).toBeGreaterThanOrEqual(2);

    // Two departments share #support.
    await card.getByLabel('部門ごとにチャンネルを選ぶ').check();
    await card.getByLabel('サポート部', { exact: true }).selectOption('CSUPPORT');
    await card.getByLabel('請求部', { exact: true }).selectOption('CSUPPORT');
    await card.getByRole('button', { name: '保存' }).click();
    await page.getByText('保存しました。').waitFor();

    // One department to #support and #sales is refused, naming both channels.
    await card.getByRole('button', { name: 'サポート部: チャンネルを追加' }).click();
    await card.getByLabel('サポート部 (2)', { exact: true }).selectOption('CSALES');
    await card.getByRole('button', { name: '保存' }).click();
    const refusal = card.getByRole('alert');
    await refusal.waitFor();
    const text = (await refusal.textContent()) ?? '';
    expect(text).toContain('#support');
    expect(text).toContain('#sales');
    expect(text).toContain('サポート部');

    // The saved mapping is still the shared one.
    await page.reload();
    await card.waitFor();
    expect(await card.getByLabel('サポート部', { exact: true }).inputValue()).toBe('CSUPPORT');
    expect(await card.getByLabel('請求部', { exact: true }).inputValue()).toBe('CSUPPORT');

    // A ticket created in サポート部 arrives in #support.
    const departmentId =
      typeof support === 'object' && support !== null && 'id' in support ? String(support.id) : '';
    await api('/api/records/tickets', {
      method: 'POST',
      body: { name: 'ブラウザから見える問い合わせ', departmentId, pipelineId: 'tickets' },
    });
    await expect
      .poll(() => emulator.messagesIn('CSUPPORT').map((message) => message.text ?? ''), { timeout: 20_000 })
      .toEqual([expect.stringContaining('ブラウザから見える問い合わせ')]);
  });
});

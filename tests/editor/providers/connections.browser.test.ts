import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startZohoEmulator, type ZohoEmulator } from '../../emulators/zoho/server';
import { ensureEditorBuild, findChromium, HOW_TO_ENABLE, launchChromium } from '../support/browser';
import { apiSession, OWNER, startTestServer } from '../support/server';

const chromiumPath = findChromium();
if (!chromiumPath && process.env.CI) throw new Error(`[tests/editor/providers] ${HOW_TO_ENABLE}`);
if (!chromiumPath) console.warn(`[tests/editor/providers] skipped: ${HOW_TO_ENABLE}`);

// Issue 11: Settings → Connections → Zoho: field mapping editor and a revoked token shown as broken.
describe.skipIf(!chromiumPath)('Zoho connection screen in a browser', { timeout: 120_000 }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let zoho: ZohoEmulator;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await ensureEditorBuild();
    server = await startTestServer();
    zoho = await startZohoEmulator();
    zoho.addRefreshToken('1000.refresh.ui');
    const api = await apiSession(server.url);
    await api('/api/connections', {
      method: 'POST',
      body: {
        id: 'zoho-ui',
        type: 'zoho',
        name: 'Zoho 本番',
        settings: { dataCentre: 'jp', accountsUrl: zoho.url, deskUrl: zoho.url, campaignsUrl: zoho.url },
        credentials: {
          clientId: zoho.client.id,
          clientSecret: zoho.client.secret,
          refreshToken: '1000.refresh.ui',
        },
      },
    });
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
    await zoho?.close();
    await server?.stop();
    server?.removeData();
  });

  it('maps Zoho fields (a mandatory one left empty is refused, named), then shows a revoked token as broken', async () => {
    await page.goto(`${server.url}/#/settings`);
    await page.getByRole('tab', { name: '連携' }).click();
    const card = page
      .getByRole('region', { name: 'Zoho・Salesforce' })
      .getByRole('article', { name: 'Zoho 本番' });
    await card.getByRole('button', { name: '接続を確認' }).click();
    await expect
      .poll(() => card.getByTestId('connection-state-zoho-ui').textContent())
      .toBe('接続できています');

    await card.getByRole('button', { name: '項目の割り当て' }).click();
    const form = card.getByRole('form', { name: '項目の割り当て' });
    const lastName = form.getByRole('textbox', { name: 'Last Name (Last_Name)' });
    await expect.poll(() => lastName.inputValue()).toBe('{{ name }}');
    await lastName.fill('');
    await form.getByRole('textbox', { name: 'Chat Topic (Chat_Topic)' }).fill('{{ vars.topic }}');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('Last_Name');

    await lastName.fill('{{ name }} 様');
    await form.getByRole('button', { name: '保存' }).click();
    await page.getByText('割り当てを保存しました。').waitFor();
    const api = await apiSession(server.url);
    const saved = (await api('/api/connections/zoho-ui/zoho/mapping?module=Leads')) as {
      edited: boolean;
      mapping: Array<{ apiName: string; source: string }>;
    };
    expect(saved.edited).toBe(true);
    expect(saved.mapping).toContainEqual(
      expect.objectContaining({ apiName: 'Chat_Topic', source: '{{ vars.topic }}' }),
    );

    zoho.revokeRefreshToken('1000.refresh.ui');
    await card.getByRole('button', { name: '接続を確認' }).click();
    await expect
      .poll(() => card.getByTestId('connection-state-zoho-ui').textContent())
      .toContain('壊れています');
    expect(await card.getByTestId('connection-state-zoho-ui').textContent()).toContain('refresh token');
  });
});

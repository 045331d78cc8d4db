import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  ensureEditorBuild,
  findChromium,
  HOW_TO_ENABLE,
  launchChromium,
  screenshotPath,
} from '../support/browser';
import { OWNER, startTestServer } from '../support/server';

const chromiumPath = findChromium();
if (!chromiumPath && process.env.CI) throw new Error(`[tests/editor/telephony] ${HOW_TO_ENABLE}`);
if (!chromiumPath) console.warn(`[tests/editor/telephony] skipped: ${HOW_TO_ENABLE}`);

// Issue 9: Settings → Connections → phone system, against the real server on a temp database.
describe.skipIf(!chromiumPath)('phone-system connection screen in a browser', { timeout: 120_000 }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await ensureEditorBuild();
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
  });

  const postCall = (token: string, callId: string) =>
    fetch(`${server.url}/api/telephony/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-musubi-telephony-token': token },
      body: JSON.stringify({
        callId,
        direction: 'inbound',
        from: '+81377770009',
        to: '+81312345678',
        startedAt: '2026-11-22T09:00:00+09:00',
        answered: true,
        durationSec: 30,
      }),
    });

  it('shows the endpoint, token and a curl example; a regenerated token retires the old one', async () => {
    await page.goto(`${server.url}/#/settings`);
    await page.getByRole('tab', { name: '連携' }).click();
    const section = page.getByRole('region', { name: '電話システム' });
    await section.getByRole('textbox', { name: '連携の名前', exact: true }).fill('本社 PBX');
    await section.getByRole('button', { name: '電話の連携を作成' }).click();
    const card = section.getByRole('article', { name: '本社 PBX' });
    await card.getByText(/^POST http.*\/api\/telephony\/calls$/).waitFor();
    await card.getByText('x-musubi-telephony-token', { exact: true }).waitFor();
    const oldToken = (await card.getByTestId('telephony-token').textContent()) ?? '';
    expect(oldToken).toMatch(/^tel_[A-Za-z0-9_-]{32}$/);
    const example =
      (await card.getByLabel('例（コピーして端末で実行できます）', { exact: true }).textContent()) ?? '';
    expect(example).toContain('curl -X POST');
    expect(example).toContain('/api/telephony/calls');
    expect(example).toContain(`x-musubi-telephony-token: ${oldToken}`);
    expect((await postCall(oldToken, 'ui-1')).status).toBe(201);
    const shot = screenshotPath('telephony-connection.png');
    if (shot) await card.screenshot({ path: shot });

    await card.getByRole('button', { name: 'トークンを再発行' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText(/今のトークンはすぐに使えなくなり/).waitFor();
    await dialog.getByRole('button', { name: 'トークンを再発行' }).click();
    await expect.poll(() => card.getByTestId('telephony-token').textContent()).not.toBe(oldToken);
    const newToken = (await card.getByTestId('telephony-token').textContent()) ?? '';
    expect(
      await card.getByLabel('例（コピーして端末で実行できます）', { exact: true }).textContent(),
    ).toContain(newToken);

    expect((await postCall(oldToken, 'ui-2')).status).toBe(401);
    expect((await postCall(newToken, 'ui-2')).status).toBe(201);
    // After a reload the screen shows the same (new) token.
    await page.reload();
    await page.getByRole('tab', { name: '連携' }).click();
    await expect.poll(() => card.getByTestId('telephony-token').textContent()).toBe(newToken);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seedCustomers, setUpApps, TOKENS } from '../../emulators/kintone/fixtures';
import { startKintoneEmulator } from '../../emulators/kintone/server';
import type { KintoneEmulator } from '../../emulators/kintone/server';
import {
  ensureEditorBuild,
  findChromium,
  HOW_TO_ENABLE,
  launchChromium,
  screenshotPath,
} from '../support/browser';
import { OWNER, startTestServer } from '../support/server';

const chromiumPath = findChromium();
if (!chromiumPath && process.env.CI) throw new Error(`[tests/editor/kintone] ${HOW_TO_ENABLE}`);
if (!chromiumPath) console.warn(`[tests/editor/kintone] skipped: ${HOW_TO_ENABLE}`);

// Issue 9: Settings → Connections → kintone: connect, test, map, Integrate, watch the first import.
describe.skipIf(!chromiumPath)('kintone first sync in a browser', { timeout: 150_000 }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let emulator: KintoneEmulator;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await ensureEditorBuild();
    server = await startTestServer();
    emulator = await startKintoneEmulator();
    setUpApps(emulator);
    seedCustomers(emulator, Date.now(), 3500);
    browser = await launchChromium(chromiumPath ?? '');
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1400, height: 1000 } });
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
    await emulator?.close();
    await server?.stop();
    server?.removeData();
  });

  it('the progress bar advances page by page and ends with the created / updated / skipped report', async () => {
    await page.goto(`${server.url}/#/settings`);
    await page.getByRole('tab', { name: '連携' }).click();
    const section = page.getByRole('region', { name: 'kintone' });
    const field = (label: string) => section.getByLabel(`kintone の連携を追加: ${label}`, { exact: true });
    await field('連携の名前').fill('kintone 顧客');
    await field('ドメイン').fill(emulator.url);
    await field('アプリ ID').fill('1');
    await field('API トークン').fill(TOKENS.customer);
    await section.getByRole('button', { name: '追加' }).click();

    const card = section.getByRole('article', { name: 'kintone 顧客' });
    await card.getByRole('button', { name: '接続テスト' }).click();
    await card.getByText('アプリ 1 に接続できました（閲覧・追加・編集）。').waitFor();

    // A code that is not in the app is named before anything is written.
    const phone = card.getByLabel('顧客アプリ: 電話番号（必須）');
    await phone.fill('電話');
    await card.getByRole('button', { name: '設定を確認' }).click();
    await card.getByText(/フィールドコード「電話」はアプリにありません/).waitFor();
    await phone.fill('電話番号');
    await card.getByRole('button', { name: '設定を確認' }).click();
    await card.getByText('フィールドの設定に問題はありません（更新日時: 更新日時）。').waitFor();

    // Two pages of 500 go through, then kintone holds the third: the bar shows the first two.
    emulator.holdReadsAfter(2);
    await card.getByRole('button', { name: '連携する' }).click();
    const bar = card.getByRole('progressbar', { name: '初回の取り込み' });
    await bar.waitFor();
    await expect.poll(() => emulator.heldReads(), { timeout: 20_000 }).toBe(1);
    await card.getByText(/900 \/ 3,000 件を取り込み（1,000 件・2 ページを読み込み）/).waitFor();
    expect(await bar.getAttribute('value')).toBe('30');
    expect(await card.getByTestId('sync-state').textContent()).toBe('実行中');
    const midway = screenshotPath('kintone-sync-progress.png');
    if (midway) await card.screenshot({ path: midway });

    emulator.release();
    const report = card.getByRole('status').filter({ hasText: '作成' });
    await report.getByText('作成 3,000 件・更新 0 件・スキップ 334 件').waitFor({ timeout: 30_000 });
    await report.getByText('電話番号なし: 334').waitFor();
    expect(await bar.getAttribute('value')).toBe('100');
    expect(await card.getByTestId('sync-state').textContent()).toBe('完了');
    await card.getByText(/次回の自動取り込み: .*（1 時間ごと）/).waitFor();
    const done = screenshotPath('kintone-sync-report.png');
    if (done) await card.screenshot({ path: done });
  });
});

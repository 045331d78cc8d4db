import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  ensureEditorBuild,
  findChromium,
  HOW_TO_ENABLE,
  launchChromium,
  screenshotPath,
} from './support/browser';
import { apiSession, OWNER, startTestServer } from './support/server';
import { BOT_WORKFLOW } from './support/bot-workflow';

const chromiumPath = findChromium();
if (!chromiumPath) console.warn(`[tests/editor] skipped: ${HOW_TO_ENABLE}`);

// The whole story of issue 4 in one browser session, against the real server and a temp database.
// A loaded CI machine is slow at drawing: each step gets a minute, not the default 20 s.
describe.skipIf(!chromiumPath)('editor in a browser', { timeout: 60_000 }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await ensureEditorBuild();
    server = await startTestServer();
    browser = await launchChromium(chromiumPath ?? '');
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1600, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    server?.removeData();
  });

  const canvasNodes = () => page.locator('.react-flow__node-step');
  const canvasEdges = () => page.locator('.react-flow__edge');

  it('signs in in Japanese (the browser language) and creates a workflow', async () => {
    await page.goto(server.url);
    await page.getByLabel('メールアドレス').fill(OWNER.email);
    await page.getByLabel('パスワード').fill(OWNER.password);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByRole('heading', { name: 'ワークフロー' }).waitFor();
    await page.getByRole('button', { name: '新規作成' }).click();
    await page.locator('.react-flow').waitFor();
    await page.getByText('左の一覧から「トリガー」').waitFor();
  });

  it('builds webhook → condition → set by dragging three nodes and connecting two branches', async () => {
    const canvas = page.getByTestId('canvas');
    await page.getByTestId('palette-trigger.webhook').dragTo(canvas, { targetPosition: { x: 120, y: 220 } });
    await page.getByTestId('palette-logic.condition').dragTo(canvas, { targetPosition: { x: 440, y: 220 } });
    await page.getByTestId('palette-logic.set').dragTo(canvas, { targetPosition: { x: 760, y: 160 } });
    await expect.poll(() => canvasNodes().count()).toBe(3);

    await page
      .getByTestId('handle-webhook_1-next')
      .dragTo(page.locator('[data-id="condition_1"] .target-handle'));
    await page
      .getByTestId('handle-condition_1-true')
      .dragTo(page.locator('[data-id="set_1"] .target-handle'));
    await expect.poll(() => canvasEdges().count()).toBe(2);
    // A trigger takes no input: dragging onto it makes no edge.
    await page.getByTestId('handle-condition_1-false').dragTo(page.locator('[data-id="webhook_1"]'));
    await expect.poll(() => canvasEdges().count()).toBe(2);
  });

  it('marks unfinished nodes with problem badges and focuses a node from the problem list', async () => {
    // The webhook has no path yet: once the draft is saved and checked, its node carries a badge.
    await page.getByTestId('node-webhook_1').locator('.problem-badge.error').waitFor({ timeout: 15_000 });
    await page.getByTestId('problems-button').click();
    const list = page.locator('.problems-panel');
    await list
      .getByRole('button', { name: /Webhook/ })
      .first()
      .click();
    await expect.poll(() => page.getByTestId('inspector').locator('h2').textContent()).toBe('Webhook');
    await list.getByRole('button', { name: '閉じる' }).click();
    // Focusing zoomed in on the webhook; show everything again (off-screen nodes are not drawn).
    await page.getByRole('button', { name: '全体を表示' }).click();
    await page.locator('[data-id="set_1"]').waitFor();
  });

  it('shows a field error for an invalid value and clears it for a valid one', async () => {
    await page.locator('[data-id="webhook_1"]').click();
    const path = page.getByLabel(/^パス/);
    await path.fill('Bad Path!');
    await page.getByText('形式が正しくありません。').waitFor();
    await path.fill('orders/created');
    await expect.poll(() => page.getByText('形式が正しくありません。').count()).toBe(0);
    await expect.poll(() => page.getByTestId('node-webhook_1').textContent()).toContain('orders/created');

    await page.locator('[data-id="condition_1"]').click();
    await page.getByTestId('inspector').getByRole('button', { name: '条件を追加' }).click();
    await page.getByLabel('値', { exact: true }).fill('{{ trigger.body.amount }}');
    await page.getByLabel('演算子').selectOption({ label: 'より大きい' });
    await page.getByLabel('比較する値').fill('100');
    await expect.poll(() => page.getByTestId('node-condition_1').textContent()).toContain('条件 1 件');
    await page.locator('[data-id="set_1"]').click();
    await page.getByTestId('inspector').getByRole('button', { name: '項目を追加' }).click();
    await page.getByLabel(/^変数名/).fill('big');
    await page.getByLabel(/^値/).fill('{{ trigger.body.amount }}');
  });

  it('saves, and after a reload finds the workflow intact', async () => {
    await expect
      .poll(() => page.getByTestId('save-status').getAttribute('data-status'), { timeout: 10_000 })
      .toBe('saved');
    await page.reload();
    await page.locator('.react-flow').waitFor();
    await expect.poll(() => canvasNodes().count()).toBe(3);
    await expect.poll(() => canvasEdges().count()).toBe(2);
    await page.locator('[data-id="webhook_1"]').click();
    await expect.poll(() => page.getByLabel(/^パス/).inputValue()).toBe('orders/created');
  });

  it('undoes and redoes a delete from the keyboard', async () => {
    await page.locator('[data-id="set_1"]').click();
    await page.locator('.react-flow__pane').focus();
    await page.keyboard.press('Delete');
    await expect.poll(() => canvasNodes().count()).toBe(2);
    await expect.poll(() => canvasEdges().count()).toBe(1);
    await page.keyboard.press('Control+z');
    await expect.poll(() => canvasNodes().count()).toBe(3);
    await expect.poll(() => canvasEdges().count()).toBe(2);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => canvasNodes().count()).toBe(2);
    await page.getByRole('button', { name: '元に戻す' }).click();
    await expect.poll(() => canvasNodes().count()).toBe(3);
  });

  it('copies a node as workflow JSON and pastes it back, undoably', async () => {
    await page.locator('[data-id="set_1"]').click();
    await page.locator('.react-flow__pane').focus();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect.poll(() => canvasNodes().count()).toBe(4);
    await page.keyboard.press('Control+z');
    await expect.poll(() => canvasNodes().count()).toBe(3);
  });

  it('runs with sample input and lights up the path it took', async () => {
    await page.getByRole('button', { name: 'テスト実行' }).click();
    await page.getByLabel('サンプル入力（JSON）').fill('{ "body": { "amount": 120 } }');
    await page.getByTestId('run-start').click();
    await expect
      .poll(() => page.locator('[data-run-status="succeeded"]').count(), { timeout: 15_000 })
      .toBe(3);
    await expect.poll(() => page.locator('.react-flow__edge.taken').count()).toBe(2);
    await page.getByTestId('step-set_1').click();
    await expect.poll(() => page.getByTestId('step-detail').textContent()).toContain('120');
    const shot = screenshotPath('run-trace.png');
    if (shot) {
      // A clean picture: no toasts from the steps before, the zoom-to-fit animation finished.
      await expect.poll(() => page.locator('.notice').count(), { timeout: 15_000 }).toBe(0);
      await page.getByRole('button', { name: '全体を表示' }).click();
      await page.waitForTimeout(600);
      await page.screenshot({ path: shot });
    }
  });

  it('publishes once no errors remain', async () => {
    await page.getByRole('button', { name: '公開' }).click();
    await page.getByText('バージョン 1 を公開しました。').waitFor();
  });

  it('compares the draft with a published version and restores it', async () => {
    await page.locator('[data-id="set_1"]').click();
    await page.getByLabel('表示名').fill('大口フラグ');
    await page.getByRole('button', { name: '履歴', exact: true }).click();
    await page.getByRole('button', { name: '下書きと比較' }).click();
    await expect.poll(() => page.getByTestId('node-set_1').getAttribute('class')).toContain('diff-changed');
    await page.getByRole('button', { name: '下書きに復元' }).click();
    await page.locator('.modal').getByRole('button', { name: '下書きに復元' }).click();
    await expect.poll(() => page.getByTestId('node-set_1').textContent()).toContain('変数を設定');
  });

  it('switches to English and back', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Publish' }).waitFor();
    await page.getByRole('button', { name: 'Test run' }).waitFor();
    await page.getByRole('button', { name: '日本語' }).click();
    await page.getByRole('button', { name: '公開' }).waitFor();
  });

  it('lists the run in the executions and opens it on the canvas, read-only', async () => {
    await page.goto(`${server.url}/#/executions`);
    await page.getByRole('heading', { name: '実行履歴' }).waitFor();
    await page.locator('tbody tr').first().getByRole('link').first().click();
    await page.getByTestId('step-detail').waitFor();
    await page.getByRole('link', { name: 'キャンバスで見る' }).click();
    await page.getByText('過去の実行を表示中').waitFor();
    await expect.poll(() => page.locator('[data-run-status="succeeded"]').count()).toBe(3);
    await page.getByRole('button', { name: '下書きに戻る' }).click();
    await expect.poll(() => page.getByText('過去の実行を表示中').count()).toBe(0);
  });

  it('shows why an imported file was refused', async () => {
    await page.goto(`${server.url}/#/workflows`);
    await page.getByRole('heading', { name: 'ワークフロー' }).waitFor();
    const broken = {
      schemaVersion: 1,
      id: 'broken',
      name: '壊れた',
      settings: {},
      nodes: [{ id: 'x' }],
      edges: [],
      notes: [],
    };
    await page.getByTestId('import-file').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(broken)),
    });
    const notice = page.locator('.notice-error').filter({ hasText: 'インポートできませんでした' });
    await notice.waitFor();
    await expect.poll(() => notice.textContent()).toContain('•');
  });

  it('creates an API token and invites a user in the settings', async () => {
    await page.goto(`${server.url}/#/settings`);
    await page.getByRole('tab', { name: 'API トークン' }).click();
    await page.getByLabel('トークン名').fill('CI スクリプト');
    await page.getByRole('button', { name: '作成' }).click();
    await page.getByText('トークンを作成しました').waitFor();
    await page.getByRole('cell', { name: 'CI スクリプト' }).waitFor();
    await page.getByRole('tab', { name: 'ユーザーと権限' }).click();
    await page.getByLabel('メールアドレス').fill('sato@example.com');
    await page.getByLabel('権限', { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: '招待する' }).click();
    await page.getByRole('cell', { name: 'sato@example.com', exact: true }).waitFor();
  });

  it('shows a bot workflow on the canvas (screenshot for the README)', async () => {
    const api = await apiSession(server.url);
    const created = (await api('/api/workflows/import', { method: 'POST', body: BOT_WORKFLOW })) as {
      id: string;
    };
    await page.goto(`${server.url}/#/workflows/${created.id}`);
    await expect.poll(() => canvasNodes().count()).toBe(BOT_WORKFLOW.nodes.length);
    await expect.poll(() => canvasEdges().count()).toBe(BOT_WORKFLOW.edges.length);
    await page.locator('[data-id="ask_email"]').click();
    await page.getByLabel(/^質問/).waitFor();
    const shot = screenshotPath('canvas-bot.png');
    if (shot) await page.screenshot({ path: shot });
  });
});

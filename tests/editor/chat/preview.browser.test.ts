import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { leadCaptureBot } from '../../../server/chat/sample-bot';
import { ensureEditorBuild, findChromium, HOW_TO_ENABLE, launchChromium } from '../support/browser';
import { apiSession, OWNER, startTestServer } from '../support/server';

const chromiumPath = findChromium();
if (!chromiumPath) console.warn(`[tests/editor/chat] skipped: ${HOW_TO_ENABLE}`);

// Issue 6, editor part: the sample lead-capture bot, still a draft, previewed in the editor.
describe.skipIf(!chromiumPath)('chat preview in the editor', { timeout: 60_000 }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let api: Awaited<ReturnType<typeof apiSession>>;
  let browser: Browser;
  let page: Page;
  let workflowId = '';

  beforeAll(async () => {
    await ensureEditorBuild();
    server = await startTestServer();
    api = await apiSession(server.url);
    // The inquiry node files tickets into the first ticket pipeline.
    await api('/api/pipelines', {
      method: 'POST',
      body: {
        module: 'tickets',
        name: 'サポート',
        stages: [{ name: '新規' }, { name: '完了', outcome: 'won' }],
      },
    });
    const bot = leadCaptureBot();
    const created = await api('/api/workflows', { method: 'POST', body: { name: bot.name, draft: bot } });
    workflowId = String((created as { id: string }).id);
    browser = await launchChromium(chromiumPath ?? '');
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1600, height: 1000 } });
    page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    server?.removeData();
  });

  const panel = () => page.getByTestId('preview-panel');
  const log = () => panel().getByRole('log');
  const runStatus = (nodeId: string) => page.getByTestId(`node-${nodeId}`).getAttribute('data-run-status');

  async function say(text: string): Promise<void> {
    const input = panel().getByLabel('メッセージを入力');
    await expect.poll(() => input.isEnabled()).toBe(true);
    await input.fill(text);
    await input.press('Enter');
  }

  it('opens the draft bot and starts a preview that greets and asks the first question', async () => {
    await page.goto(server.url);
    await page.getByLabel('メールアドレス').fill(OWNER.email);
    await page.getByLabel('パスワード').fill(OWNER.password);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByRole('heading', { name: 'ワークフロー' }).waitFor();
    await page.goto(`${server.url}/#/workflows/${workflowId}`);
    await page.locator('.react-flow').waitFor();

    await page.getByRole('button', { name: 'プレビュー' }).click();
    await expect.poll(() => log().textContent(), { timeout: 15_000 }).toContain('お名前を教えてください。');
    expect(await log().textContent()).toContain('こんにちは！お問い合わせを承ります。');
    // It says what a preview touches: the CRM nodes write, as a test run's do.
    await panel().getByText('テスト実行と同じく実際に登録します').waitFor();
    await page.getByRole('button', { name: '全体を表示' }).click();
    await expect.poll(() => runStatus('hello')).toBe('succeeded');
    await expect.poll(() => runStatus('name')).toBe('waiting');
    expect(await runStatus('email')).toBeNull();
  });

  it('answers the questions, shows markup as text, and lights each node as it is taken', async () => {
    await say('鈴木 一郎');
    await expect.poll(() => log().textContent()).toContain('鈴木 一郎様、メールアドレスを教えてください。');
    await expect.poll(() => runStatus('name')).toBe('succeeded');
    await expect.poll(() => runStatus('email')).toBe('waiting');

    const markup = '<img src=x onerror="window.pwned=1"><b>ichiro</b>@';
    await say(markup);
    await expect.poll(() => panel().locator('.preview-msg.visitor').last().textContent()).toContain(markup);
    expect(await log().locator('b, img').count()).toBe(0);
    expect(await page.evaluate(() => 'pwned' in window)).toBe(false);

    await say('ichiro@example.com');
    await expect.poll(() => log().textContent()).toContain('会社名を教えてください。');
    await say('株式会社むすび');
    const choices = panel().getByRole('group', { name: '選択肢' });
    const high = choices.getByRole('button', { name: 'High' });
    await high.waitFor();
    // Keyboard: the choice buttons are ordinary buttons.
    await high.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => log().textContent(), { timeout: 15_000 }).toMatch(/チケット番号は \d+ です/);
    await expect.poll(() => log().textContent()).toContain('ありがとうございました。');
    await panel().getByText('会話は終わりました').waitFor();

    await page.getByRole('button', { name: '全体を表示' }).click();
    for (const node of [
      'start',
      'hello',
      'name',
      'email',
      'company',
      'priority',
      'lead',
      'inquiry',
      'tell',
      'bye',
    ]) {
      await expect.poll(() => runStatus(node), { message: node }).toBe('succeeded');
    }
    expect(await runStatus('sorry')).toBeNull();
    expect(await runStatus('other')).toBeNull();
    // start→hello→name→email→company→priority(High)→lead→inquiry→tell→bye
    await expect.poll(() => page.locator('.react-flow__edge.taken').count()).toBe(9);
  });

  it('left the bot unpublished and inactive, and restarts from the greeting', async () => {
    const workflow = (await api(`/api/workflows/${workflowId}`)) as Record<string, unknown>;
    expect(workflow).toMatchObject({ active: false, activeVersion: null });
    const runs = (await api(`/api/executions?workflowId=${workflowId}`)) as {
      items: Array<{ mode: string }>;
    };
    expect(runs.items.map((r) => r.mode)).toEqual(['preview']);

    await panel().getByRole('button', { name: '最初から' }).click();
    await expect.poll(() => panel().locator('.preview-msg').count(), { timeout: 15_000 }).toBe(2);
    expect(await log().textContent()).not.toContain('チケット番号');
    await expect.poll(() => runStatus('tell')).toBeNull();
    await expect.poll(() => runStatus('name')).toBe('waiting');
  });
});

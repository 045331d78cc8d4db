import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchChromium } from '../../editor/support/browser';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadCaptureBot } from '../../../server/chat/sample-bot';
import { createTestApp, type TestApp } from '../support/test-app';
import { activate, leadBot } from './bots';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = fs.existsSync(chromiumPath);
// CI always runs this test (CI sets CHROMIUM_PATH); only a local machine without Chromium skips it.
const skip = !hasChromium && !process.env.CI;
if (skip) {
  console.warn(
    `[tests/server/chat] browser test skipped: no Chromium at ${chromiumPath}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.`,
  );
}

let t: TestApp;
let api: http.Server;
let site: http.Server;
let siteUrl: string;
let browser: Browser;

async function listen(handler: http.RequestListener): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

beforeAll(async () => {
  t = await createTestApp();
  await activate(t.db, leadBot());
  await activate(t.db, leadCaptureBot());
  const served = await listen(t.app);
  api = served.server;
  // Another origin, like a customer's website: a plain page with one script tag.
  const page = `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>Example shop</h1><script src="${served.url}/widget.js" data-bot="lead-bot"></script></body></html>`;
  const other = await listen((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  site = other.server;
  siteUrl = other.url;
  if (!skip) {
    browser = await launchChromium(chromiumPath);
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
  for (const server of [api, site]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await t.services.lifecycle.stop();
  await t.dispose();
});

const log = (page: Page) => page.locator('.musubi-chat-log');

async function say(page: Page, text: string): Promise<void> {
  const input = page.getByLabel('メッセージを入力');
  await input.fill(text);
  await input.press('Enter');
}

describe.skipIf(skip)('chat widget on a plain page', () => {
  it('talks a whole lead-capture conversation, keeps it over a reload, and shows visitor markup as text', async () => {
    const context = await browser.newContext({ locale: 'ja-JP' });
    const page = await context.newPage();
    await page.goto(siteUrl);
    const open = page.getByRole('button', { name: 'チャットで問い合わせる' });
    await open.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => log(page).textContent()).toContain('お名前を教えてください。');

    const name = '<b>花子</b><script>window.pwned=1</script>';
    await say(page, name);
    await expect.poll(() => log(page).textContent()).toContain('さん、メールアドレスを教えてください。');
    expect(await page.locator('.musubi-chat-msg.visitor').last().textContent()).toContain(name);
    expect(await log(page).locator('b, script').count()).toBe(0);
    expect(await page.evaluate(() => 'pwned' in window)).toBe(false);

    // A reload finds the conversation in localStorage and shows it again.
    await page.reload();
    await expect.poll(() => log(page).textContent()).toContain('メールアドレスを教えてください。');

    await say(page, 'hanako@');
    await expect.poll(() => page.locator('.musubi-chat-msg.bot').count()).toBe(4);
    await say(page, 'hanako@example.com');
    const high = page.locator('.musubi-chat-choices').getByRole('button', { name: '高' });
    await high.click();
    await expect.poll(() => log(page).textContent()).toContain('優先度「高」で受け付けました。');
    await expect.poll(() => log(page).textContent()).toContain('チャットは終了しました。');
    expect(await log(page).textContent()).toContain('（hanako@example.com）');
    await expect.poll(() => page.getByLabel('メッセージを入力').isDisabled()).toBe(true);
    await context.close();
  }, 60_000);

  it('speaks English to an English browser, on the hosted full page', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    await page.goto(`${apiUrl}/chat/lead-bot`);
    await expect.poll(() => log(page).textContent()).toContain('お名前を教えてください。');
    expect(await page.getByRole('button', { name: 'Send' }).count()).toBe(1);
    await context.close();
  }, 30_000);

  it('runs the sample lead-capture bot: the lead and the ticket it tells about are in the records API', async () => {
    const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    const editor = await t.userWithToken('editor');
    await request(t.app)
      .post('/api/pipelines')
      .set('Authorization', `Bearer ${editor.token}`)
      .send({
        module: 'tickets',
        name: 'サポート',
        stages: [{ name: '新規' }, { name: '完了', outcome: 'won' }],
      })
      .expect(201);
    const context = await browser.newContext({ locale: 'ja-JP' });
    const page = await context.newPage();
    await page.goto(`${apiUrl}/chat/sample-lead-bot`);
    await expect.poll(() => log(page).textContent()).toContain('お名前を教えてください。');
    await say(page, '鈴木 一郎');
    await expect
      .poll(() => log(page).textContent())
      .toContain('鈴木 一郎様、メールアドレスを教えてください。');
    await say(page, 'ichiro@');
    await expect.poll(() => page.locator('.musubi-chat-msg.bot').count()).toBe(4);
    await say(page, 'ichiro@example.com');
    await expect.poll(() => log(page).textContent()).toContain('会社名を教えてください。');
    await say(page, '株式会社むすび');
    await page.locator('.musubi-chat-choices').getByRole('button', { name: 'High' }).click();
    await expect.poll(() => log(page).textContent(), { timeout: 10_000 }).toMatch(/チケット番号は \d+ です/);
    const ticketNumber = /チケット番号は (\d+) です/.exec((await log(page).textContent()) ?? '')?.[1];
    await context.close();

    const { token } = await t.userWithToken('viewer');
    const leads = await request(t.app)
      .get('/api/records/leads')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(JSON.stringify(leads.body)).toContain('ichiro@example.com');
    expect(JSON.stringify(leads.body)).toContain('株式会社むすび');
    const tickets = await request(t.app)
      .get('/api/records/tickets')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(JSON.stringify(tickets.body)).toContain('株式会社むすび 鈴木 一郎様からのお問い合わせ');
    expect(JSON.stringify(tickets.body)).toContain(`"number":${ticketNumber}`);
  }, 60_000);
});

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchChromium } from '../../editor/support/browser';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../server/crm/actor';
import { SENTINELS, mailText, sharingFixture, startSmtp } from './support';
import type { SharingFixture } from './support';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = fs.existsSync(chromiumPath);
// CI always runs this test (CI sets CHROMIUM_PATH); only a local machine without Chromium skips it.
const skip = !hasChromium && !process.env.CI;
if (skip) {
  console.warn(
    `[tests/server/sharing] browser test skipped: no Chromium at ${chromiumPath}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.`,
  );
}

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let server: http.Server;
let f: SharingFixture;
let browser: Browser;
let auth: string;

beforeAll(async () => {
  smtp = await startSmtp();
  // Listen first: the share links must carry the real address (PUBLIC_URL) of this server.
  let handler: http.RequestListener = (_req, res) => res.end();
  server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  f = await sharingFixture({ env: { PUBLIC_URL: `http://127.0.0.1:${port}`, SMTP_URL: smtp.url } });
  handler = f.t.app;
  const { token } = await f.t.userWithToken('editor');
  await f.t.db.models.User.update({ externalSharing: true }, { where: {} });
  auth = `Bearer ${token}`;
  if (!skip) {
    browser = await launchChromium(chromiumPath);
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server.close(resolve));
  await f.t.dispose();
  await smtp.close();
});

describe.skipIf(skip)('share page in a browser, with real mail', () => {
  it('goes from the mailed link through the mailed code to exactly the permitted fields', async () => {
    const api = () => request(f.t.app);
    await api().post(`/api/pipelines/${f.pipelineId}/sharing/enable`).set('Authorization', auth).expect(200);
    await api()
      .put(`/api/pipelines/${f.pipelineId}/sharing`)
      .set('Authorization', auth)
      .send({
        fields: ['name', 'stageId', 'priority', 'custom.order_no'],
        stageIds: [f.stages.open, f.stages.progress, f.stages.done],
        orgName: 'ムスビ商事',
      })
      .expect(200);

    // Share, then send the prefilled e-mail to the record's contact.
    const shared = await api()
      .post('/api/shares')
      .set('Authorization', auth)
      .send({ recordId: f.ticketId })
      .expect(201);
    expect(shared.body.draft.to).toBe(f.contactEmail);
    expect(shared.body.draft.text).toContain(shared.body.url);
    await api()
      .post('/api/shares/mail')
      .set('Authorization', auth)
      .send({ recordId: f.ticketId, subject: shared.body.draft.subject, text: shared.body.draft.text })
      .expect(202);
    const invitation = await smtp.next();
    expect(invitation.to).toEqual([f.contactEmail]);
    const link = /http:\/\/127\.0\.0\.1:\d+\/s\/[A-Za-z0-9_-]{43}/.exec(mailText(invitation.raw))?.[0];
    expect(link).toBeDefined();

    const context = await browser.newContext({ locale: 'ja-JP', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(link ?? '');
    expect(await page.locator('body').innerText()).not.toContain('ログインできない');
    expect(await page.locator('main').innerText()).toContain('t***@example.com');

    await page.getByRole('button', { name: '確認コードを送信' }).click();
    const codeMail = await smtp.next();
    expect(codeMail.to).toEqual([f.contactEmail]);
    const code = /\b(\d{6})\b/.exec(mailText(codeMail.raw))?.[1] ?? '';
    expect(code).toMatch(/^\d{6}$/);
    await page.locator('input[name=code]').fill(code);
    await page.getByRole('button', { name: '確認', exact: true }).click();

    await expect.poll(() => page.locator('h1').innerText()).toBe('ログインできない');
    const labels = await page.locator('#fields dt').allInnerTexts();
    expect(labels).toEqual(['優先度', '注文番号']);
    expect(await page.locator('#fields dd').allInnerTexts()).toEqual(['—', 'A-1001']);
    expect(await page.locator('#stage').innerText()).toBe('受付');
    const html = await page.content();
    for (const sentinel of Object.values(SENTINELS)) expect(html).not.toContain(sentinel);

    // The page follows the record: a move shows on reload.
    await f.records.moveStage({
      module: 'tickets',
      id: f.ticketId,
      stageId: f.stages.progress,
      actor: SYSTEM_ACTOR,
    });
    await page.reload();
    expect(await page.locator('#stage').innerText()).toBe('対応中');

    // English by the switch.
    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.locator('#stage').innerText()).toBe('対応中');
    expect(await page.locator('main').innerText()).toContain('Current status');

    // Unshared: the same link answers 410 at once (still in the language chosen).
    await api().delete(`/api/shares/records/${f.ticketId}`).set('Authorization', auth).expect(204);
    const response = await page.reload();
    expect(response?.status()).toBe(410);
    expect(await page.locator('h1').innerText()).toBe('This page is no longer available');
    await context.close();
  }, 60_000);
});

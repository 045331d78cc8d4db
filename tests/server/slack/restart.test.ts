import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crmServicesFor } from '../../../server/crm/context';
import { loadConfig } from '../../../server/config';
import { startServer } from '../../../server/main';
import type { RunningServer } from '../../../server/main';
import { connectWithToken } from '../../../server/slack/connect';
import { slackRuntimeOf } from '../../../server/slack/instance';
import { saveMapping } from '../../../server/slack/mapping';
import { startSlackEmulator } from '../../emulators/slack/server';
import type { SlackEmulator } from '../../emulators/slack/server';

const BOT = 'xoxb-restart';
const OWNER = { email: 'owner@example.com', password: 'correct horse battery' };

let emulator: SlackEmulator | undefined;
let server: RunningServer | undefined;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'musubi-slack-restart-'));
afterAll(async () => {
  await server?.stop();
  await emulator?.close();
  delete process.env.SLACK_API_URL;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function start(): Promise<RunningServer> {
  const config = loadConfig({
    MUSUBI_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    MUSUBI_SECRET: 'ef'.repeat(32),
    MUSUBI_OWNER_EMAIL: OWNER.email,
    MUSUBI_OWNER_PASSWORD: OWNER.password,
  });
  return startServer({ config });
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('Slack delivery across a restart', () => {
  it('delivers notifications accepted before the stop after the next start, once each and in order', async () => {
    emulator = await startSlackEmulator();
    process.env.SLACK_API_URL = emulator.apiUrl;
    emulator.addTeam({
      id: 'TACME',
      name: 'ACME',
      token: BOT,
      channels: [{ id: 'CSUPPORT', name: 'support' }],
    });
    server = await start();
    const { db } = server;
    const owner = await db.models.User.findOne({ where: { email: OWNER.email } });
    if (!owner) throw new Error('no owner');
    const runtime = slackRuntimeOf(server);
    const connected = await connectWithToken({
      service: runtime.service,
      botToken: BOT,
      signingSecret: 'restart-signing-secret',
      language: 'ja',
      userId: owner.id,
    });
    if (!connected.ok) throw new Error(connected.error);
    await saveMapping({
      db,
      workspaceId: connected.workspace.id,
      mode: 'all',
      entries: [{ departmentId: '*', channelId: 'CSUPPORT', channelName: 'support' }],
    });
    await db.models.CrmPipeline.create({ id: 'pl-t', module: 'tickets', name: 'サポート', position: 0 });
    await db.models.CrmStage.create({
      id: 'st-o',
      pipelineId: 'pl-t',
      name: '未対応',
      position: 0,
      outcome: 'open',
    });

    // Slack answers the first post with 429 / Retry-After 3: every notification is still waiting
    // when the server stops.
    emulator.inject({
      method: 'chat.postMessage',
      count: 1,
      status: 429,
      body: { ok: false, error: 'ratelimited' },
      headers: { 'Retry-After': '3' },
    });
    const crm = crmServicesFor({
      db,
      clock: server.services.clock,
      logger: server.services.logger,
      secretKey: server.config.secretKey,
    });
    const subjects = ['再起動前 1', '再起動前 2', '再起動前 3'];
    for (const name of subjects) {
      await crm.records.create({
        module: 'tickets',
        input: { name },
        actor: { userId: owner.id, label: OWNER.email, source: 'api', eventDepth: 0 },
      });
    }
    const posts = () =>
      emulator?.state.calls.filter((call) => call.method === 'chat.postMessage').length ?? 0;
    await until(() => posts() >= 1, 'the rate-limited post');
    await server.stop();
    server = undefined;
    expect(emulator.messagesIn('CSUPPORT')).toEqual([]);

    server = await start();
    await until(
      () => (emulator?.messagesIn('CSUPPORT').length ?? 0) >= subjects.length,
      'the three messages',
    );
    await slackRuntimeOf(server).service.outbox.idle();
    const texts = emulator.messagesIn('CSUPPORT').map((message) => message.text ?? '');
    expect(texts).toHaveLength(subjects.length);
    // One refused try before the stop, then each message exactly once.
    expect(posts()).toBe(subjects.length + 1);
    subjects.forEach((subject, index) => expect(texts[index]).toContain(subject));
  }, 60_000);
});

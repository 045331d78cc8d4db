import { describe, expect, it } from 'vitest';
import { manualTriggerNode } from '../../../nodes/trigger/manual';
import { scheduleTriggerNode } from '../../../nodes/trigger/schedule';
import { webhookTriggerNode } from '../../../nodes/trigger/webhook';
import { createDefaultRegistry } from '../../../nodes/index';
import { configField, run } from '../context';

describe('triggers', () => {
  it.each([
    [manualTriggerNode, { name: '山田' }],
    [webhookTriggerNode, { body: { id: 1 }, headers: { 'content-type': 'application/json' }, query: {} }],
    [scheduleTriggerNode, { firedAt: '2026-11-22T00:00:00.000Z' }],
  ])('%# hands the event on as its output on next', async (node, payload) => {
    const result = await run(node, { config: {}, trigger: payload });
    expect(result).toEqual({ branch: 'next', output: payload });
  });

  it('declares its trigger kind', () => {
    expect([manualTriggerNode.trigger, webhookTriggerNode.trigger, scheduleTriggerNode.trigger]).toEqual([
      'manual',
      'webhook',
      'schedule',
    ]);
  });
});

describe('webhook config', () => {
  const registry = createDefaultRegistry();
  const check = (config: Record<string, unknown>) => registry.checkConfig('trigger.webhook', config);

  it('takes lowercase url-safe path segments only', () => {
    expect(check({ path: 'crm/lead-created_v2' })).toEqual([]);
    for (const path of ['Orders', '/orders', 'orders/', 'a//b', 'a b', '../x', '注文']) {
      expect(
        check({ path }).map((issue) => issue.path),
        path,
      ).toContain('/path');
    }
  });

  it('needs a header name and secret for header auth, and a secret for HMAC', () => {
    expect(check({ path: 'a', auth: 'header' }).map((i) => i.path)).toEqual(
      expect.arrayContaining(['/headerName', '/secret']),
    );
    expect(check({ path: 'a', auth: 'hmac' }).map((i) => i.path)).toContain('/secret');
    expect(check({ path: 'a', auth: 'hmac', secret: 'a-long-secret' })).toEqual([]);
  });

  it('marks the secret for redaction', () => {
    expect(configField(webhookTriggerNode, 'secret')['x-secret']).toBe(true);
  });
});

describe('schedule config', () => {
  const registry = createDefaultRegistry();

  it('asks for a cron expression and offers the cron widget', () => {
    expect(registry.checkConfig('trigger.schedule', {}).map((i) => i.path)).toContain('/cron');
    expect(configField(scheduleTriggerNode, 'cron')['x-widget']).toBe('cron');
  });

  it('accepts a time zone and a missed-run policy', () => {
    const config = { cron: '*/5 * * * *', timeZone: 'Asia/Tokyo', missedPolicy: 'skip' };
    expect(registry.checkConfig('trigger.schedule', config)).toEqual([]);
    expect(registry.checkConfig('trigger.schedule', { ...config, missedPolicy: 'always' })).not.toEqual([]);
  });
});

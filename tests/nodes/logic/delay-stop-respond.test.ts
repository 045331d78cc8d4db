import { describe, expect, it } from 'vitest';
import { delayNode } from '../../../nodes/logic/delay';
import { stopNode } from '../../../nodes/logic/stop';
import { respondNode } from '../../../nodes/logic/respond';
import { createDefaultRegistry } from '../../../nodes/index';
import { T, rejection, resume, run } from '../context';

const registry = createDefaultRegistry();

describe('logic.delay', () => {
  it('waits for a duration counted from the clock', async () => {
    const result = await run(delayNode, { config: { mode: 'duration', amount: 5, unit: 'minutes' } });
    expect(result.wait).toEqual({ kind: 'until', until: T + 5 * 60_000 });
    expect(result.output).toEqual({ until: new Date(T + 300_000).toISOString() });
    const days = await run(delayNode, { config: { mode: 'duration', amount: 2, unit: 'days' } });
    expect(days.wait?.until).toBe(T + 2 * 86_400_000);
  });

  it('reads a date-time without an offset in the workflow time zone', async () => {
    const tokyo = await run(delayNode, { config: { mode: 'until', until: '2026-11-23T10:00' } });
    expect(tokyo.wait).toEqual({ kind: 'until', until: Date.parse('2026-11-23T10:00:00+09:00') });
    const utc = await run(delayNode, {
      config: { mode: 'until', until: '2026-11-23 10:00' },
      settings: { timeZone: 'UTC' },
    });
    expect(utc.wait?.until).toBe(Date.parse('2026-11-23T10:00:00Z'));
    const ny = await run(delayNode, {
      config: { mode: 'until', until: '2027-07-01T09:00' },
      settings: { timeZone: 'America/New_York' },
    });
    expect(ny.wait?.until).toBe(Date.parse('2027-07-01T09:00:00-04:00'));
  });

  it('keeps an explicit offset, and accepts a time a template produced as ms', async () => {
    const zulu = await run(delayNode, { config: { mode: 'until', until: '2026-11-23T00:00:00Z' } });
    expect(zulu.wait?.until).toBe(Date.parse('2026-11-23T00:00:00Z'));
    const epoch = T + 60_000;
    expect((await run(delayNode, { config: { mode: 'until', until: epoch } })).wait?.until).toBe(epoch);
  });

  it('does not wait for a moment already past', async () => {
    const result = await run(delayNode, { config: { mode: 'until', until: '2026-11-01' } });
    expect(result.wait).toBeUndefined();
    expect(result.branch).toBe('next');
  });

  it('refuses a date it cannot read, without retrying', async () => {
    for (const until of ['next tuesday', '2026-02-30', '2026-11-22T25:00', '']) {
      const error = await rejection(run(delayNode, { config: { mode: 'until', until } }));
      expect(error, until).toMatchObject({ code: 'invalid_date', retryable: false });
    }
  });

  it('goes on when the wait ends', async () => {
    expect(
      await resume(delayNode, { config: { mode: 'duration', amount: 1 }, event: { kind: 'time' } }),
    ).toEqual({
      branch: 'next',
    });
  });

  it('needs an amount for a duration and a date for until', () => {
    expect(registry.checkConfig('logic.delay', { mode: 'duration' }).map((i) => i.path)).toContain('/amount');
    expect(registry.checkConfig('logic.delay', { mode: 'until' }).map((i) => i.path)).toContain('/until');
    expect(registry.checkConfig('logic.delay', { mode: 'until', until: '{{ vars.when }}' })).toEqual([]);
  });
});

describe('logic.stop', () => {
  it('ends the run as failed with its message', async () => {
    const result = await run(stopNode, { config: { status: 'failed', message: '在庫がありません' } });
    expect(result).toMatchObject({
      branch: 'stopped',
      stop: { status: 'failed', message: '在庫がありません' },
    });
  });

  it('ends as succeeded by default', async () => {
    expect((await run(stopNode, { config: {} })).stop).toEqual({ status: 'succeeded' });
  });
});

describe('logic.respond', () => {
  it('answers with parsed JSON and a JSON content type by default', async () => {
    const result = await run(respondNode, { config: { body: '{"ok": true, "id": 7}' } });
    expect(result.branch).toBe('next');
    expect(result.respond).toEqual({
      status: 200,
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: { ok: true, id: 7 },
    });
  });

  it('keeps a value a template produced, and the headers it was given', async () => {
    const result = await run(respondNode, {
      config: {
        status: 201,
        body: { id: 7 },
        headers: [
          { name: 'content-type', value: 'application/vnd.x+json' },
          { name: 'X-Id', value: 7 },
        ],
      },
    });
    expect(result.respond).toEqual({
      status: 201,
      headers: { 'content-type': 'application/vnd.x+json', 'X-Id': '7' },
      body: { id: 7 },
    });
  });

  it('sends text as text', async () => {
    const result = await run(respondNode, { config: { bodyType: 'text', body: 'ありがとうございました' } });
    expect(result.respond).toMatchObject({
      body: 'ありがとうございました',
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  });

  it('refuses a JSON body that is not JSON, saying how to fix it', async () => {
    const error = await rejection(run(respondNode, { config: { body: '{"name": "太郎"' } }));
    expect(error).toMatchObject({ code: 'invalid_json_body', retryable: false });
    expect(error.localized?.en).toContain('text');
  });
});

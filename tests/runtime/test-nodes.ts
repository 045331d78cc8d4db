import { Type } from 'typebox';
import { defineNode, NodeError, NodeRegistry } from '../../runtime/index';

const none = Type.Object({}, { additionalProperties: false });
const labels = (name: string) => ({ labels: { ja: name, en: name }, description: { ja: name, en: name } });

/** Small nodes that make the engine's behaviour visible; fixtures under tests/fixtures/engine use them. */
export const testTrigger = defineNode({
  type: 'test.trigger',
  version: 1,
  category: 'trigger',
  ...labels('trigger'),
  trigger: 'manual',
  config: none,
  branches: ['next'],
  outputs: Type.Unknown(),
  run: (ctx) => ({ branch: 'next', output: ctx.trigger }),
});

/** Outputs its rendered config; `branch` picks the branch, `set` sets variables. */
export const testEcho = defineNode({
  type: 'test.echo',
  version: 1,
  category: 'logic',
  ...labels('echo'),
  config: Type.Object(
    {
      branch: Type.Optional(Type.String()),
      value: Type.Optional(Type.Unknown()),
      set: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      apiKey: Type.Optional(Type.String({ 'x-secret': true })),
    },
    { additionalProperties: false },
  ),
  branches: ['next', 'yes', 'no', 'failure'],
  outputs: Type.Unknown(),
  run: (ctx) => ({ branch: ctx.config.branch ?? 'next', output: ctx.config, setVars: ctx.config.set }),
});

/** Fails `failures` times (per run, counted in a variable), then succeeds. */
export const testFlaky = defineNode({
  type: 'test.flaky',
  version: 1,
  category: 'logic',
  ...labels('flaky'),
  config: Type.Object(
    {
      failures: Type.Number(),
      retryAfterMs: Type.Optional(Type.Number()),
      retryable: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  branches: ['success', 'failure'],
  retry: { attempts: 4, initialDelayMs: 100, maxDelayMs: 10_000, factor: 2, jitter: false },
  outputs: Type.Unknown(),
  run: async (ctx) => {
    if (ctx.run.attempt <= ctx.config.failures) {
      throw new NodeError({
        code: 'flaky',
        message: `attempt ${ctx.run.attempt} failed`,
        retryAfterMs: ctx.config.retryAfterMs,
        retryable: ctx.config.retryable ?? true,
      });
    }
    return { branch: 'success', output: { attempt: ctx.run.attempt } };
  },
});

/** Never answers until its signal aborts: shows timeouts and cancellation reach the node. */
export const aborted: string[] = [];
export const testHang = defineNode({
  type: 'test.hang',
  version: 1,
  category: 'logic',
  ...labels('hang'),
  config: none,
  branches: ['success', 'failure'],
  outputs: Type.Unknown(),
  run: (ctx) =>
    new Promise((_resolve, reject) => {
      ctx.signal.addEventListener('abort', () => {
        aborted.push(ctx.node.id);
        reject(new Error('aborted'));
      });
    }),
});

/** Waits for a message; on resume stores the text in `vars.reply`. */
export const testWait = defineNode({
  type: 'test.wait',
  version: 1,
  category: 'bot',
  ...labels('wait'),
  waits: true,
  config: none,
  branches: ['next', 'timeout'],
  setsVariables: { field: 'reply' },
  outputs: Type.Unknown(),
  run: (ctx) => ({ branch: 'next', wait: { kind: 'message', state: { askedAt: ctx.ports.clock.now() } } }),
  resume: (ctx) =>
    ctx.event.kind === 'message'
      ? {
          branch: 'next',
          output: { reply: ctx.event.text, askedAt: ctx.waitState.askedAt },
          setVars: { reply: ctx.event.text },
        }
      : { branch: 'timeout' },
});

export function createTestRegistry(): NodeRegistry {
  return new NodeRegistry([testTrigger, testEcho, testFlaky, testHang, testWait]);
}

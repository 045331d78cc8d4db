import type { WorkflowDocument } from '../../../../runtime/model/workflow';
import { migrate, openDatabase } from '../../../../server/db/index';
import { activate, node, workflow } from '../../execution/support';

/**
 * webhook (async) → note the order → POST the order to the side-effect API → done. The HTTP node
 * sends `Idempotency-Key: order-<id>`, so the API applies each order once whoever calls it, however
 * often. (A template cannot read the engine's `run:step:attempt` key, and the HTTP node does not send
 * it by itself; the order id is the key a workflow author would use.)
 */
export function ordersFlow(effectsUrl: string): WorkflowDocument {
  const doc = workflow({
    id: 'orders',
    nodes: [
      node('hook', 'trigger.webhook', { path: 'orders', responseMode: 'async' }),
      node('note', 'logic.set', { assignments: [{ name: 'orderId', value: '{{ trigger.body.id }}' }] }),
      node('charge', 'logic.http_request', {
        method: 'POST',
        url: effectsUrl,
        headers: [{ name: 'Idempotency-Key', value: 'order-{{ vars.orderId }}' }],
        body: '{"order": {{ vars.orderId }}}',
        bodyType: 'json',
        responseType: 'json',
      }),
      node('done', 'logic.set', { assignments: [{ name: 'charged', value: '{{ nodes.charge.body.ok }}' }] }),
    ],
    edges: [
      ['hook', 'next', 'note'],
      ['note', 'next', 'charge'],
      ['charge', 'success', 'done'],
    ],
  });
  // The side-effect API listens on 127.0.0.1, which runs may only call when the workflow allows it.
  return { ...doc, settings: { ...doc.settings, allowPrivateNetwork: true } };
}

/** The nodes one finished run of `ordersFlow` recorded, in order. */
export const ORDER_STEPS = 'hook,note,charge,done';

/** schedule (cron with seconds, `run_once` for missed ticks) → note the tick. */
export function tickFlow(cron: string): WorkflowDocument {
  return workflow({
    id: 'ticks',
    nodes: [
      node('clock', 'trigger.schedule', { cron, timeZone: 'Asia/Tokyo', missedPolicy: 'run_once' }),
      node('note', 'logic.set', { assignments: [{ name: 'firedAt', value: '{{ trigger.firedAt }}' }] }),
    ],
    edges: [['clock', 'next', 'note']],
  });
}

/**
 * Migrates the database and stores the workflows published and active, before any Musubi process
 * starts (so no two processes race to migrate an empty database). Keeps every run in the history:
 * the tests count them.
 */
export async function seedDatabase(url: string, documents: WorkflowDocument[]): Promise<void> {
  const db = await openDatabase({ url });
  try {
    await migrate(db);
    for (const document of documents) await activate(db, document);
    await db.models.Setting.upsert({ key: 'executions.retention', value: { maxCount: 100_000_000 } });
  } finally {
    await db.close();
  }
}

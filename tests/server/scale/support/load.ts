/**
 * Sends webhooks the way a well-behaved client does: `connections` requests in flight, each order
 * with its own `Idempotency-Key`, and an order whose answer did not arrive sent again with the same
 * key (at most `attempts` times). Returns the run id Musubi answered for each order.
 */
export async function sendOrders(input: {
  /** Base URLs of the web processes; requests go round-robin over them (a load balancer). */
  urls: string[];
  ids: number[];
  connections: number;
  attempts?: number;
  onAccepted?: (accepted: number) => void;
}): Promise<Map<number, string>> {
  const accepted = new Map<number, string>();
  const queue = [...input.ids];
  let next = 0;
  const attempts = input.attempts ?? 5;
  await Promise.all(
    Array.from({ length: input.connections }, async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        for (let attempt = 1; attempt <= attempts; attempt++) {
          const url = input.urls[next++ % input.urls.length] ?? '';
          const runId = await postOrder(url, id);
          if (runId !== undefined) {
            accepted.set(id, runId);
            input.onAccepted?.(accepted.size);
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        }
      }
    }),
  );
  return accepted;
}

async function postOrder(url: string, id: number): Promise<string | undefined> {
  try {
    const res = await fetch(`${url}/webhook/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `order-${id}` },
      body: JSON.stringify({ id }),
    });
    if (res.status !== 202) return undefined;
    const body = (await res.json()) as { runId: string };
    return body.runId;
  } catch {
    return undefined;
  }
}

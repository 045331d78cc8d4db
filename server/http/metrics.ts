import type { RequestHandler } from 'express';
import { isRecord } from '../../runtime/engine/registry';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The Prometheus registry of one server, and the metrics the HTTP layer feeds. */
export interface Metrics {
  registry: Registry;
  httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
}

/**
 * A registry per server (not prom-client's global one) so two apps in one test process do not
 * collide. Other parts add their metrics with `registers: [metrics.registry]`.
 */
export function createMetrics(options: { collectProcessMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.collectProcessMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'musubi_' });
  const httpRequestDuration = new Histogram({
    name: 'musubi_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return { registry, httpRequestDuration };
}

/**
 * Times each request. The route label is the matched pattern (`/api/workflows/:id`), never the
 * raw path, so ids do not explode the number of series.
 */
export function httpMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpRequestDuration.startTimer();
    res.on('finish', () => {
      const route: unknown = Reflect.get(req, 'route');
      const pattern = isRecord(route) ? route.path : undefined;
      const label = typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
      end({ method: req.method, route: label, status: String(res.statusCode) });
    });
    next();
  };
}

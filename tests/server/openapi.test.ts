import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.dispose();
});

interface RouteEntry {
  method: string;
  path: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Every route of the app: routers are mounted at the root and declare full paths (server/routes/index.ts). */
function registeredRoutes(stack: unknown): RouteEntry[] {
  if (!Array.isArray(stack)) return [];
  const routes: RouteEntry[] = [];
  for (const layer of stack) {
    if (!isObject(layer)) continue;
    const route = layer.route;
    if (isObject(route) && typeof route.path === 'string' && isObject(route.methods)) {
      for (const [method, on] of Object.entries(route.methods)) {
        if (on === true && method !== '_all') routes.push({ method, path: route.path });
      }
    }
    const handle = layer.handle;
    if (typeof handle === 'function' && 'stack' in handle) routes.push(...registeredRoutes(handle.stack));
  }
  return routes;
}

describe('OpenAPI', () => {
  it('describes every registered route', async () => {
    const res = await request(t.app).get('/api/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    const documented = new Set<string>();
    for (const [path, item] of Object.entries<Record<string, unknown>>(res.body.paths)) {
      for (const method of Object.keys(item)) documented.add(`${method} ${path}`);
    }
    const routes = registeredRoutes(t.app.router.stack);
    expect(routes.length).toBeGreaterThan(20);
    const missing = routes
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
      .filter((entry) => !documented.has(entry));
    expect(missing, 'add these routes to server/openapi.ts').toEqual([]);
  });

  it('documents the error body and both ways to authenticate', async () => {
    const res = await request(t.app).get('/api/openapi.json').expect(200);
    expect(res.body.components.schemas.Error.required).toEqual(['error']);
    expect(Object.keys(res.body.components.securitySchemes)).toEqual(['bearerAuth', 'cookieAuth']);
    expect(res.body.paths['/api/workflows/{id}/publish'].post.responses['422']).toBeDefined();
  });
});

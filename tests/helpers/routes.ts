import type express from 'express';

/** One route an express app answers: an HTTP method (or ALL) and a path pattern. */
export interface MountedRoute {
  method: string;
  path: string;
}

/** The parts of express 5's router internals (the `router` package) a route walk reads. */
interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  rawPath?: string | string[];
  handle: { stack?: Layer[] };
}

/**
 * Every route mounted on `app`, found by walking its router stack (sub-routers included, with
 * their mount paths), sorted by path then method. Middleware without a route (static files,
 * error handlers, fallbacks) is not a route and is left out.
 */
export function mountedRoutes(app: express.Express): MountedRoute[] {
  const found: MountedRoute[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of [layer.route.path].flat()) {
          for (const method of Object.keys(layer.route.methods)) {
            found.push({ method: method === '_all' ? 'ALL' : method.toUpperCase(), path: prefix + path });
          }
        }
      } else if (layer.handle.stack) {
        for (const mount of [layer.rawPath ?? '/'].flat()) walk(layer.handle.stack, prefix + (mount === '/' ? '' : mount));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  const key = (r: MountedRoute) => `${r.path} ${r.method}`;
  return [...new Map(found.map((r) => [key(r), r])).values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

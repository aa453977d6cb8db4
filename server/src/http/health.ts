import { Router } from 'express';
import type { WorkerPool } from '../media/workerPool';
import type { CircleService } from '../services/circleService';
import type { Store } from '../store/types';

/** `GET /healthz`: 200 when workers run and the store answers, else 503, with details either way. */
export function healthRoutes(deps: { pool: WorkerPool; store: Store; circles: CircleService; nodeId: string }): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const workers = deps.pool.status();
    const storeOk = await deps.store.ping();
    const healthy = workers.length > 0 && storeOk;
    res.status(healthy ? 200 : 503).json({
      status: healthy ? 'ok' : 'degraded',
      nodeId: deps.nodeId,
      workers,
      store: { kind: deps.store.kind, ok: storeOk },
      ...deps.circles.stats(),
    });
  });
  return router;
}

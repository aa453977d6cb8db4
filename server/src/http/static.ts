import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

/**
 * Serves the built client. Client-side routes (`/`, `/c/<id>`, `/invite/<token>`, …) get index.html; hashed
 * assets are cached for long since their names change with their content.
 */
export function clientRoutes(clientDir: string): Router {
  const router = Router();
  const index = path.join(clientDir, 'index.html');
  router.use('/assets', express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
  router.use(express.static(clientDir, { index: false }));
  router.get(['/', '/c/:circleId', '/invite/:token', '/sign-in', '/home', '/settings', '/account-deleted', '/admin', '/admin/*rest', '/cohorts/*rest'], (_req, res) => {
    if (!fs.existsSync(index)) {
      res.status(503).type('text').send('The Hearth client is not built. Run `npm start`, which builds it.');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}

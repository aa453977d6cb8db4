import type { RequestHandler } from 'express';

/**
 * Powerful features and who may use them: camera and microphone for Hearth's own pages
 * only (no embedding page or frame gets them), and nothing Hearth does not use for
 * anyone, so an injected script or a framed page cannot reach them either. Features not
 * listed keep the browser's defaults (autoplay, for one, must stay allowed for remote
 * audio). Only names Chromium recognises, or it warns on every page load.
 */
export const PERMISSIONS_POLICY = [
  'camera=(self)',
  'microphone=(self)',
  ...[
    'accelerometer',
    'browsing-topics',
    'display-capture',
    'encrypted-media',
    'geolocation',
    'gyroscope',
    'hid',
    'idle-detection',
    'magnetometer',
    'midi',
    'payment',
    'publickey-credentials-get',
    'serial',
    'usb',
    'xr-spatial-tracking',
  ].map((feature) => `${feature}=()`),
].join(', ');

/** Sets `Permissions-Policy` on every response. */
export const permissionsPolicy: RequestHandler = (_req, res, next) => {
  res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
  next();
};

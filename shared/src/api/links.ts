/**
 * The path of a circle's page; with a hosted circle's link key, the path to share (`/c/<id>?k=<key>`).
 * One definition for the server (the links it hands out) and the client (the links it shows and follows).
 */
export function circlePath(circleId: string, linkKey?: string | null): string {
  const path = `/c/${encodeURIComponent(circleId)}`;
  return linkKey ? `${path}?k=${encodeURIComponent(linkKey)}` : path;
}

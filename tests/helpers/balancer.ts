import net from 'node:net';

/**
 * A TCP load balancer on loopback in front of several nodes: each connection goes to the
 * first upstream that accepts it, the next one when it refuses (as Caddy's `lb_policy first`
 * with dial retries does). Upstreams can be added after it started, so the nodes can be
 * given its URL as an allowed origin before they exist.
 */
export interface Balancer {
  /** `http://127.0.0.1:<port>`: the deployment's one URL. */
  url: string;
  /** `http://host:port` URLs, tried in order. */
  upstreams: string[];
  /** Upstream connections made so far, by upstream URL. */
  served: Map<string, number>;
  close(): Promise<void>;
}

export async function startBalancer(upstreams: string[] = []): Promise<Balancer> {
  const open = new Set<net.Socket>();
  const served = new Map<string, number>();
  const track = (s: net.Socket): void => {
    open.add(s);
    s.on('close', () => open.delete(s));
    s.on('error', () => undefined);
  };
  const server = net.createServer((client) => {
    track(client);
    client.pause();
    const attempt = (i: number): void => {
      const target = balancer.upstreams[i];
      if (target === undefined || client.destroyed) {
        client.destroy();
        return;
      }
      const { hostname, port } = new URL(target);
      const upstream = net.connect(Number(port), hostname);
      let connected = false;
      // Refused (the node is down): the next one. Errors once connected just close both.
      upstream.on('error', () => {
        if (!connected) attempt(i + 1);
      });
      upstream.once('connect', () => {
        connected = true;
        track(upstream);
        served.set(target, (served.get(target) ?? 0) + 1);
        client.pipe(upstream);
        upstream.pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.resume();
      });
    };
    attempt(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const balancer: Balancer = {
    url: `http://127.0.0.1:${port}`,
    upstreams,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
  return balancer;
}

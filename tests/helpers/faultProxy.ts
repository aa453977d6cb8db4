import net from 'node:net';

/**
 * A TCP proxy on loopback between a client and a Hearth node, to take the client's network
 * away for real: `blackhole()` silently drops every byte both ways (as a dead Wi-Fi or a
 * tunnel does: no FIN, no RST, so only heartbeats can notice), `cut()` resets every
 * connection, `restore()` forwards again (connections made during the outage included).
 */
export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: connect the client here. */
  url: string;
  blackhole(): void;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (an `http://host:port` URL). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const { hostname, port } = new URL(target);
  let dropping = false;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => undefined);
    }
    // While dropping, bytes read are thrown away: the other side waits forever.
    client.on('data', (d) => {
      if (!dropping) upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (!dropping) client.write(d);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${own}`,
    blackhole: () => {
      dropping = true;
    },
    cut: () => {
      for (const s of open) s.resetAndDestroy();
    },
    restore: () => {
      dropping = false;
    },
    close: async () => {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

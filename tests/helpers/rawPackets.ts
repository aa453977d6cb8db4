import type { TestSocket } from './server';

/*
 * socket.io packets written straight onto the engine.io connection, past the client's
 * encoder: to send what a real client library never would (depths its encoder cannot
 * walk, broken packet text, acks for events that do not exist).
 */

let nextAckId = 1_000_000;

/** Writes one raw socket.io packet (e.g. `2["event",{}]`: an EVENT; engine.io adds its own `4`) on the socket's connection. */
export function writePacket(socket: TestSocket, packet: string): void {
  (socket.io.engine as unknown as { write(data: string): void }).write(packet);
}

/**
 * Emits `event` with `payloadJson` (JSON text, sent as is) asking for an ack, and
 * resolves with the parsed ack arguments, or rejects after `ms` (or when `signal` aborts).
 */
export function rawRequest(socket: TestSocket, event: string, payloadJson: string, ms = 10_000, signal?: AbortSignal): Promise<unknown[]> {
  const id = nextAckId++;
  const engine = socket.io.engine as unknown as { on(ev: 'data', fn: (d: unknown) => void): void; off(ev: 'data', fn: (d: unknown) => void): void };
  return new Promise((resolve, reject) => {
    const prefix = `3${id}[`;
    const onData = (data: unknown): void => {
      if (typeof data !== 'string' || !data.startsWith(prefix)) return;
      clearTimeout(timer);
      engine.off('data', onData);
      resolve(JSON.parse(data.slice(prefix.length - 1)) as unknown[]);
    };
    const giveUp = (why: string) => {
      clearTimeout(timer);
      engine.off('data', onData);
      reject(new Error(`no ack for raw ${event}: ${why}`));
    };
    const timer = setTimeout(() => giveUp(`none within ${ms} ms`), ms);
    signal?.addEventListener('abort', () => giveUp('aborted'), { once: true });
    engine.on('data', onData);
    writePacket(socket, `2${id}[${JSON.stringify(event)},${payloadJson}]`);
  });
}

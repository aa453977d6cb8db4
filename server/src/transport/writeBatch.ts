/**
 * The parts of an engine.io connection that batching relies on: its websocket transport's
 * `writable` gate, its write buffer and `flush` (engine.io 6), and the TCP socket under ws.
 * Not in their public typings; anything missing and the connection is simply not batched.
 */
interface EngineConnection {
  transport: { name: string; writable: boolean; socket?: { _socket?: { cork(): void; uncork(): void } } };
  writeBuffer: unknown[];
  flush(): void;
}

function batchable(conn: unknown): conn is EngineConnection {
  const c = conn as Partial<EngineConnection> | undefined;
  return c?.transport?.name === 'websocket' && c.transport.writable === true && Array.isArray(c.writeBuffer) && typeof c.flush === 'function';
}

/**
 * Holds back what is sent to these connections until the returned function is called, then
 * sends each one's packets in one write. A command's fan-out sends every person several
 * messages (their view, then the events); without this each is a system call of its own.
 * Call both in one synchronous block: nothing else may run on the connections between them.
 *
 * A connection's transport with no write in flight is marked unwritable, so engine.io queues
 * the packets in its write buffer, as it does while a write is in flight; on release it flushes
 * them with the TCP socket corked, so ws's frames leave in one `writev`. Connections in the
 * middle of a write are left alone (engine.io already batches those when the write ends).
 */
export function holdWrites(connections: Iterable<unknown>): () => void {
  const held: EngineConnection[] = [];
  for (const conn of connections) {
    if (!batchable(conn)) continue;
    conn.transport.writable = false;
    held.push(conn);
  }
  return () => {
    for (const conn of held) {
      conn.transport.writable = true;
      if (conn.writeBuffer.length === 0) continue;
      const tcp = conn.transport.socket?._socket;
      tcp?.cork();
      try {
        conn.flush();
      } finally {
        tcp?.uncork();
      }
    }
  };
}

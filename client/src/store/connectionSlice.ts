import type { ConnectionSlice, SliceCreator } from './types';

/**
 * Connection slice. Reducers are fed by socket events (see net/bindSocket.ts); the UI
 * reads `connection.status` to show "Can't reach the Hearth server…" or "Please reload".
 */
export const createConnectionSlice: SliceCreator<ConnectionSlice> = (services) => (set, get) => ({
  connection: { status: 'connecting', failedAttempts: 0 },

  connectionChanged: (status) =>
    set((s) =>
      // A mismatch is final for this page: only a reload (new code) fixes it.
      s.connection.status === 'mismatch'
        ? s
        : { connection: { status, failedAttempts: status === 'connected' ? 0 : s.connection.failedAttempts } },
    ),

  connectFailed: (mismatch) =>
    set((s) =>
      s.connection.status === 'mismatch'
        ? s
        : { connection: { status: mismatch ? 'mismatch' : 'unreachable', failedAttempts: s.connection.failedAttempts + 1 } },
    ),

  retryConnection: () => {
    const { status } = get().connection;
    if (status === 'connected' || status === 'mismatch') return;
    services().reconnect();
  },
});

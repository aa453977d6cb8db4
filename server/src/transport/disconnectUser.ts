import type { HearthServer } from './socketTypes';

/**
 * Disconnects every socket signed in as `userId`, on every node (through the adapter):
 * an erased person's open tabs must not keep acting as them. Their disconnect handlers
 * run as for any closed connection (they leave their circle and its lobby). Returns how
 * many sockets were closed.
 */
export async function disconnectUser(io: HearthServer, userId: string): Promise<number> {
  const theirs = (await io.fetchSockets()).filter((s) => s.data.userId === userId);
  for (const socket of theirs) socket.disconnect(true);
  return theirs.length;
}

/**
 * Version of the wire contract. The client sends it in the socket.io handshake
 * (`auth.protocolVersion`); the server refuses a connection whose version differs,
 * so an old tab gets a clear "please reload" instead of undefined behaviour.
 */
export const PROTOCOL_VERSION = 1;

/** What the client puts in socket.io's `auth` handshake field. */
export interface HandshakeAuth {
  protocolVersion: number;
}

import { Decoder, Encoder as BaseEncoder, PacketType, type Packet } from 'socket.io-parser';

/**
 * A payload whose JSON text is already known (a view serialised once for many people): the
 * socket.io encoder below puts the text on the wire as it is instead of serialising again.
 * Only for this node's sockets (`io.local`): the Redis adapter would msgpack it as an object.
 */
export class PreEncodedJson {
  constructor(readonly json: string) {}
}

/** socket.io-parser's encoder, except that an event carrying {@link PreEncodedJson} is not serialised again. */
class Encoder extends BaseEncoder {
  override encode(packet: Packet): ReturnType<BaseEncoder['encode']> {
    const data: unknown = packet.data;
    if (packet.type === PacketType.EVENT && Array.isArray(data) && data.length === 2 && data[1] instanceof PreEncodedJson) {
      // The same text socket.io-parser writes: type, namespace unless "/", ack id, then the JSON array.
      let text = String(packet.type);
      if (packet.nsp && packet.nsp !== '/') text += `${packet.nsp},`;
      if (packet.id !== undefined && packet.id !== null) text += String(packet.id);
      return [`${text}[${JSON.stringify(data[0])},${data[1].json}]`];
    }
    return super.encode(packet);
  }
}

/** The socket.io parser of Hearth's server (the `parser` option): the standard wire format, with pre-encoded payloads. */
export const hearthParser = { Encoder, Decoder };

import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import { hearthParser, PreEncodedJson } from './preEncoded';

const view = { circleId: 'c1', version: 7, you: null, participants: [{ id: 'a', name: 'Ä "quoted" \u2028' }], removed: undefined };

function decoded(text: string): Packet {
  const decoder = new Decoder();
  let out: Packet | undefined;
  decoder.on('decoded', (p: Packet) => (out = p));
  decoder.add(text);
  return out!;
}

describe('hearthParser', () => {
  const standard = new Encoder();
  const ours = new hearthParser.Encoder();

  it.each([
    ['the main namespace', { type: PacketType.EVENT, nsp: '/' }],
    ['another namespace', { type: PacketType.EVENT, nsp: '/admin' }],
    ['an event with an ack id', { type: PacketType.EVENT, nsp: '/', id: 12 }],
  ])('writes a pre-encoded payload exactly as socket.io-parser writes the object (%s)', (_, base) => {
    const json = JSON.stringify(view);
    const text = ours.encode({ ...base, data: ['circleState', new PreEncodedJson(json)] });
    expect(text).toEqual(standard.encode({ ...base, data: ['circleState', view] }));
    expect(decoded(text[0] as string).data).toEqual(['circleState', JSON.parse(json)]);
  });

  it('encodes everything else as socket.io-parser does (binary included)', () => {
    const plain: Packet = { type: PacketType.EVENT, nsp: '/', data: ['circleEvent', { type: 'floorGranted', to: 'a' }] };
    expect(ours.encode(plain)).toEqual(standard.encode(plain));
    const binary: Packet = { type: PacketType.EVENT, nsp: '/', data: ['x', Buffer.from([1, 2, 3])] };
    expect(ours.encode(binary)).toEqual(standard.encode(binary));
    const ack: Packet = { type: PacketType.ACK, nsp: '/', id: 3, data: [{ ok: true, data: { version: 2 } }] };
    expect(ours.encode(ack)).toEqual(standard.encode(ack));
  });
});

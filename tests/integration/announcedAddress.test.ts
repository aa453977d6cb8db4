import { connectClient, requestOk, startTestServer, type TestServer } from '../helpers/server';

jest.setTimeout(30_000);

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

it('announces the address a hostname RTC_ANNOUNCED_IP resolves to, in every ICE candidate', async () => {
  server = await startTestServer({ RTC_ANNOUNCED_IP: 'localhost' });
  const socket = await connectClient(server.url);
  try {
    await requestOk(socket, 'joinCircle', { circleId: 'announced-1', displayName: 'Ada' });
    const transport = await requestOk(socket, 'createTransport', { direction: 'recv' });
    const addresses = (transport.iceCandidates as Array<{ address: string }>).map((c) => c.address);
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(['127.0.0.1', '::1']).toContain(address);
  } finally {
    socket.disconnect();
  }
});

// A name that does not resolve fails the start: unit-tested (announcedAddress.test.ts), since asking DNS here would leave loopback.

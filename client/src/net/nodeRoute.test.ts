import { nodeRoute, type ManagerTarget } from './nodeRoute';

/** A stand-in for socket.io's Manager: where it connects next, and its `error` listeners. */
function fakeManager(uri = 'https://hearth.example', path = '/socket.io'): ManagerTarget & { fail(): void } {
  const listeners: (() => void)[] = [];
  return {
    uri,
    opts: { path },
    on: (_event, listener) => listeners.push(listener),
    fail: () => listeners.forEach((l) => l()),
  };
}

describe('nodeRoute', () => {
  it('points the next connection at the node MOVED names, with its path prefix', () => {
    const m = fakeManager();
    const route = nodeRoute(m);
    route.moveTo('https://hearth.example/n/node-2/', 'https://hearth.example/c/x');
    expect([m.uri, m.opts.path, route.moved]).toEqual(['https://hearth.example', '/n/node-2/socket.io', true]);
    route.moveTo('http://10.0.0.7:3000', 'https://hearth.example/c/x');
    expect([m.uri, m.opts.path]).toEqual(['http://10.0.0.7:3000', '/socket.io']);
  });

  it('goes back to the entry once the node it moved to cannot be reached', () => {
    const m = fakeManager();
    const route = nodeRoute(m);
    route.moveTo('/n/node-2', 'https://hearth.example/c/x');
    m.fail();
    expect([m.uri, m.opts.path, route.moved]).toEqual(['https://hearth.example', '/socket.io', false]);
    // At the entry, failures change nothing: socket.io keeps retrying the one URL.
    m.fail();
    expect([m.uri, m.opts.path]).toEqual(['https://hearth.example', '/socket.io']);
    // Sent on again (the new home): followed as before.
    route.moveTo('/n/node-3', 'https://hearth.example/c/x');
    expect([m.opts.path, route.moved]).toEqual(['/n/node-3/socket.io', true]);
  });

  it('a MOVED to the entry itself is not a move', () => {
    const m = fakeManager('http://127.0.0.1:4000');
    const route = nodeRoute(m);
    route.moveTo('http://127.0.0.1:4000/', 'http://127.0.0.1:4000/c/x');
    expect(route.moved).toBe(false);
  });
});

import type { ChatMessage } from '@hearth/shared';
import { RequestError } from '../net/request';
import { fakeServices, joinedCircle } from '../test/fakeServices';
import { createHearthStore } from './createStore';

const message = (over: Partial<ChatMessage> = {}): ChatMessage => ({ id: 'm1', circleId: 'circle1', from: 'p2', fromName: 'Bo', to: 'everyone', text: 'hello', at: 1, ...over });

async function inCircle(overrides = {}) {
  const services = fakeServices({ joinCircle: async () => joinedCircle(), ...overrides });
  const store = createHearthStore(() => services);
  store.getState().navigate('/c/circle1', { replace: true });
  store.getState().connectionChanged('connected');
  await store.getState().join('Ada');
  return { store, services };
}

describe('chat slice: ephemeral', () => {
  it('keeps messages of this circle while here, once each, and forgets them on leaving', async () => {
    const { store } = await inCircle();
    store.getState().onChatMessage(message());
    store.getState().onChatMessage(message());
    store.getState().onChatMessage(message({ id: 'm2', circleId: 'elsewhere' }));
    expect(store.getState().chat.messages.map((m) => m.id)).toEqual(['m1']);
    await store.getState().leave();
    expect(store.getState().chat.messages).toEqual([]);
    // Nothing arrives for a circle we left.
    store.getState().onChatMessage(message({ id: 'm3' }));
    expect(store.getState().chat.messages).toEqual([]);
  });

  it('checks the text before sending and shows the server’s reason when refused', async () => {
    const { store, services } = await inCircle({
      sendChat: async () => {
        throw new RequestError('NOT_ALLOWED', 'The facilitators have turned chat off for now.');
      },
    });
    expect(await store.getState().sendChat('   ', 'everyone')).toBe(false);
    expect(services.calls.some(([n]) => n === 'sendChat')).toBe(false);
    expect(await store.getState().sendChat('hi', 'everyone')).toBe(false);
    expect(store.getState().chat.error).toBe('The facilitators have turned chat off for now.');
  });

  it('sends the trimmed text to whom was chosen', async () => {
    const { store, services } = await inCircle();
    expect(await store.getState().sendChat('  see you  ', 'facilitators')).toBe(true);
    expect(services.calls.find(([n]) => n === 'sendChat')).toEqual(['sendChat', { text: 'see you', to: 'facilitators' }]);
  });
});

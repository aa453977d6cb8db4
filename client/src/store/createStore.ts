import { createStore, type StoreApi } from 'zustand/vanilla';
import { createAccessSlice } from './accessSlice';
import { createAccountSlice } from './accountSlice';
import { createChatSlice } from './chatSlice';
import { createCircleSlice } from './circleSlice';
import { createCohortsSlice } from './cohortsSlice';
import { createConnectionSlice } from './connectionSlice';
import { createHostedSlice } from './hostedSlice';
import { createLinkSlice } from './linkSlice';
import { createLobbySlice } from './lobbySlice';
import { createMediaSlice } from './mediaSlice';
import { createReceiveSlice } from './receiveSlice';
import { createRulesSlice } from './rulesSlice';
import { createVisitSlice } from './visitSlice';
import type { HearthServices, HearthState } from './types';
import { createUiSlice } from './uiSlice';

/** The Hearth store's vanilla API (usable outside React and in unit tests). */
export type HearthStore = StoreApi<HearthState>;

/**
 * Builds the single Hearth store from its slices. `services` is a getter because the
 * real services (socket, mediasoup session) need the store to exist first.
 */
export function createHearthStore(services: () => HearthServices): HearthStore {
  return createStore<HearthState>()((...a) => ({
    ...createConnectionSlice(services)(...a),
    ...createCircleSlice(services)(...a),
    ...createMediaSlice(services)(...a),
    ...createUiSlice(services)(...a),
    ...createVisitSlice(services)(...a),
    ...createRulesSlice(services)(...a),
    ...createAccountSlice(services)(...a),
    ...createCohortsSlice(services)(...a),
    ...createAccessSlice(services)(...a),
    ...createLobbySlice(services)(...a),
    ...createHostedSlice(services)(...a),
    ...createChatSlice(services)(...a),
    ...createReceiveSlice(services)(...a),
    ...createLinkSlice(services)(...a),
  }));
}

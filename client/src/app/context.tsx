import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { HearthState } from '../store/types';
import type { Hearth } from './hearth';

const HearthContext = createContext<Hearth | null>(null);

/** Makes the running client available to components. */
export function HearthProvider({ hearth, children }: { hearth: Hearth; children: ReactNode }) {
  return <HearthContext.Provider value={hearth}>{children}</HearthContext.Provider>;
}

function useHearthInstance(): Hearth {
  const hearth = useContext(HearthContext);
  if (!hearth) throw new Error('useHearth must be used inside <HearthProvider>');
  return hearth;
}

/**
 * Selects from the Hearth store. Selectors must return stable values (a primitive, a
 * slice object, an action, or a memoised selector such as `selectTiles`).
 */
export function useHearth<T>(selector: (state: HearthState) => T): T {
  return useStore(useHearthInstance().store, selector);
}

/** The HTTP API, for page-local data that has no place in the store (an invite being opened). */
export function useApi(): Hearth['api'] {
  return useHearthInstance().api;
}

/** The store itself, for code that reads it outside rendering (keyboard shortcuts). */
export function useHearthStore(): Hearth['store'] {
  return useHearthInstance().store;
}

/** The live MediaStreamTrack under a registry key, re-rendering when it changes. */
export function useTrack(key: string | null): MediaStreamTrack | null {
  const { tracks } = useHearthInstance();
  return useSyncExternalStore(tracks.subscribe, () => (key ? tracks.get(key) : null));
}

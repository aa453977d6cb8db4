import type { Route } from '../lib/route';
import { parseRoute } from '../lib/route';
import type { SliceCreator, UiSlice } from './types';

/** At most this many errors stay on screen; older ones are dropped first. */
const MAX_ERRORS = 3;

/**
 * UI slice: the current route, the alert region's errors and polite announcements.
 * `routeChanged` is where leaving a circle page releases the camera and the circle.
 */
export const createUiSlice: SliceCreator<UiSlice> = (services) => (set, get) => {
  let nextErrorId = 1;

  return {
    ui: { route: { name: 'welcome' }, errors: [], announcement: '', farewell: null },

    navigate: (path, options) => {
      if (options?.replace) services().replacePath(path);
      else services().pushPath(path);
      get().routeChanged(parseRoute(path));
    },

    routeChanged: (route: Route) => {
      const prev = get().ui.route;
      const sameCircle = prev.name === 'circle' && route.name === 'circle' && prev.circleId === route.circleId;
      if (prev.name === 'circle' && !sameCircle) {
        // Leaving a circle page (Back button, link): leave the circle and free the camera.
        void get().leave();
        void get().stopWaiting();
        get().stopPreview();
        get().resetAccess();
      }
      set((s) => ({ ui: { ...s.ui, route, errors: sameCircle ? s.ui.errors : [], farewell: sameCircle ? s.ui.farewell : null } }));
    },

    pushError: (message, code = null) =>
      set((s) => {
        // The same message twice in a row adds nothing but noise.
        if (s.ui.errors.some((e) => e.message === message)) return s;
        const errors = [...s.ui.errors, { id: nextErrorId++, code, message }].slice(-MAX_ERRORS);
        return { ui: { ...s.ui, errors } };
      }),

    dismissError: (id) => set((s) => ({ ui: { ...s.ui, errors: s.ui.errors.filter((e) => e.id !== id) } })),

    clearErrors: () => set((s) => ({ ui: { ...s.ui, errors: [] } })),

    announce: (message) => set((s) => ({ ui: { ...s.ui, announcement: message } })),

    showFarewell: (message) => set((s) => ({ ui: { ...s.ui, farewell: message } })),
  };
};

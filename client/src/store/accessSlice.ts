import { sessionAccessOf } from '../lib/circleAccess';
import { routeLinkKey } from '../lib/route';
import type { AccessSlice, AccessState } from './accessTypes';
import { attemptWith } from './apiResult';
import type { SliceCreator } from './types';

/** Nothing checked yet. */
export const initialAccess: AccessState = {
  circleId: null,
  status: 'idle',
  view: null,
  error: null,
  loadedAt: 0,
  affirmed: false,
  accepting: false,
};

/**
 * Access slice: before the pre-join screen shows anything, the circle page asks the
 * server what the circle is. Ordinary ad-hoc circles are `open`; a hosted circle comes
 * with its name and this person's role (its link's `?k=` is sent along); a cohort
 * session's circle comes with its cohort, window, agreement and lobby. Replies for a circle the
 * person already left are dropped.
 */
export const createAccessSlice: SliceCreator<AccessSlice> = (services) => (set, get) => {
  const attempt = attemptWith(services, get);
  const patch = (fn: (a: AccessState) => Partial<AccessState>) => set((s) => ({ access: { ...s.access, ...fn(s.access) } }));

  return {
    access: initialAccess,

    loadAccess: async (circleId) => {
      const same = get().access.circleId === circleId;
      // A new circle starts from nothing: its checkbox is this session's, not another's.
      patch(() => (same ? { status: 'loading', error: null } : { ...initialAccess, circleId, status: 'loading' }));
      // A hosted circle's guests are let in by the key of the link they opened.
      const linkKey = routeLinkKey(get().ui.route, circleId);
      const result = await attempt(
        (api) => api.circleAccess(circleId, linkKey),
        // With a key, a 404 means the link was replaced or revoked (or never was one).
        linkKey ? { NOT_FOUND: 'This link no longer works: ask the person who shared it for a new one.' } : undefined,
      );
      if (get().access.circleId !== circleId) return;
      if (result.ok) {
        patch(() => ({ status: 'ready', view: result.data, error: null, loadedAt: Date.now() }));
      } else {
        // A failed re-check keeps what was shown; the page decides by the code what to say.
        patch(() => ({ status: 'error', error: { code: result.code, message: result.message }, loadedAt: Date.now() }));
      }
    },

    acceptCircleAgreement: async () => {
      const { circleId } = get().access;
      const view = sessionAccessOf(get().access, circleId);
      if (!view || circleId === null) return { ok: false, code: 'NOT_FOUND', message: 'There is no agreement to accept here.' };
      if (get().access.accepting) return { ok: false, code: 'CONFLICT', message: 'Already sending your acceptance…' };
      patch(() => ({ accepting: true }));
      const result = await get().acceptAgreement(view.cohort.id, view.agreement.version);
      if (get().access.circleId !== circleId) return result;
      patch(() => ({ accepting: false }));
      // On success the check now says accepted; on CONFLICT it brings the newer text.
      await get().loadAccess(circleId);
      return result;
    },

    setAffirmed: (affirmed) => patch(() => ({ affirmed })),

    resetAccess: () => set({ access: initialAccess }),
  };
};

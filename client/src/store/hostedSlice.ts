import type { HostedCircleLink } from '@hearth/shared';
import { circleLinkPath, circlePath } from '../lib/route';
import type { ApiResult } from './accountTypes';
import type { HostedLinkState, HostedSlice } from './accessTypes';
import { attemptWith } from './apiResult';
import type { SliceCreator } from './types';

/** No hosted circle started or changed in this tab. */
export const initialHosted: HostedLinkState = { circleId: null, name: '', url: null, busy: null };

/**
 * Hosted slice: a signed-in person starts a circle of their own (outside any cohort) and
 * shares its link; as its creator they can replace the link (the old one stops working)
 * or revoke it. The address bar follows the current link, so a reload keeps working and
 * the old key is not left lying in the history entry.
 */
export const createHostedSlice: SliceCreator<HostedSlice> = (services) => (set, get) => {
  const attempt = attemptWith(services, get);
  const patch = (p: Partial<HostedLinkState>) => set((s) => ({ hosted: { ...s.hosted, ...p } }));

  /** After a replace or revoke: the circle's page shows the current key (or none). */
  const followLink = (link: HostedCircleLink) => {
    const { route } = get().ui;
    if (route.name !== 'circle' || route.circleId !== link.circleId) return;
    get().navigate((link.url ? circleLinkPath(link.url) : null) ?? circlePath(link.circleId), { replace: true });
  };

  const change = async (circleId: string, revoke: boolean): Promise<ApiResult<HostedCircleLink>> => {
    if (get().hosted.busy) return { ok: false, code: 'CONFLICT', message: 'Already changing the link…' };
    patch({ busy: revoke ? 'revoke' : 'replace' });
    const result = await attempt((api) => api.rotateHostedLink(circleId, revoke), {
      NOT_FOUND: 'Only the person who started this circle can change its link.',
    });
    patch({ busy: null });
    if (result.ok) {
      patch({ circleId, name: result.data.name, url: result.data.url });
      followLink(result.data);
      get().announce(result.data.url ? 'New link ready. The old link no longer works.' : 'Link revoked. Nobody new can join with it.');
    }
    return result;
  };

  return {
    hosted: initialHosted,

    startHostedCircle: async (rawName) => {
      const name = rawName.trim();
      if (!name) return { ok: false, code: 'INVALID_PAYLOAD', message: 'Please give the circle a name.' };
      if (name.length > 80) return { ok: false, code: 'INVALID_PAYLOAD', message: 'Please keep the name to 80 characters.' };
      if (get().hosted.busy) return { ok: false, code: 'CONFLICT', message: 'Already starting your circle…' };
      patch({ busy: 'create' });
      const result = await attempt((api) => api.createHostedCircle(name));
      patch({ busy: null });
      if (result.ok) {
        const link = result.data;
        patch({ circleId: link.circleId, name: link.name, url: link.url });
        get().navigate((link.url ? circleLinkPath(link.url) : null) ?? circlePath(link.circleId));
      }
      return result;
    },

    replaceHostedLink: (circleId) => change(circleId, false),
    revokeHostedLink: (circleId) => change(circleId, true),

    endHostedCircle: async (circleId) => {
      if (get().hosted.busy) return { ok: false, code: 'CONFLICT', message: 'Already changing this circle…' };
      patch({ busy: 'end' });
      const result = await attempt((api) => api.endHostedCircle(circleId), {
        NOT_FOUND: 'Only the person who started this circle can end it.',
      });
      patch({ busy: null });
      if (!result.ok) return result;
      set({ hosted: initialHosted });
      get().announce('Circle ended. Its link no longer works.');
      // Still inside: stay until leaving. On its pre-join page there is nothing left to join.
      if (get().circle.phase === 'idle') get().navigate('/');
      return result;
    },
  };
};

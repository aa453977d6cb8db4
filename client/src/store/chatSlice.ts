import { sendChatSchema, type ChatMessage } from '@hearth/shared';
import type { ChatSlice, ChatState, SliceCreator } from './types';

/** Messages kept on screen (in memory only); older ones scroll away for good. */
const MAX_MESSAGES = 200;

/** No messages. */
export const initialChat: ChatState = { messages: [], sending: false, error: null };

/**
 * Chat slice: the circle's ephemeral text chat. Messages live in this store only while
 * we are in the circle — never in localStorage, sessionStorage or IndexedDB — and are
 * dropped the moment the visit ends (`clearChat`, from `circleReset`).
 */
export const createChatSlice: SliceCreator<ChatSlice> = (services) => (set, get) => {
  const patch = (fn: (c: ChatState) => Partial<ChatState>) => set((s) => ({ chat: { ...s.chat, ...fn(s.chat) } }));
  return {
    chat: initialChat,

    sendChat: async (text, to) => {
      if (get().circle.phase !== 'joined' || get().chat.sending) return false;
      const parsed = sendChatSchema.safeParse({ text, to });
      if (!parsed.success) {
        patch(() => ({ error: parsed.error.issues[0]?.message ? `Please ${parsed.error.issues[0].message}.` : 'That message cannot be sent.' }));
        return false;
      }
      patch(() => ({ sending: true, error: null }));
      try {
        await services().request('sendChat', parsed.data);
        return true;
      } catch (err) {
        const message = err instanceof Error && err.message ? err.message : "Couldn't send that. Please try again.";
        // The server's words (chat off, too fast) are written for people: show them as they are.
        patch(() => ({ error: message }));
        return false;
      } finally {
        patch(() => ({ sending: false }));
      }
    },

    onChatMessage: (message: ChatMessage) => {
      const { phase, circleId } = get().circle;
      if ((phase !== 'joined' && phase !== 'joining') || message.circleId !== circleId) return;
      if (get().chat.messages.some((m) => m.id === message.id)) return;
      patch((c) => ({ messages: [...c.messages, message].slice(-MAX_MESSAGES) }));
    },

    clearChat: () => set({ chat: initialChat }),
  };
};

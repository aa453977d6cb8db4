import type { Logger } from '../logger';
import type { CircleChat } from '../services/chat';
import { handle } from './handle';
import type { HearthSocket } from './socketTypes';

/** `sendChat`: relayed, never stored or logged (the handler logs nothing about it). */
export function registerChatHandlers(socket: HearthSocket, chat: CircleChat, logger: Logger): void {
  handle(socket, logger, 'sendChat', (payload, { peerId }) => chat.send(peerId, payload));
}

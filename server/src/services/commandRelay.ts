import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { CircleCommand, ErrorCode } from '@hearth/shared';
import { DomainError } from '../errors';
import type { Logger } from '../logger';
import type { Applied } from './rulesService';

/** A rules command sent to the circle's home by the node that received it. */
export interface ForwardedCommand {
  circleId: string;
  actorId: string;
  command: CircleCommand;
  /** Always set when forwarded: the home applies a retried one once. */
  commandId: string;
}

/** How commands reach a circle's home on another node. */
export interface CommandRelay {
  /** Sends the command to `nodeId` and resolves with what it applied (or rejects with its refusal). */
  send(nodeId: string, command: Omit<ForwardedCommand, 'commandId'> & { commandId?: string }): Promise<Applied>;
  /** Stops listening. Idempotent. */
  close(): Promise<void>;
}

/** How long one attempt waits for the home's answer, and how many attempts in all. */
const ATTEMPT_TIMEOUT_MS = 2_000;
const ATTEMPTS = 3;

type Message =
  | { kind: 'request'; id: string; from: string; body: ForwardedCommand }
  | { kind: 'reply'; id: string; applied?: Applied; error?: { code: ErrorCode; message: string } };

const channelOf = (nodeId: string) => `hearth:relay:${nodeId}`;

/**
 * Commands forwarded between nodes over Redis pub/sub: each node listens on its own channel;
 * a request names the sender's channel for the reply. A lost request or reply is retried
 * with the same command id, which the home's rules state deduplicates, so a command is
 * applied once and acknowledged once however often it travelled.
 */
export function createRedisRelay(opts: {
  pub: Redis;
  sub: Redis;
  nodeId: string;
  logger: Logger;
  /** Applies a command forwarded to this node (it must be the circle's home). */
  handle: (command: ForwardedCommand) => Promise<Applied>;
  /** Counts forwarded commands (metrics). */
  onForward?: (direction: 'sent' | 'received') => void;
}): CommandRelay {
  const { pub, sub, nodeId, logger } = opts;
  const waiting = new Map<string, { resolve: (m: Message & { kind: 'reply' }) => void }>();
  const ready = sub.subscribe(channelOf(nodeId));
  sub.on('message', (_channel: string, raw: string) => {
    let message: Message;
    try {
      message = JSON.parse(raw) as Message;
    } catch {
      return;
    }
    if (message.kind === 'reply') {
      waiting.get(message.id)?.resolve(message);
      return;
    }
    opts.onForward?.('received');
    const { id, from, body } = message;
    opts.handle(body).then(
      (applied) => void pub.publish(channelOf(from), JSON.stringify({ kind: 'reply', id, applied } satisfies Message)).catch(() => undefined),
      (err: unknown) => {
        const error = err instanceof DomainError ? { code: err.code, message: err.message } : { code: 'INTERNAL' as const, message: 'The circle could not apply that command.' };
        if (!(err instanceof DomainError)) logger.warn({ err }, 'a forwarded command failed');
        void pub.publish(channelOf(from), JSON.stringify({ kind: 'reply', id, error } satisfies Message)).catch(() => undefined);
      },
    );
  });

  const attempt = (to: string, body: ForwardedCommand): Promise<Message & { kind: 'reply' }> =>
    new Promise((resolve, reject) => {
      const id = randomUUID();
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error('timeout'));
      }, ATTEMPT_TIMEOUT_MS);
      waiting.set(id, {
        resolve: (m) => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve(m);
        },
      });
      pub.publish(channelOf(to), JSON.stringify({ kind: 'request', id, from: nodeId, body } satisfies Message)).catch((err: unknown) => {
        clearTimeout(timer);
        waiting.delete(id);
        reject(err instanceof Error ? err : new Error(String(err)));
      });
    });

  return {
    async send(to, command) {
      await ready;
      const body: ForwardedCommand = { ...command, commandId: command.commandId ?? randomUUID() };
      for (let i = 1; i <= ATTEMPTS; i++) {
        opts.onForward?.('sent');
        const reply = await attempt(to, body).catch(() => null);
        if (!reply) continue;
        if (reply.error) throw new DomainError(reply.error.code, reply.error.message);
        return reply.applied!;
      }
      throw new DomainError('UNAVAILABLE', 'The server hosting this circle did not answer; trying again shortly.');
    },
    async close() {
      for (const w of waiting.values()) w.resolve({ kind: 'reply', id: '', error: { code: 'UNAVAILABLE', message: 'shutting down' } });
      await sub.unsubscribe().catch(() => undefined);
    },
  };
}

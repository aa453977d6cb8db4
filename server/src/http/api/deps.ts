import type { SignInLimits } from '../../accounts/rateLimit';
import type { Logger } from '../../logger';
import type { Store } from '../../store/types';

/** What the HTTP API needs from the node that mounts it. */
export interface ApiDeps {
  store: Store;
  logger: Pick<Logger, 'error' | 'warn' | 'info' | 'debug'>;
  /** Epoch ms; injected so tests can move time (invite expiry, join windows). */
  clock: () => number;
  config: {
    /** Mark the session cookie Secure (set whenever Hearth is served over https). */
    secureCookies: boolean;
    /** Origin people reach Hearth at, e.g. "https://hearth.example.org": used in invite and calendar links. */
    publicUrl: string;
    /** Overrides of the sign-in rate limits (tests, unusual deployments). */
    signInLimits?: Partial<SignInLimits>;
    /** How long attendance is kept after a session's latest join (default: 400 days). */
    attendanceRetentionMs?: number;
  };
  /**
   * Called after a person's account was erased, to end what the API cannot reach: their
   * live socket connections on every node.
   */
  onUserErased?: (userId: string) => Promise<void>;
}

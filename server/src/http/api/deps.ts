import type { Logger } from '../../logger';
import type { RecordsDeps } from '../../records';

/** What the HTTP API needs from the node that mounts it: what its records are built on, and more. */
export interface ApiDeps extends RecordsDeps {
  logger: Pick<Logger, 'error' | 'warn' | 'info' | 'debug'>;
  config: RecordsDeps['config'] & {
    /** Mark the sign-in cookie Secure (set whenever Hearth is served over https). */
    secureCookies: boolean;
  };
}

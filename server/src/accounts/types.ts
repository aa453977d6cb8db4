/** A person's account. The password hash lives under its own key, never in here. */
export interface UserRecord {
  id: string;
  /** Lower-cased; unique (see keys.userByEmail). */
  email: string;
  name: string;
  /** Site-wide administrator. */
  isAdmin: boolean;
  /** Preferred zone for showing times; null: each cohort's own zone. */
  timeZone: string | null;
  /**
   * The secret of the personal calendar feed. Kept readable (unlike session and invite
   * secrets) so the person can copy their subscription URL again: it only grants reading
   * session times that anyone able to read the store can read anyway.
   */
  icalToken: string;
  /** When the current calendar token was issued (absent on accounts made before it was kept). */
  icalTokenIssuedAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** The authenticated person as the socket layer and route handlers see them. */
export interface AuthedUser {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  timeZone: string | null;
}

/** A signed-in browser. Stored per hash of the cookie value. */
export interface SignIn {
  userId: string;
  /** Synchronizer token: required as x-csrf-token on cookie-authenticated writes. */
  csrfToken: string;
  createdAt: string;
  /** Epoch ms; the session lapses then unless used again (sliding expiry). */
  expiresAt: number;
  /** Epoch ms of the last expiry extension, so busy sessions are not rewritten on every request. */
  refreshedAt: number;
}

/** Strips a user record to what may be handed around. */
export function toAuthedUser(user: UserRecord): AuthedUser {
  return { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin, timeZone: user.timeZone };
}

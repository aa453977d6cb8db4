import type { SessionRecord } from '../sessions';

/** Absolute links Hearth hands out, built from the configured public URL. */
export class Urls {
  private readonly base: string;

  constructor(publicUrl: string) {
    this.base = publicUrl.replace(/\/+$/, '');
  }

  /** The page where an invite is accepted (client route). */
  invite(token: string): string {
    return `${this.base}/invite/${token}`;
  }

  /** A person's calendar subscription. */
  userCalendar(token: string): string {
    return `${this.base}/ical/u/${token}.ics`;
  }

  /** A cohort's calendar subscription (facilitators and admins). */
  cohortCalendar(token: string): string {
    return `${this.base}/ical/c/${token}.ics`;
  }

  /** Where a session is joined: its circle, whose id is the session id. */
  circle(session: Pick<SessionRecord, 'id'>): string {
    return `${this.base}/c/${session.id}`;
  }
}

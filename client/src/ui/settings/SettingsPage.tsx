import { useEffect, useRef } from 'react';
import { useHearth } from '../../app/context';
import { TimeZoneSettings } from '../home/TimeZoneSettings';
import { DeleteAccountSection } from './DeleteAccountSection';
import { MyDataSection } from './MyDataSection';

/**
 * `/settings`: my account (name, email, time zone) and my data: what Hearth keeps,
 * "Download my data" (everything, as JSON) and "Delete my account" (after a confirm step
 * that asks for the password).
 */
export function SettingsPage() {
  const me = useHearth((s) => s.account.me);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  if (!me) return null;

  return (
    <div className="page settings">
      <header className="page-header">
        <h1 ref={heading} tabIndex={-1}>
          Settings
        </h1>
        <p className="lede">Your account, and the data Hearth keeps about you.</p>
      </header>
      <div className="home-grid">
        <div className="settings-main">
          <MyDataSection />
          <DeleteAccountSection />
        </div>
        <aside className="home-aside" aria-label="Account">
          <section className="card" aria-labelledby="account-title">
            <h2 id="account-title">Your account</h2>
            <dl className="facts">
              <dt>Name</dt>
              <dd>{me.name}</dd>
              <dt>Email</dt>
              <dd>{me.email}</dd>
              {me.isAdmin ? (
                <>
                  <dt>Role</dt>
                  <dd>Admin</dd>
                </>
              ) : null}
            </dl>
          </section>
          <TimeZoneSettings title="Time zone" />
        </aside>
      </div>
    </div>
  );
}

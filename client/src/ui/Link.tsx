import type { ComponentPropsWithoutRef, MouseEvent } from 'react';
import { useHearth } from '../app/context';

/**
 * An in-app link: a real <a href> (so it can be opened in a new tab, copied, read by
 * screen readers as a link) that navigates without reloading on a plain click.
 */
export function Link({ to, onClick, ...rest }: Omit<ComponentPropsWithoutRef<'a'>, 'href'> & { to: string }) {
  const navigate = useHearth((s) => s.navigate);
  const go = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    // A modified click (new tab, new window) keeps the browser's own behaviour.
    if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
    e.preventDefault();
    navigate(to);
  };
  return <a {...rest} href={to} onClick={go} />;
}

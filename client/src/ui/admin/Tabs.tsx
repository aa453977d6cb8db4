import { useRef, type KeyboardEvent, type ReactNode } from 'react';

/**
 * WAI-ARIA tabs: one tab stop for the whole list, arrow keys / Home / End move between
 * tabs and select them (each tab is a page section with its own address).
 */
export function Tabs<T extends string>({
  label,
  tabs,
  labels,
  active,
  onSelect,
  idPrefix,
  children,
}: {
  label: string;
  tabs: readonly T[];
  labels: Record<T, string>;
  active: T;
  onSelect(tab: T): void;
  idPrefix: string;
  children: ReactNode;
}) {
  const refs = useRef(new Map<T, HTMLButtonElement>());
  const move = (e: KeyboardEvent, from: T) => {
    const i = tabs.indexOf(from);
    const to =
      e.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length] : e.key === 'ArrowLeft' ? tabs[(i - 1 + tabs.length) % tabs.length] : e.key === 'Home' ? tabs[0] : e.key === 'End' ? tabs[tabs.length - 1] : undefined;
    if (to === undefined) return;
    e.preventDefault();
    onSelect(to);
    refs.current.get(to)?.focus();
  };
  return (
    <>
      <div role="tablist" aria-label={label} className="tabs">
        {tabs.map((t) => (
          <button
            key={t}
            ref={(el) => {
              if (el) refs.current.set(t, el);
              else refs.current.delete(t);
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${t}`}
            aria-selected={t === active}
            aria-controls={`${idPrefix}-panel`}
            tabIndex={t === active ? 0 : -1}
            className="tab"
            onClick={() => onSelect(t)}
            onKeyDown={(e) => move(e, t)}
          >
            {labels[t]}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${idPrefix}-panel`} aria-labelledby={`${idPrefix}-tab-${active}`} className="tabpanel" tabIndex={0}>
        {children}
      </div>
    </>
  );
}

import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

/** One entry of a {@link MenuButton}'s menu. */
export interface MenuItem {
  key: string;
  label: string;
  icon?: ReactNode;
  /** Destructive actions are marked (colour *and* their wording say so). */
  danger?: boolean;
  /** A setting that is on or off: the item is a menuitemcheckbox and shows a check when on. */
  checked?: boolean;
  onSelect(): void;
}

/**
 * A button that opens a small menu (WAI-ARIA menu button pattern): arrow keys move between
 * items, Home/End jump, Escape closes and returns focus, Tab or a click elsewhere closes.
 * Focus returns to the button after choosing, so keyboard users never get lost.
 */
export function MenuButton({
  label,
  visibleLabel,
  icon,
  items,
  className = 'control',
  menuClassName = '',
  keyShortcuts,
}: {
  /** Accessible name of the button ("React", "Actions for Sam"). */
  label: string;
  /** Text shown on the button, if any (otherwise icon only, named by `label`). */
  visibleLabel?: string;
  icon?: ReactNode;
  items: MenuItem[];
  className?: string;
  menuClassName?: string;
  keyShortcuts?: string;
}) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const buttonId = useId();
  const menuId = useId();

  const itemEls = () => [...(menuRef.current?.querySelectorAll<HTMLButtonElement>('[role^="menuitem"]') ?? [])];
  const focusItem = (index: number) => {
    const els = itemEls();
    if (els.length === 0) return;
    els[(index + els.length) % els.length]?.focus();
  };

  useEffect(() => {
    if (!open) return;
    focusItem(0);
    const onPointer = (e: PointerEvent) => {
      if (!wrapRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const els = itemEls();
    const at = els.indexOf(document.activeElement as HTMLButtonElement);
    // Keys are the menu's own while it is open: not shortcuts for the room.
    e.stopPropagation();
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        focusItem(at + 1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        focusItem(at - 1);
        break;
      case 'Home':
        e.preventDefault();
        focusItem(0);
        break;
      case 'End':
        e.preventDefault();
        focusItem(els.length - 1);
        break;
      case 'Escape':
        e.preventDefault();
        close(true);
        break;
      case 'Tab':
        close(false);
        break;
      default:
    }
  };

  return (
    <div className="menu-wrap" ref={wrapRef}>
      <button
        ref={buttonRef}
        id={buttonId}
        type="button"
        className={className}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={visibleLabel ? undefined : label}
        aria-keyshortcuts={keyShortcuts}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        {icon}
        {visibleLabel ? <span>{visibleLabel}</span> : null}
      </button>
      {open ? (
        <div ref={menuRef} id={menuId} role="menu" aria-labelledby={buttonId} className={`menu ${menuClassName}`} onKeyDown={onMenuKey}>
          {items.map((item) => (
            <button
              key={item.key}
              type="button"
              role={item.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
              aria-checked={item.checked}
              tabIndex={-1}
              className={item.danger ? 'menu-item menu-item-danger' : 'menu-item'}
              onClick={() => {
                close(true);
                item.onSelect();
              }}
            >
              {item.icon}
              <span>{item.label}</span>
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}

import type { ReactNode } from 'react';
import { useModalDialog } from './useModalDialog';
import { CloseIcon } from './icons';

/**
 * Narrow screens: the facilitation panel as a drawer over the circle (a native modal
 * <dialog>: focus stays inside, Escape closes, focus returns to the button that opened it),
 * so the circle and the talk order keep the screen.
 */
export function FacilitationDrawer({ open, onClose, children }: { open: boolean; onClose(): void; children: ReactNode }) {
  const ref = useModalDialog(open);
  return (
    <dialog
      ref={ref}
      className="drawer"
      aria-label="Facilitation"
      data-testid="facilitation-drawer"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        // A tap on the dimmed backdrop (the dialog itself, outside its content) closes it.
        if (e.target === ref.current) onClose();
      }}
    >
      <div className="drawer-body">
        <button type="button" className="icon-button drawer-close" aria-label="Close facilitation" onClick={onClose}>
          <CloseIcon size={22} />
        </button>
        {open ? children : null}
      </div>
    </dialog>
  );
}

import { useId, type ReactNode } from 'react';
import { useModalDialog } from './useModalDialog';

/**
 * A modal confirm step for actions that cannot be undone (remove someone, end the session).
 * Uses the native <dialog>: it traps focus, closes on Escape and returns focus to where it
 * was. "Cancel" has the initial focus, so a stray Enter never confirms.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel = 'Cancel',
  onConfirm,
  onCancel,
  alternative,
  tone = 'danger',
}: {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  /** The safe choice's label; name it when "Cancel" would be ambiguous ("Cancel session"). */
  cancelLabel?: string;
  onConfirm(): void;
  onCancel(): void;
  /** A gentler third way ("Step out instead"), between the safe choice and the confirm. */
  alternative?: { label: string; onChoose(): void };
  /** `primary` for a confirm that is not destructive (leaving is not a loss). */
  tone?: 'danger' | 'primary';
}) {
  const ref = useModalDialog(open);
  const titleId = useId();


  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      onKeyDown={(e) => e.stopPropagation()}
    >
      {open ? (
        <>
          <h2 id={titleId}>{title}</h2>
          {children}
          <div className="dialog-actions">
            <button type="button" className="secondary" onClick={onCancel} autoFocus>
              {cancelLabel}
            </button>
            {alternative ? (
              <button type="button" className="secondary" onClick={alternative.onChoose}>
                {alternative.label}
              </button>
            ) : null}
            <button type="button" className={tone} onClick={onConfirm}>
              {confirmLabel}
            </button>
          </div>
        </>
      ) : null}
    </dialog>
  );
}

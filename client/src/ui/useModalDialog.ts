import { useEffect, useRef, type RefObject } from 'react';

/**
 * A native modal `<dialog>` that follows `open`: shown with showModal() (focus stays inside,
 * Escape cancels, focus returns to what opened it) and closed when `open` turns false.
 */
export function useModalDialog(open: boolean): RefObject<HTMLDialogElement | null> {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);
  return ref;
}

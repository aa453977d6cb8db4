import { useId } from 'react';
import { useModalDialog } from './useModalDialog';
import { SHORTCUT_HELP } from '../lib/shortcuts';

/** The keyboard shortcuts, in a native modal dialog (Escape or Close to dismiss). */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const ref = useModalDialog(open);
  const titleId = useId();
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onClose={onClose} onKeyDown={(e) => e.stopPropagation()}>
      <h2 id={titleId}>Keyboard shortcuts</h2>
      <p className="soft">They work anywhere in the circle except while typing.</p>
      <table className="shortcut-table">
        <tbody>
          {SHORTCUT_HELP.map((s) => (
            <tr key={s.keys}>
              <th scope="row">
                <kbd>{s.keys}</kbd>
              </th>
              <td>{s.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </dialog>
  );
}

import { useEffect, useId, useMemo, useRef, useState, type ComponentPropsWithoutRef, type ReactNode } from 'react';
import { timeZoneOptions, zoneLabel, zoneMatches } from '../lib/zones';

/*
 * Form building blocks for the account and cohort pages: every control has a visible
 * <label>, hints and errors are tied to it with aria-describedby, and a form's failure
 * is announced once through role="alert".
 */

type InputProps = Omit<ComponentPropsWithoutRef<'input'>, 'id' | 'onChange' | 'value'>;

/** A labelled input with an optional hint and field error. */
export function TextField({
  label,
  value,
  onChange,
  hint,
  error,
  ...rest
}: InputProps & { label: string; value: string; onChange(value: string): void; hint?: ReactNode; error?: string | null }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        type="text"
        {...rest}
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled multi-line text area. */
export function TextArea({
  label,
  value,
  onChange,
  hint,
  rows = 8,
  maxLength,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: ReactNode;
  rows?: number;
  maxLength?: number;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={rows} value={value} maxLength={maxLength} onChange={(e) => onChange(e.target.value)} aria-describedby={hint ? `${id}-hint` : undefined} />
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled <select> over fixed options. */
export function SelectField<V extends string>({
  label,
  value,
  options,
  onChange,
  hint,
}: {
  label: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange(value: V): void;
  hint?: ReactNode;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as V)} aria-describedby={hint ? `${id}-hint` : undefined}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A labelled picker of IANA time zones by their current names (the platform's list plus
 * `value` itself), with a search box above it: typing "Kyiv", "new york" or an old name
 * ("Calcutta") narrows the list, and the first match is chosen.
 */
export function TimeZoneSelect({ label, value, onChange, hint }: { label: string; value: string; onChange(zone: string): void; hint?: ReactNode }) {
  const zones = useMemo(() => timeZoneOptions([value]), [value]);
  const [query, setQuery] = useState('');
  const searchId = useId();
  const shown = useMemo(() => {
    const found = zones.filter((z) => zoneMatches(z, query));
    // The chosen zone stays in the list, so the picker never shows something it does not hold.
    return found.includes(value) ? found : [value, ...found];
  }, [zones, query, value]);
  return (
    <div className="zone-picker">
      <SelectField label={label} value={value} options={shown.map((z) => ({ value: z, label: zoneLabel(z) }))} onChange={onChange} hint={hint} />
      <div className="field zone-search">
        {/* Named apart from the picker's own label, so each keeps a name of its own. */}
        <label htmlFor={searchId} className="sr-only">
          Find a city or region
        </label>
        <input
          id={searchId}
          type="search"
          placeholder="Find a city or region…"
          value={query}
          onChange={(e) => {
            const q = e.target.value;
            setQuery(q);
            const first = zones.find((z) => zoneMatches(z, q));
            if (q.trim() && first && !zoneMatches(value, q)) onChange(first);
          }}
        />
      </div>
    </div>
  );
}

/** A labelled on/off switch (a checkbox styled as one). */
export function Switch({ label, hint, checked, onChange }: { label: string; hint?: string; checked: boolean; onChange(on: boolean): void }) {
  return (
    <label className="switch">
      <input type="checkbox" role="switch" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span className="switch-text">
        <span>{label}</span>
        {hint ? <span className="soft">{hint}</span> : null}
      </span>
    </label>
  );
}

/** A form-level error, announced when it appears. Renders nothing without a message. */
export function FormAlert({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="form-alert" role="alert">
      {message}
    </p>
  );
}

/** A polite confirmation ("Saved."). The region stays mounted so screen readers hear changes. */
export function FormStatus({ message }: { message: string | null }) {
  return (
    <p className="form-status" role="status">
      {message}
    </p>
  );
}

/**
 * A read-only field holding a link to pass on (invite, calendar), with a Copy button.
 * Selecting the text on focus helps where the clipboard API is unavailable (plain http).
 */
export function CopyField({ label, value, copyLabel = 'Copy link' }: { label: string; value: string; copyLabel?: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => setCopied(null), [value]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('Copied to the clipboard.');
    } catch {
      input.current?.select();
      setCopied('Press Ctrl+C (or ⌘C) to copy the selected link.');
    }
  };

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="inline-field copy-field">
        <input ref={input} id={id} type="text" readOnly value={value} onFocus={(e) => e.target.select()} spellCheck={false} />
        <button type="button" className="secondary" onClick={() => void copy()}>
          {copyLabel}
        </button>
      </div>
      <FormStatus message={copied} />
    </div>
  );
}

import { useId } from 'react';

const MAX_NAME = 40;

/** Why a display name cannot be used, or null when it can (the server checks again). */
export function nameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'Please enter your name, so others know who is here.';
  if (trimmed.length > MAX_NAME) return `Please keep your name to ${MAX_NAME} characters.`;
  return null;
}

/** The "Your name" field of the pre-join screens, with its hint and error. */
export function NameField(props: { value: string; onChange: (v: string) => void; error: string | null; disabled: boolean }) {
  const nameId = useId();
  const errorId = useId();
  return (
    <>
      <label htmlFor={nameId}>Your name</label>
      <input
        id={nameId}
        name="displayName"
        type="text"
        autoComplete="nickname"
        maxLength={MAX_NAME + 10}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId : undefined}
        disabled={props.disabled}
      />
      <p className="field-hint">A first name or nickname is plenty.</p>
      {props.error ? (
        <p id={errorId} className="field-error">
          {props.error}
        </p>
      ) : null}
    </>
  );
}

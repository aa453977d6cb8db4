import type { ComponentPropsWithRef } from 'react';

/**
 * A button that stays focusable while unavailable (`aria-disabled` instead of `disabled`).
 * Controls here turn unavailable *because* they were pressed (Pass, Next, Reply…); a truly
 * disabled button would drop keyboard focus to the page, and the person would be lost.
 */
export function ActionButton({ disabled = false, onClick, type = 'button', ...rest }: ComponentPropsWithRef<'button'>) {
  return (
    <button
      {...rest}
      type={type}
      aria-disabled={disabled || undefined}
      onClick={(e) => {
        if (disabled) {
          e.preventDefault();
          return;
        }
        onClick?.(e);
      }}
    />
  );
}

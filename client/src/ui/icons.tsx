/* Small inline icons: no icon font or CDN, so Hearth works offline. All are decorative
   (aria-hidden); buttons always carry a visible text label. */

type IconProps = { size?: number };

function Svg({ size = 22, children }: IconProps & { children: React.ReactNode }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

/** Microphone. */
export const MicIcon = (p: IconProps) => (
  <Svg {...p}>
    <rect x="9" y="3" width="6" height="11" rx="3" />
    <path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
  </Svg>
);

/** Microphone, struck through. */
export const MicOffIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M15 9.3V6a3 3 0 0 0-5.7-1.3M9 9v2a3 3 0 0 0 4.9 2.3M5 11a7 7 0 0 0 11.3 5.5M19 11a7 7 0 0 1-.4 2.3M12 18v3M3 3l18 18" />
  </Svg>
);

/** Video camera. */
export const CameraIcon = (p: IconProps) => (
  <Svg {...p}>
    <rect x="3" y="6" width="13" height="12" rx="2" />
    <path d="m16 10 5-3v10l-5-3" />
  </Svg>
);

/** Video camera, struck through. */
export const CameraOffIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M16 16v0a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h1M10 6h4a2 2 0 0 1 2 2v2l5-3v10M3 3l18 18" />
  </Svg>
);

/** Door / leave. */
export const LeaveIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M14 4h4a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-4M10 16l-4-4 4-4M6 12h10" />
  </Svg>
);

/** Hearth logo: a small flame in a circle. */
export const HearthLogo = ({ size = 28 }: IconProps) => (
  <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
    <circle cx="16" cy="16" r="15" fill="#a8481f" />
    <path d="M16 7c3 4 6 6.5 6 11a6 6 0 0 1-12 0c0-3 1.5-5 3-6.5 0 2 1 3.5 2.5 3.5C15.5 12 15 10 16 7z" fill="#fff6ec" />
  </svg>
);

/** Raised hand. */
export const HandIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M18 11V6a2 2 0 0 0-4 0v5M14 10V4a2 2 0 0 0-4 0v6M10 10.5V6a2 2 0 0 0-4 0v8" />
    <path d="M18 8a2 2 0 0 1 4 0v6a8 8 0 0 1-8 8h-2c-2.8 0-4.5-.9-5.9-2.3l-3.6-3.6a2 2 0 0 1 2.8-2.8L7 15" />
  </Svg>
);

/** Curved arrow: reply. */
export const ReplyIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M9 17 4 12l5-5M4 12h10a6 6 0 0 1 6 6v1" />
  </Svg>
);

/** Arrow past a line: pass. */
export const PassIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M4 12h13M13 7l5 5-5 5M21 5v14" />
  </Svg>
);

/** Check mark: finish turn. */
export const CheckIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="m5 12 5 5 9-10" />
  </Svg>
);

/** Smile: react. */
export const SmileIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="12" cy="12" r="9" />
    <path d="M8.5 14a4.5 4.5 0 0 0 7 0M9 9.5h.01M15 9.5h.01" />
  </Svg>
);

/** Leaf: "I need a moment" (calm, not an alarm). */
export const LeafIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M5 19c0-8 5-13 15-14-1 10-6 15-14 15M5 19l7-7" />
  </Svg>
);

/** Door with arrow: step out. */
export const StepOutIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M13 4H6a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h7M16 8l4 4-4 4M20 12H10" />
  </Svg>
);

/** Keyboard. */
export const KeyboardIcon = (p: IconProps) => (
  <Svg {...p}>
    <rect x="2" y="6" width="20" height="12" rx="2" />
    <path d="M6 10h.01M10 10h.01M14 10h.01M18 10h.01M7 14h10" />
  </Svg>
);

/** Three dots: more actions. */
export const MoreIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M5 12h.01M12 12h.01M19 12h.01" strokeWidth={3.2} />
  </Svg>
);

/** Heart. */
export const HeartIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M12 20s-7-4.4-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.6-7 10-7 10z" />
  </Svg>
);

/** Concentric ripples: resonates. */
export const ResonatesIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="12" cy="12" r="2" />
    <path d="M7.8 7.8a6 6 0 0 0 0 8.4M16.2 7.8a6 6 0 0 1 0 8.4M4.9 4.9a10 10 0 0 0 0 14.2M19.1 4.9a10 10 0 0 1 0 14.2" />
  </Svg>
);

/** Two people: me too. */
export const MeTooIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="9" cy="8" r="3" />
    <circle cx="17" cy="9" r="2.5" />
    <path d="M3 20a6 6 0 0 1 12 0M15 14.5a5 5 0 0 1 6 5.5" />
  </Svg>
);

/** A small flower: thank you. */
export const ThanksIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="12" cy="10" r="2.2" />
    <path d="M12 7.8C12 4 9 4 9 6.5c0 1.5 1.5 2.3 3 1.3ZM12 7.8C12 4 15 4 15 6.5c0 1.5-1.5 2.3-3 1.3ZM9.8 10c-3.8 0-3.8 3-1.3 3 1.5 0 2.3-1.5 1.3-3ZM14.2 10c3.8 0 3.8 3 1.3 3-1.5 0-2.3-1.5-1.3-3ZM12 12.2V21M12 18c-2 0-3.5-1-4-3M12 17c2 0 3.5-1 4-3" />
  </Svg>
);

/** Up chevron. */
export const UpIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="m6 15 6-6 6 6" />
  </Svg>
);

/** Down chevron. */
export const DownIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="m6 9 6 6 6-6" />
  </Svg>
);

/** Close (×). */
export const CloseIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M6 6l12 12M18 6 6 18" />
  </Svg>
);

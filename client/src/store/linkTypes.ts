import type { VisitPreferences } from '@hearth/shared';

/** How this person's links are doing, and what they chose to hide. */
export interface LinkState {
  /** The SFU has had to send us lower video than our tiles ask for a while (`downlinkQuality`). */
  downlinkWeak: boolean;
  /** The browser's estimate of our uplink has been too low for our camera a while. */
  uplinkWeak: boolean;
  /** The person dismissed the notice / the camera prompt: hidden until the link recovers and weakens again. */
  downlinkDismissed: boolean;
  uplinkDismissed: boolean;
}

/** What the link slice needs from the outside world (the server, this browser's storage). */
export interface LinkServices {
  /** The circle this tab is in audio-only mode for (sessionStorage: a reload keeps it), if any. */
  recallAudioOnly(): string | null;
  rememberAudioOnly(circleId: string | null): void;
  /** "Lower my hand when I start speaking", as this browser remembers it (localStorage; off by default). */
  recallLowerHandWhenSpeaking(): boolean;
  rememberLowerHandWhenSpeaking(on: boolean): void;
}

/**
 * Link slice: weak-link notices (the SFU's word on our downlink, the browser's estimate of
 * our uplink) and the person's own choices for their visit (audio only; lowering their hand
 * when they start speaking), which the server applies.
 */
export interface LinkSlice {
  link: LinkState;
  visitPrefs: VisitPreferences;
  /** `downlinkQuality` notification. */
  onDownlinkQuality(weak: boolean): void;
  /** The uplink watch's verdict changed. */
  uplinkChanged(weak: boolean): void;
  dismissLinkNotice(which: 'downlink' | 'uplink'): void;
  /** Receive no video (or video again); told to the server when in a circle; kept for the visit. */
  setAudioOnly(on: boolean): Promise<void>;
  /** The personal setting, remembered by this browser; told to the server when in a circle. */
  setLowerHandWhenSpeaking(on: boolean): Promise<void>;
  /**
   * Right after every join ack, before media starts: the link state starts afresh and the
   * server hears this visit's preferences (audio only is forgotten on a new visit, kept on a
   * rejoin or reload).
   */
  visitStarted(circleId: string, rejoining: boolean): Promise<void>;
}

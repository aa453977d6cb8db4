/*
 * Link-quality states (the SFU's view of a receiver's downlink, the browser's of its uplink)
 * change only after a run of samples, so that a notice does not flap on a link at the edge.
 */

/**
 * A yes/no state that changes only after `enterAfter` samples in a row say yes (while no),
 * or `leaveAfter` in a row say no (while yes).
 */
export class Hysteresis {
  private contrary = 0;
  private on = false;

  constructor(
    private readonly enterAfter: number,
    private readonly leaveAfter: number,
  ) {}

  /** The state now. */
  get value(): boolean {
    return this.on;
  }

  /** Feeds one sample; returns the new state when it changed, else null. */
  observe(sample: boolean): boolean | null {
    if (sample === this.on) {
      this.contrary = 0;
      return null;
    }
    this.contrary++;
    if (this.contrary < (this.on ? this.leaveAfter : this.enterAfter)) return null;
    this.on = sample;
    this.contrary = 0;
    return this.on;
  }
}

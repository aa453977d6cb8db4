import type { Device, types } from 'mediasoup-client';
import type { ClientInputs } from '@hearth/shared';
import type { RequestFn } from '../net/request';

/**
 * The mediasoup-client Device, loaded ahead of the join. Loading one (the library's import,
 * probing the browser's codecs) takes ~100–300 ms, so it is done while the pre-join screen
 * is shown, with the capabilities from `mediaCapabilities`; the join then brings the device's
 * capabilities and gets its transports in the reply. Kept across visits: every router has
 * the same capabilities, and a device loaded for others is replaced when a join says so.
 */
export class PreparedDevice {
  private loaded: { key: string; device: Device } | null = null;
  private loading: Promise<void> | null = null;
  /** The device whose capabilities went with the last `joinCircle` (see {@link joinOffer}). */
  private offered: Device | null = null;

  constructor(private readonly request: RequestFn) {}

  /** Asks for the routers' capabilities and loads the device. Never rejects: it only saves time. */
  prepare(): Promise<void> {
    this.loading ??= (async () => {
      const { routerRtpCapabilities } = await this.request('mediaCapabilities', {});
      await this.load(routerRtpCapabilities);
    })().catch(() => {
      // The join loads one itself; the next pre-join screen tries again.
      this.loading = null;
    });
    return this.loading;
  }

  /** What `joinCircle` adds: the prepared device's capabilities, if it is loaded by now. */
  joinOffer(): Pick<ClientInputs['joinCircle'], 'rtpCapabilities'> {
    this.offered = this.loaded?.device ?? null;
    return this.offered ? { rtpCapabilities: this.offered.rtpCapabilities as ClientInputs['joinCircle']['rtpCapabilities'] } : {};
  }

  /** Whether the last `joinCircle` brought this device's capabilities (so the server has them). */
  wasOffered(device: Device): boolean {
    return this.offered === device;
  }

  /** A device loaded for these router capabilities: the prepared one if they match, else a new one. */
  async deviceFor(routerRtpCapabilities: unknown): Promise<Device> {
    // A preparation under way is for the same routers, most likely: wait rather than load twice.
    if (this.loading) await this.loading;
    return this.load(routerRtpCapabilities);
  }

  private async load(routerRtpCapabilities: unknown): Promise<Device> {
    const key = JSON.stringify(routerRtpCapabilities);
    if (this.loaded?.key === key) return this.loaded.device;
    // Loaded on demand: the welcome page doesn't need mediasoup-client.
    const { Device } = await import('mediasoup-client');
    const device = await Device.factory();
    await device.load({ routerRtpCapabilities: routerRtpCapabilities as types.RtpCapabilities });
    this.loaded = { key, device };
    return device;
  }
}

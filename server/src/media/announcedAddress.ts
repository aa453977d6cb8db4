import dns from 'node:dns/promises';
import net from 'node:net';

/** Resolves a hostname to one address (dns.lookup's shape). */
export type Lookup = (hostname: string, family: 0 | 4) => Promise<string>;

const systemLookup: Lookup = async (hostname, family) => (await dns.lookup(hostname, { family })).address;

/**
 * The address to put in ICE candidates. RTC_ANNOUNCED_IP may be a hostname (docker-compose.yml
 * defaults it to HEARTH_DOMAIN); it is resolved once, at start, so that browsers get an IP
 * candidate (not every browser resolves hostname candidates) and a typo fails the start
 * instead of every call. IPv4 is preferred: it is what most home links reach.
 */
export async function resolveAnnouncedAddress(address: string | undefined, lookup: Lookup = systemLookup): Promise<string | undefined> {
  if (address === undefined || net.isIP(address) !== 0) return address;
  try {
    return await lookup(address, 4);
  } catch {
    try {
      return await lookup(address, 0);
    } catch (err) {
      throw new Error(`RTC_ANNOUNCED_IP=${address} does not resolve (${err instanceof Error ? err.message : String(err)})`);
    }
  }
}

/** Reachability probes, so offline machines skip downloads at once instead of timing out in them. */
import * as net from 'node:net';

/** True when `host:port` accepts a TCP connection within `timeoutMs`. */
export function canReach(host, port, timeoutMs) {
	return new Promise(resolve => {
		const socket = net.connect({ host, port });
		const finish = ok => {
			socket.destroy();
			resolve(ok);
		};

		socket.setTimeout(timeoutMs, () => finish(false));
		socket.once('connect', () => finish(true));
		socket.once('error', () => finish(false));
	});
}

/**
 * True when github.com:443 answers within `timeoutMs`: mediasoup's postinstall downloads its
 * prebuilt worker from GitHub releases, and where GitHub is out of reach Hearth builds it.
 */
export function githubReachable(timeoutMs) {
	return canReach('github.com', 443, timeoutMs);
}

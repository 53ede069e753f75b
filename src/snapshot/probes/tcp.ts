// TCP connection states and ephemeral port use per destination: outgoing connections to one
// address:port can use at most ip_local_port_range ports, after which connect() fails with
// "Cannot assign requested address" (TIME_WAIT sockets count too).
import { note, usage } from '../assess.js';
import { netTcp, readOptional } from '../read.js';
import { Absent, type Finding, type Probe } from '../types.js';

const STATES = ['', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING', 'NEW_SYN_RECV'];

export interface TcpSocket {
  local: string;
  localPort: number;
  remote: string;
  remotePort: number;
  state: string;
}

/** Address as written in /proc/net/tcp[6]: 32-bit words in host (little-endian) order. */
export function decodeAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((w) => [w.slice(6, 8), w.slice(4, 6), w.slice(2, 4), w.slice(0, 2)].map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join('.');
  // IPv4-mapped IPv6
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255) return bytes.slice(12).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

export function parseNetTcp(text: string): TcpSocket[] {
  const out: TcpSocket[] = [];
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i]!.trim().split(/\s+/);
    if (f.length < 4) continue;
    const [la, lp] = f[1]!.split(':');
    const [ra, rp] = f[2]!.split(':');
    out.push({ local: decodeAddress(la!), localPort: parseInt(lp!, 16), remote: decodeAddress(ra!), remotePort: parseInt(rp!, 16), state: STATES[parseInt(f[3]!, 16)] ?? f[3]! });
  }
  return out;
}

export interface TcpData {
  states: Record<string, number>;
  portRange: [number, number];
  /** Outgoing connections per destination, busiest first. */
  destinations: Array<{ destination: string; ports: number }>;
}

export function tcpData(socks: TcpSocket[], range: [number, number]): TcpData {
  const states: Record<string, number> = {};
  const dest = new Map<string, number>();
  for (const s of socks) {
    states[s.state] = (states[s.state] ?? 0) + 1;
    if (s.state === 'LISTEN' || s.localPort < range[0] || s.localPort > range[1] || s.remotePort === 0) continue;
    const key = `${s.remote.includes(':') ? `[${s.remote}]` : s.remote}:${s.remotePort}`;
    dest.set(key, (dest.get(key) ?? 0) + 1);
  }
  const destinations = [...dest].map(([destination, ports]) => ({ destination, ports })).sort((a, b) => b.ports - a.ports).slice(0, 10);
  return { states, portRange: range, destinations };
}

export const tcp: Probe<TcpData> = {
  id: 'tcp',
  description: 'TCP states and ephemeral ports in use per destination',
  reads: ['/proc/net/tcp', '/proc/net/tcp6', '/proc/sys/net/ipv4/ip_local_port_range'],
  async collect(ctx) {
    const v4 = netTcp(ctx, 'tcp');
    const v6 = netTcp(ctx, 'tcp6');
    if (v4 === null && v6 === null) throw new Absent('/proc/net/tcp does not exist');
    const r = (readOptional(ctx.path('/proc/sys/net/ipv4/ip_local_port_range')) ?? '32768 60999').trim().split(/\s+/).map(Number);
    return tcpData([...parseNetTcp(v4 ?? ''), ...parseNetTcp(v6 ?? '')], [r[0]!, r[1]!]);
  },
  assess(d, t) {
    const size = d.portRange[1] - d.portRange[0] + 1;
    const out: Finding[] = d.destinations.slice(0, 3).map((x) =>
      usage({
        id: 'tcp.ephemeral-ports',
        resource: 'ephemeral ports',
        subject: x.destination,
        used: x.ports,
        limit: size,
        level: t.ports,
        hint: 'connect() fails with "Cannot assign requested address"; reuse connections (keep-alive, pooling) or widen net.ipv4.ip_local_port_range',
      }),
    );
    const summary = Object.entries(d.states)
      .sort((a, b) => b[1] - a[1])
      .map(([s, n]) => `${n} ${s}`)
      .join(', ');
    const closeWait = d.states.CLOSE_WAIT ?? 0;
    out.push(
      note({
        id: 'tcp.states',
        severity: closeWait >= 1000 ? 'warning' : 'info',
        resource: 'TCP connections',
        subject: 'states',
        used: Object.values(d.states).reduce((a, b) => a + b, 0),
        message: `TCP: ${summary || 'no sockets'}`,
        hint: closeWait >= 1000 ? `${closeWait} CLOSE_WAIT: an application does not close sockets its peers closed (an fd leak)` : '',
      }),
    );
    return out;
  },
};

// Host, kernel, uptime and what kind of machine this is (a container changes which limits matter).
import { existsSync } from 'node:fs';
import { readOptional, readRequired } from '../read.js';
import type { Probe } from '../types.js';

export interface HostData {
  hostname: string;
  kernel: string;
  os: string | null;
  uptimeSeconds: number;
  /** "openvz" when /proc/user_beancounters or /proc/vz exist, "container" for other hints, else null. */
  virtualization: string | null;
}

export function parseUptime(text: string): number {
  const v = Number(text.trim().split(/\s+/)[0]);
  if (!Number.isFinite(v)) throw new Error(`/proc/uptime: expected seconds, got "${text.trim()}"`);
  return v;
}

/** PRETTY_NAME from /etc/os-release. */
export function parseOsRelease(text: string): string | null {
  const m = /^PRETTY_NAME=(?:"([^"]*)"|(.*))$/m.exec(text);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

export const host: Probe<HostData> = {
  id: 'host',
  description: 'host name, kernel, operating system, uptime',
  reads: ['/proc/sys/kernel/hostname', '/proc/sys/kernel/osrelease', '/etc/os-release', '/usr/lib/os-release', '/proc/uptime', '/proc/user_beancounters', '/proc/vz', '/proc/1/environ'],
  async collect(ctx) {
    const p = ctx.path;
    const environ = ctx.live ? null : readOptional(p('/proc/1/environ'));
    return {
      hostname: readRequired(p('/proc/sys/kernel/hostname')).trim(),
      kernel: readRequired(p('/proc/sys/kernel/osrelease')).trim(),
      os: parseOsRelease(readOptional(p('/etc/os-release')) ?? readOptional(p('/usr/lib/os-release')) ?? ''),
      uptimeSeconds: parseUptime(readRequired(p('/proc/uptime'))),
      virtualization:
        existsSync(p('/proc/user_beancounters')) || existsSync(p('/proc/vz'))
          ? 'openvz'
          : existsSync(p('/.dockerenv')) || existsSync(p('/run/.containerenv')) || /container=/.test(environ ?? '')
            ? 'container'
            : null,
    };
  },
  assess: () => [],
};

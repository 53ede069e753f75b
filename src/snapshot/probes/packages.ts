// Package changes in the last days (dpkg, dnf, yum): "what changed?" is the first question of any
// incident, and the seed's author had to remember the updates by himself.
import { note } from '../assess.js';
import { readOptional } from '../read.js';
import { Absent, type Probe } from '../types.js';

export interface PackageChange {
  at: string;
  action: string;
  name: string;
  version: string;
}
export interface PackagesData {
  days: number;
  sources: string[];
  changes: PackageChange[];
}

/** /var/log/dpkg.log: "2026-03-10 06:25:01 upgrade libc6:amd64 2.36-9 2.36-9+deb12u1". */
export function parseDpkgLog(text: string): PackageChange[] {
  const out: PackageChange[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) (install|upgrade|remove|purge) (\S+) (\S+) (\S+)/.exec(line);
    if (m) out.push({ at: m[1]!.replace(' ', 'T'), action: m[2]!, name: m[3]!.replace(/:\w+$/, ''), version: m[2] === 'remove' || m[2] === 'purge' ? m[4]! : m[5]! });
  }
  return out;
}

/** /var/log/dnf.rpm.log: "2026-03-10T06:25:01+0000 SUBDEBUG Upgrade: openssl-3.0.7-1.el9.x86_64". */
export function parseDnfLog(text: string): PackageChange[] {
  const out: PackageChange[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\S* \w+ (Installed|Install|Upgrade|Upgraded|Erase|Erased|Reinstall|Downgrade): (\S+)/.exec(line);
    if (!m) continue;
    const v = /^(.+?)-(\d[^-]*-[^-]+)$/.exec(m[3]!);
    out.push({ at: m[1]!, action: m[2]!.toLowerCase().replace(/ed$/, '').replace(/^erase$/, 'remove'), name: v ? v[1]! : m[3]!, version: v ? v[2]! : '' });
  }
  return out;
}

/** Only the changes from the last `days` days before `now`. Times in the logs are local time. */
export function recent(changes: PackageChange[], now: Date, days: number): PackageChange[] {
  const since = now.getTime() - days * 86400e3;
  return changes.filter((c) => {
    const t = Date.parse(c.at);
    return !Number.isNaN(t) && t >= since && t <= now.getTime() + 86400e3;
  });
}

const tail = (text: string | null, max = 1 << 20) => (text === null ? null : text.length > max ? text.slice(text.indexOf('\n', text.length - max) + 1) : text);

export const packages: Probe<PackagesData> = {
  id: 'packages',
  description: 'package installs, upgrades and removals in the last 7 days',
  reads: ['/var/log/dpkg.log@tail', '/var/log/dnf.rpm.log@tail'],
  async collect(ctx) {
    const days = 7;
    const sources: string[] = [];
    let changes: PackageChange[] = [];
    for (const [file, parse] of [
      ['/var/log/dpkg.log', parseDpkgLog],
      ['/var/log/dnf.rpm.log', parseDnfLog],
    ] as const) {
      const text = tail(readOptional(ctx.path(file)));
      if (text === null) continue;
      sources.push(file);
      changes = changes.concat(recent(parse(text), ctx.now, days));
    }
    if (!sources.length) throw new Absent('no package log (/var/log/dpkg.log, /var/log/dnf.rpm.log)');
    return { days, sources, changes: changes.sort((a, b) => a.at.localeCompare(b.at)) };
  },
  assess(d) {
    if (!d.changes.length) return [note({ id: 'packages.recent', severity: 'info', resource: 'packages', subject: `last ${d.days} days`, used: 0, message: `no package changes in the last ${d.days} days`, hint: '' })];
    const last = d.changes[d.changes.length - 1]!;
    const names = [...new Set(d.changes.map((c) => c.name))];
    return [
      note({
        id: 'packages.recent',
        severity: 'info',
        resource: 'packages',
        subject: `last ${d.days} days`,
        used: d.changes.length,
        message: `${d.changes.length} package change${d.changes.length === 1 ? '' : 's'} in the last ${d.days} days (${names.slice(0, 6).join(', ')}${names.length > 6 ? ', ...' : ''}); latest ${last.at.replace('T', ' ')} ${last.action} ${last.name}`,
        hint: 'did the trouble start after one of them? postmortem snapshot --json lists them all',
      }),
    ];
  },
};

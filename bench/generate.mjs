// Generates realistic incident folders for the site benchmark: front matter, the usual sections
// (some in German), a timeline, hypotheses, prevention items, code blocks, tables, and for some
// incidents snapshot JSON and evidence files. Deterministic (seeded) so runs are comparable.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = ['blog', 'mail', 'dns', 'ssh', 'mysql', 'nginx', 'apache', 'php-fpm', 'redis', 'backup', 'git', 'matrix', 'nextcloud', 'grafana'];
const HOSTS = ['vps1', 'vps2', 'web01', 'web02', 'db01', 'mx1', 'ct-101', 'ct-102', 'edge'];
const AUTHORS = ['@ops', '@anna', '@jonas', '@mira', '@tk'];
const CAUSES = [
  { tag: 'inodes', title: 'Inode quota exhausted by {x} cache files', resource: 'inodes', msg: 'cannot create file: No space left on device', x: ['W3TotalCache', 'PHP session', 'mail queue', 'thumbnail'] },
  { tag: 'memory', title: 'OOM killer took down {x}', resource: 'memory', msg: 'Out of memory: Killed process 2231 (mysqld)', x: ['mysqld', 'php-fpm', 'redis', 'java'] },
  { tag: 'disk', title: 'Disk full after {x} grew unchecked', resource: 'disk', msg: 'write error: No space left on device', x: ['log rotation failed', 'backups', 'docker images', 'binlogs'] },
  { tag: 'sockets', title: '{x} ran out of sockets', resource: 'sockets', msg: 'unable to create sockets: Cannot allocate memory', x: ['postfix', 'nginx', 'sudo', 'spamassassin'] },
  { tag: 'fds', title: 'Too many open files in {x}', resource: 'fds', msg: 'accept4() failed (24: Too many open files)', x: ['nginx', 'node', 'dovecot', 'elasticsearch'] },
  { tag: 'certificate', title: 'Expired TLS certificate on {x}', resource: 'tls', msg: 'certificate has expired', x: ['mail', 'the blog', 'the API', 'git'] },
  { tag: 'dns', title: 'DNS resolution failed for {x}', resource: 'dns', msg: 'Temporary failure in name resolution', x: ['outgoing mail', 'backups', 'updates', 'webhooks'] },
  { tag: 'deploy', title: 'Bad deploy of {x} broke logins', resource: 'deploy', msg: 'HTTP 500 on /login', x: ['the theme', 'a plugin update', 'config', 'php 8.3'] },
];
const WORDS = 'server container quota limit alarm restart cache process memory socket file inode disk mount kernel log cron backup queue spam request latency error timeout load swap cgroup beancounter panel hoster update plugin database connection'.split(' ');
const DE = ['Die Garbage Collection im Objektcache hatte versagt und so im großen Stil kleine Dateien angelegt.', 'Zur Reparatur wurde der Cache von Hand gelöscht.', 'Als sich die Vorfälle häuften, wurde ich irgendwann unruhig.', 'Schneller Check mit top, free und df: die üblichen Verdächtigen waren es nicht.'];

const pick = (r, a) => a[Math.floor(r() * a.length)];
const some = (r, a, min, max) => {
  const n = min + Math.floor(r() * (max - min + 1));
  return [...new Set(Array.from({ length: n }, () => pick(r, a)))];
};
const sentence = (r, n = 8 + Math.floor(r() * 14)) => {
  const w = Array.from({ length: n }, () => pick(r, WORDS));
  w[0] = w[0][0].toUpperCase() + w[0].slice(1);
  return w.join(' ') + '.';
};
const para = (r, n = 2 + Math.floor(r() * 4)) => Array.from({ length: n }, () => sentence(r)).join(' ');
const pad = (n) => String(n).padStart(2, '0');
const stamp = (t) => {
  const d = new Date(t + 3600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} +01:00`;
};
const iso = (t) => stamp(t).replace(' ', 'T').replace(' +', ':00+');
const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 50);

/** One incident: returns { id, files: {relativePath: content} }. */
export function incident(i, seed = 42) {
  const r = rng(seed * 100003 + i);
  const cause = pick(r, CAUSES);
  const x = pick(r, cause.x);
  const title = cause.title.replace('{x}', x);
  const start = Date.UTC(2019, 0, 1) + Math.floor(r() * 7 * 365 * 86400_000);
  const detect = start + Math.floor(r() * 6 * 3600_000);
  const mitigate = detect + Math.floor(r() * 8 * 3600_000);
  const resolve = mitigate + Math.floor(r() * 48 * 3600_000);
  const status = r() < 0.9 ? 'resolved' : pick(r, ['investigating', 'mitigated']);
  const severity = pick(r, ['SEV1', 'SEV2', 'SEV2', 'SEV3', 'SEV3', 'SEV3', 'SEV4']);
  const d = new Date(start);
  const id = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}-${slug(title)}-${i}`;
  const services = some(r, SERVICES, 1, 3);
  const tags = [cause.tag, ...some(r, ['vps', 'container', 'wordpress', 'mail', 'quota', 'monitoring', 'hoster'], 0, 2)];
  const german = r() < 0.25;
  const fm = [
    '---',
    `id: ${id}`,
    `title: "${title}"`,
    `status: ${status}`,
    `severity: ${severity}`,
    `started: ${iso(start)}`,
    `detected: ${iso(detect)}`,
    status !== 'investigating' ? `mitigated: ${iso(mitigate)}` : null,
    status === 'resolved' ? `resolved: ${iso(resolve)}` : null,
    `services: [${services.join(', ')}]`,
    `hosts: [${some(r, HOSTS, 1, 2).join(', ')}]`,
    `tags: [${[...new Set(tags)].join(', ')}]`,
    `authors: ["${pick(r, AUTHORS)}"]`,
    r() < 0.03 ? 'draft: true' : null,
    '---',
  ].filter((l) => l !== null);
  const H = german
    ? { tldr: 'Zusammenfassung', impact: 'Auswirkungen', timeline: 'Zeitablauf', hyp: 'Spurensuche', cause: 'Ursache', fix: 'Behebung', prev: 'Vorbeugung', ev: 'Belege', lessons: 'Lehren' }
    : { tldr: 'TL;DR', impact: 'Impact', timeline: 'Timeline', hyp: 'Hypotheses', cause: 'Root cause', fix: 'Fix', prev: 'Prevention', ev: 'Evidence', lessons: 'Lessons learned' };
  const body = [];
  body.push(`# ${title}`, '', `## ${H.tldr}`, '', german ? pick(r, DE) + ' ' + para(r, 2) : para(r, 3), '');
  body.push(`## ${H.impact}`, '', `- ${services.join(', ')} unreliable for about ${Math.round((resolve - start) / 3600_000)} hours`, `- ${sentence(r)}`, '');
  body.push(`## ${H.timeline}`, '');
  const n = 6 + Math.floor(r() * 14);
  for (let k = 0; k < n; k++) {
    const t = start + Math.floor(((resolve - start) * k) / n);
    body.push(`- **${stamp(t)}** — ${k === 0 ? 'Uptime alarm: ' + services[0] + ' unreachable.' : sentence(r)}${r() < 0.2 ? ' See `' + cause.msg + '`.' : ''}`);
  }
  body.push('', `## ${H.hyp}`, '');
  const nh = 2 + Math.floor(r() * 3);
  for (let k = 1; k <= nh; k++) {
    const st = k === nh ? 'confirmed' : pick(r, ['rejected', 'rejected', 'open']);
    body.push(`- **H${k}** ${st} — ${sentence(r)}`);
    if (st !== 'open') body.push(`  ${st === 'rejected' ? 'Rejected' : 'Confirmed'} ${stamp(mitigate)}: ${sentence(r, 8)}`);
  }
  body.push('', `## ${H.cause}`, '', para(r), '', '```console', `$ df -i /`, 'Filesystem       Inodes   IUsed IFree IUse% Mounted on', `/dev/simfs     3000000 3000001     0  100% /`, '```', '', cause.msg ? `> ${cause.msg}` : '', '');
  body.push(`## ${H.fix}`, '', para(r), '', '1. ' + sentence(r, 6), '2. ' + sentence(r, 7), '3. ' + sentence(r, 5), '');
  body.push(`## ${H.prev}`, '');
  const na = 1 + Math.floor(r() * 4);
  for (let k = 0; k < na; k++) {
    const due = new Date(resolve + Math.floor(r() * 60) * 86400_000).toISOString().slice(0, 10);
    body.push(`- [${r() < 0.6 ? 'x' : ' '}] ${sentence(r, 6).slice(0, -1)} — owner: ${pick(r, AUTHORS)}, due: ${due}`);
  }
  const files = {};
  const ev = r() < 0.4;
  const snap = r() < 0.3;
  body.push('', `## ${H.ev}`, '');
  body.push('| resource | used | limit |', '|---|---:|---:|', `| ${cause.resource} | ${Math.floor(r() * 1000)} | 1000 |`, `| memory | ${Math.floor(r() * 100)} % | 100 % |`, '');
  if (ev) {
    const name = `evidence/${iso(detect).slice(0, 19).replace(/:/g, '-')}Z-df-i.txt`;
    files[name] = `$ df -i\nFilesystem Inodes IUsed IFree IUse% Mounted on\n/dev/simfs 3000000 ${2_900_000 + Math.floor(r() * 100_001)} 0 100% /\n`;
    body.push(`- [df -i output](${name})`);
  }
  if (snap) {
    const used = Math.floor(2_000_000 + r() * 1_000_001);
    const s = {
      schema: 1,
      host: pick(r, HOSTS),
      takenAt: iso(detect),
      durationMs: Math.floor(100 + r() * 900),
      findings: [
        { id: 'fs.inodes', severity: used > 2_700_000 ? 'critical' : 'warning', resource: 'inodes', subject: '/', used, limit: 3_000_000, utilization: used / 3_000_000, message: `inodes on / ${Math.round((used / 3_000_000) * 100)} % used`, hint: 'run pm hunt / to see where they went' },
        { id: 'memory', severity: 'info', resource: 'memory', subject: 'system', used: 812, limit: 4096, utilization: 812 / 4096, message: 'memory 20 % used', hint: '' },
        { id: 'fs.bytes', severity: 'info', resource: 'disk', subject: '/', used: 25, limit: 50, utilization: 0.5, message: 'disk 50 % used', hint: '' },
      ],
      probes: [{ id: 'fs', ok: true, ms: 12 }],
    };
    files[`snapshots/${iso(detect).slice(0, 19).replace(/:/g, '-')}Z.json`] = JSON.stringify(s, null, 2);
  }
  // about a third of real postmortems link out (dashboards, tickets, vendor docs)
  if (r() < 0.35) body.push(`- Dashboard during the incident: https://grafana.example.org/d/host?from=${start}&to=${resolve}`, `- Ticket: [OPS-${1000 + i}](https://tickets.example.org/OPS-${1000 + i})`);
  body.push('', `## ${H.lessons}`, '', `- ${sentence(r)}`, `- ${sentence(r)}`, '', para(r), '');
  files['postmortem.md'] = fm.join('\n') + '\n\n' + body.join('\n');
  return { id, files };
}

/** Writes `count` incidents into `dir` (which should be empty). */
export function generate(dir, count, seed = 42) {
  const ids = [];
  for (let i = 0; i < count; i++) {
    const { id, files } = incident(i, seed);
    for (const [rel, content] of Object.entries(files)) {
      const f = path.join(dir, id, rel);
      mkdirSync(path.dirname(f), { recursive: true });
      writeFileSync(f, content);
    }
    ids.push(id);
  }
  return ids;
}

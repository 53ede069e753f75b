// The kernel's ring buffer as a logs source (a container or minimal VM has no kern.log): a line the
// test writes to /dev/kmsg (root may) comes back as a cluster placed at the time it was written.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pm } from '../helpers.js';

const root = process.getuid?.() === 0;
if (!root) console.log('kmsg test skipped: writing to /dev/kmsg needs root (CI runs it as root)');

describe.skipIf(!root)('logs /dev/kmsg', () => {
  it('reads the ring buffer and places its lines by the boot time', () => {
    // letters only: the shape masks numbers, and an earlier run's line must not be the same shape
    const marker = `pmtest${Array.from({ length: 12 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')}`;
    const before = Date.now();
    writeFileSync('/dev/kmsg', `${marker}: unable to create sockets: Cannot allocate memory\n`);
    const r = pm(['logs', '/dev/kmsg', '--since', '10 minutes ago', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const cl = out.clusters.find((c: { example: string }) => c.example.includes(marker));
    expect(cl).toBeDefined();
    expect(Math.abs(Date.parse(cl.first) - before)).toBeLessThan(5000);
    expect(out.sources[0].name).toBe('kernel (/dev/kmsg)');
  });
});

// snapshot --ssh against a real OpenSSH server started here on 127.0.0.1 (see sshd.ts).
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { pm, tempDir } from '../helpers.js';
import { startSshd, type Sshd } from './sshd.js';

let server: Sshd;
let env: Record<string, string>;
let hostsFile = '';

beforeAll(async () => {
  server = await startSshd();
  env = server.env;
  hostsFile = path.join(server.dir, 'hosts');
  writeFileSync(hostsFile, '# the fleet\nweb-1\nsilent   # never answers\n\nweb-2\n');
});

afterAll(() => server?.stop());

describe('snapshot --ssh over loopback', () => {
  it('reads two hosts through BusyBox sh and reports the closed one unreachable without sinking them', () => {
    const r = pm(['snapshot', '--no-save', '--json', '--ssh', 'web-1,closed,web-2', '--timeout', '10'], { env });
    expect(r.status, r.stderr).toBe(1); // a host could not be read
    const data = JSON.parse(r.stdout) as { fleet: Array<{ host: string; error?: string; snapshot?: Snapshot }> };
    expect(data, r.stderr).toHaveProperty('fleet');
    const fleet = data.fleet;
    expect(fleet.map((h) => h.host)).toEqual(['web-1', 'closed', 'web-2']);
    expect(fleet[1]!.error).toMatch(/^closed: unreachable: .*Connection refused/);
    for (const h of [fleet[0]!, fleet[2]!]) {
      expect(h.error).toBeUndefined();
      expect(h.snapshot!.root).toBe(h.host);
      expect(h.snapshot!.probes.find((p) => p.id === 'host')!.status).toBe('ok');
      expect(h.snapshot!.findings.some((f) => f.id === 'filesystems.inodes' && f.subject === '/')).toBe(true);
    }
  });
  it('prints the fleet table, worst first, failed host on top', () => {
    const r = pm(['snapshot', '--no-save', '--ssh', 'web-1,closed', '--parallel', '2'], { env });
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^host +worst finding +crit +warn +time$/);
    expect(lines[2]).toMatch(/^closed +not read: unreachable/);
    expect(lines[3]).toMatch(/^web-1 /);
    expect(r.stdout).toContain('2 hosts, 1 read, 1 not read');
  });
  it('one host reads like a local snapshot; saving puts it under snapshots/ with the host in its name', () => {
    const dir = tempDir();
    expect(pm(['--dir', dir, 'new', 'Fleet check']).status).toBe(0);
    const r = pm(['--dir', dir, 'snapshot', '--ssh', 'web-2'], { env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Fullest resources/);
    const saved = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.includes(`snapshots${path.sep}`));
    expect(saved).toEqual([expect.stringMatching(/snapshots\/web-2-\d{4}-\d\d-\d\dT[\d-]+Z\.json$/)]);
  });
  it('--hosts FILE: a host that never answers is timed out at the deadline, the others complete', () => {
    const t0 = Date.now();
    const r = pm(['snapshot', '--no-save', '--json', '--hosts', hostsFile, '--timeout', '15'], { env });
    const fleet = (JSON.parse(r.stdout) as { fleet: Array<{ host: string; error?: string; snapshot?: Snapshot }> }).fleet;
    expect(fleet.map((h) => [h.host, h.error ?? 'read'])).toEqual([['web-1', 'read'], ['silent', expect.any(String)], ['web-2', 'read']]);
    // ssh's ConnectTimeout (5 s) covers the banner too; past it, our own deadline would kill ssh
    expect(fleet[1]!.error).toMatch(/^silent: (unreachable: Connection timed out during banner exchange|timed out after 15 s)$/);
    expect(Date.now() - t0).toBeLessThan(20000); // in parallel: the deadline once, not once per host
  });
  it('a host that cannot be read alone is one line on stderr, exit 1', () => {
    const r = pm(['snapshot', '--no-save', '--ssh', 'closed'], { env });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/closed: unreachable/);
  });
});

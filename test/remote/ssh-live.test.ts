// snapshot --ssh against a real OpenSSH server started here on 127.0.0.1 (never another address),
// with its own config, host key and a throwaway client key; the test user's login shell is BusyBox
// sh, so the collector is proven POSIX-only. The user's ssh client is used as is, through a wrapper
// on PATH that adds the test's ssh config (-F), as ~/.ssh/config would.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import { pm, tempDir } from '../helpers.js';

const USER = 'pm-fleet-test';

const freePort = () => new Promise<number>((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address() as net.AddressInfo;
    s.close(() => resolve(port));
  });
});

const listening = async (port: number, ms: number) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => (c.end(), resolve(true))).on('error', () => resolve(false));
    });
    if (ok) return;
  }
  throw new Error(`sshd did not listen on 127.0.0.1:${port}`);
};

let sshd: ChildProcess | undefined;
let userMade = false;
let env: Record<string, string>;
let closedPort = 0;
let silent: net.Server | undefined;
let hostsFile = '';

beforeAll(async () => {
  const d = tempDir('pm-sshd-');
  chmodSync(d, 0o755); // the test user walks to its shell link
  const port = await freePort();
  closedPort = await freePort(); // nothing listens there once freed
  // a server that accepts and never says a word: only the per-host deadline ends it
  const quiet: net.Socket[] = [];
  silent = net.createServer((c) => quiet.push(c)).on('close', () => quiet.forEach((c) => c.destroy()));
  await new Promise<void>((r) => silent!.listen(0, '127.0.0.1', r));
  const silentPort = (silent.address() as net.AddressInfo).port;
  (silent as net.Server & { quiet?: net.Socket[] }).quiet = quiet;
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(d, 'host_key')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(d, 'client_key')]);
  writeFileSync(path.join(d, 'authorized_keys'), readFileSync(path.join(d, 'client_key.pub')), { mode: 0o644 });
  symlinkSync('/bin/busybox', path.join(d, 'sh')); // argv[0] "sh": BusyBox runs its ash
  if (spawnSync('id', [USER]).status !== 0) {
    // password "*": no password login, but not a locked account (sshd without PAM refuses those)
    execFileSync('useradd', ['-M', '-p', '*', '-d', d, '-s', path.join(d, 'sh'), USER]);
    userMade = true;
  } else execFileSync('usermod', ['-p', '*', '-d', d, '-s', path.join(d, 'sh'), USER]);
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // sshd's privilege separation folder
  writeFileSync(path.join(d, 'sshd_config'), [
    `ListenAddress 127.0.0.1:${port}`,
    `HostKey ${path.join(d, 'host_key')}`,
    `AuthorizedKeysFile ${path.join(d, 'authorized_keys')}`,
    `AllowUsers ${USER}`,
    'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'UsePAM no', 'StrictModes no', 'PidFile none', 'LogLevel ERROR',
  ].join('\n') + '\n');
  sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', path.join(d, 'sshd_config')], { stdio: 'ignore' });
  const host = (alias: string, p: number) => [`Host ${alias}`, '  HostName 127.0.0.1', `  Port ${p}`, `  User ${USER}`, `  IdentityFile ${path.join(d, 'client_key')}`,
    '  IdentitiesOnly yes', '  StrictHostKeyChecking no', '  UserKnownHostsFile /dev/null', '  LogLevel ERROR'].join('\n');
  writeFileSync(path.join(d, 'ssh_config'), [host('web-1', port), host('web-2', port), host('closed', closedPort), host('silent', silentPort)].join('\n') + '\n');
  const bin = path.join(d, 'bin');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F ${path.join(d, 'ssh_config')} "$@"\n`, { mode: 0o755 });
  env = { PATH: `${bin}:${process.env.PATH}` };
  hostsFile = path.join(d, 'hosts');
  writeFileSync(hostsFile, '# the fleet\nweb-1\nsilent   # never answers\n\nweb-2\n');
  await listening(port, 5000);
});

afterAll(async () => {
  for (const c of (silent as (net.Server & { quiet?: net.Socket[] }) | undefined)?.quiet ?? []) c.destroy();
  silent?.close();
  // also when a test failed; wait for it so no zombie is left for an init that does not reap
  if (sshd && sshd.exitCode === null) await new Promise((r) => (sshd!.once('exit', r), sshd!.kill('SIGKILL')));
  if (userMade) spawnSync('userdel', [USER]);
});

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

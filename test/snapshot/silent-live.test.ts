// The silent limits, exhausted for real as root: SysV IPC in a private IPC namespace, kernel keys of
// nobody under a lowered kernel.keys.maxkeys, a process at vm.max_map_count, a listener in a private
// network namespace that never accepts. Every sysctl touched is restored and everything made is
// removed, also on failure; without root or the tools these skip and say why.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbes } from '../../src/snapshot/run.js';
import type { Finding } from '../../src/snapshot/types.js';
import { CLI } from '../helpers.js';

const root = process.getuid?.() === 0;
const onPath = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
/** The system's python3: a per-user shim (pyenv) would not run as nobody. */
const PY = ['/usr/bin/python3', '/usr/local/bin/python3'].find(existsSync);

/** Why a scenario cannot run here, or null. */
function missing(...cmds: string[]): string | null {
  if (!root) return 'not root';
  if (!PY) return 'no /usr/bin/python3';
  const gone = cmds.filter((c) => !onPath(c));
  return gone.length ? `${gone.join(', ')} not installed` : null;
}
const skipped = (what: string, why: string | null) => {
  if (why) console.log(`silent-limit live test "${what}" skipped: ${why}`);
  return why !== null;
};
const noCli = existsSync(CLI) ? null : 'dist/cli.js not built (npm ci builds it)';

/** Starts a helper and resolves with its first line of output (it prints when it has filled the resource). */
function start(cmd: string, args: string[]): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (b) => (err += b));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} did not get ready: ${err.trim()}`)), 20000);
    child.stdout!.on('data', (b) => {
      out += b;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve({ child, line: out.split('\n')[0]! });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} ended (${code}): ${err.trim()}`));
    });
  });
}

/** The built CLI's findings, run through `prefix` (nsenter, ip netns exec) to see a namespace. */
function snapshotIn(prefix: string[], probe: string): Finding[] {
  const r = spawnSync(prefix[0]!, [...prefix.slice(1), process.execPath, CLI, 'snapshot', '--no-save', '--json', '--probe', probe], { encoding: 'utf8', timeout: 20000 });
  if (r.status !== 0) throw new Error(`snapshot failed (${r.status}): ${r.stderr}`);
  return (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
}
const comm = (pid: number) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim();

// As nobody, create semaphore arrays, segments and queues until the kernel refuses, print each errno.
const FILL_IPC = `
import ctypes, os, time
libc = ctypes.CDLL(None, use_errno=True)
IPC_CREAT = 0o1000
made = {}
for name, make in (('sem', lambda: libc.semget(0, 2, IPC_CREAT | 0o600)), ('shm', lambda: libc.shmget(0, 4096, IPC_CREAT | 0o600)), ('msg', lambda: libc.msgget(0, IPC_CREAT | 0o600))):
    n = 0
    while make() >= 0 and n < 100:
        n += 1
    made[name] = [n, os.strerror(ctypes.get_errno())]
print(made, flush=True)
time.sleep(120)
`;

const ipcWhy = missing('unshare', 'nsenter', 'setpriv') ?? (existsSync('/proc/sysvipc') ? null : 'kernel without System V IPC');
describe.skipIf(skipped('sysvipc', ipcWhy ?? noCli))('SysV IPC full in its own IPC namespace', () => {
  let holder: ChildProcess | undefined;
  let made = '';
  beforeAll(async () => {
    // the limits are per IPC namespace: lowered inside a new one, the host's stay as they are
    const sh = 'echo "2 8 32 4" > /proc/sys/kernel/sem && echo 4 > /proc/sys/kernel/shmmni && echo 4 > /proc/sys/kernel/msgmni && exec setpriv --reuid=65534 --regid=65534 --clear-groups "$0" -c "$1"';
    const r = await start('unshare', ['--ipc', 'sh', '-c', sh, PY!, FILL_IPC]);
    holder = r.child;
    made = r.line;
  });
  afterAll(() => holder?.kill('SIGKILL')); // the namespace and its objects go with its last process

  it('is critical, naming nobody and the command holding the segments', () => {
    // the kernel refused with ENOSPC although the disk has room
    expect(made).toBe("{'sem': [4, 'No space left on device'], 'shm': [4, 'No space left on device'], 'msg': [4, 'No space left on device']}");
    const f = snapshotIn(['nsenter', `--target=${holder!.pid}`, '--ipc', '--'], 'sysvipc');
    const sem = f.find((x) => x.id === 'sysvipc.sem-arrays')!;
    expect(sem).toMatchObject({ severity: 'critical', used: 4, limit: 4 });
    expect(sem.message).toContain(`most held by nobody (uid 65534), who runs ${comm(holder!.pid!)}: 4 arrays`);
    expect(f.find((x) => x.id === 'sysvipc.semaphores')).toMatchObject({ severity: 'critical', used: 8, limit: 8 });
    const shm = f.find((x) => x.id === 'sysvipc.shm-segments')!;
    expect(shm).toMatchObject({ severity: 'critical', used: 4, limit: 4 });
    expect(shm.message).toContain(`: 4 segments, made or last used by ${comm(holder!.pid!)}`); // by cpid
    expect(f.find((x) => x.id === 'sysvipc.msg-queues')).toMatchObject({ severity: 'critical', used: 4, limit: 4 });
  });
});

const MAXKEYS = '/proc/sys/kernel/keys/maxkeys';
const keysWhy = missing('keyctl', 'setpriv') ?? (existsSync(MAXKEYS) ? null : 'kernel without keys');
describe.skipIf(skipped('keys', keysWhy))("nobody's kernel keys at a lowered kernel.keys.maxkeys", () => {
  const saved = existsSync(MAXKEYS) ? readFileSync(MAXKEYS, 'utf8').trim() : '';
  let holder: ChildProcess | undefined;
  let refused = '';
  beforeAll(async () => {
    const row = readFileSync('/proc/key-users', 'utf8').split('\n').find((l) => /^\s*65534:/.test(l));
    const held = row ? Number(/(\d+)\/\d+\s+\d+\/\d+\s*$/.exec(row)![1]) : 0;
    writeFileSync(MAXKEYS, String(held + 10)); // restored in afterAll
    // a fresh session keyring filled with keys until add_key is refused; it is freed when the holder dies
    const fill = 'i=0; while out=$(keyctl add user pm-test-$i x @s 2>&1); do i=$((i+1)); [ $i -lt 50 ] || break; done; echo "$out"; exec sleep 120';
    const r = await start('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'keyctl', 'session', '-', 'sh', '-c', fill]);
    holder = r.child;
    refused = r.line;
  });
  afterAll(() => {
    writeFileSync(MAXKEYS, saved);
    holder?.kill('SIGKILL');
  });

  it('is critical, naming nobody, while no filesystem has a quota', async () => {
    expect(refused).toMatch(/Disk quota exceeded/);
    const r = await runProbes({ ids: ['keys'] });
    const f = r.findings.find((x) => x.id === 'keys.keys' && x.subject === 'nobody (uid 65534)')!;
    expect(f).toMatchObject({ severity: 'critical', limit: Number(readFileSync(MAXKEYS, 'utf8')) });
    expect(f.used).toBe(f.limit);
    expect(f.hint).toContain('kernel.keys.maxkeys');
  });
});

// Splits one PROT_READ mapping into a map per page by making every other page PROT_NONE until the
// kernel refuses (nothing is written, so nothing is allocated), prints the count and the errno.
const FILL_MAPS = `
import ctypes, mmap, os, time
libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
pages = 2 * int(open('/proc/sys/vm/max_map_count').read()) + 64
base = libc.mmap(None, pages * 4096, mmap.PROT_READ, mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS, -1, 0)
i = 1
while i < pages and libc.mprotect(base + i * 4096, 4096, 0) == 0:
    i += 2
print(os.strerror(ctypes.get_errno()), flush=True)
time.sleep(120)
`;
const maxMaps = existsSync('/proc/sys/vm/max_map_count') ? Number(readFileSync('/proc/sys/vm/max_map_count', 'utf8')) : 0;
const mapsWhy = missing() ?? (maxMaps > 1_000_000 ? `vm.max_map_count is ${maxMaps}: too many maps to fill in a test` : null);
describe.skipIf(skipped('maps', mapsWhy))('a process at vm.max_map_count', () => {
  let holder: ChildProcess | undefined;
  let refused = '';
  beforeAll(async () => {
    const r = await start(PY!, ['-c', FILL_MAPS]);
    holder = r.child;
    refused = r.line;
  });
  afterAll(() => holder?.kill('SIGKILL'));

  it('is critical, naming the process, with memory free', async () => {
    expect(refused).toBe('Cannot allocate memory');
    const r = await runProbes({ ids: ['maps'] });
    const f = r.findings.find((x) => x.id === 'maps.count' && x.subject === `${comm(holder!.pid!)} [${holder!.pid}]`)!;
    expect(f).toMatchObject({ severity: 'critical', limit: maxMaps });
    expect(f.used).toBeGreaterThanOrEqual(maxMaps - 1);
  });
});

// A server that listens with backlog 1 and never accepts, and clients that keep connecting.
const SERVER = `
import socket, time
s = socket.socket()
s.bind(('127.0.0.1', 0))
s.listen(1)
print(s.getsockname()[1], flush=True)
time.sleep(120)
`;
const CLIENTS = `
import socket, sys, time
held = []
for i in range(6):
    c = socket.socket()
    c.setblocking(False)
    c.connect_ex(('127.0.0.1', int(sys.argv[1])))
    held.append(c)
time.sleep(1.5)
print('connected', flush=True)
time.sleep(120)
`;
const listenWhy = missing('ip', 'ss');
describe.skipIf(skipped('listen', listenWhy ?? noCli))('an accept queue full in its own network namespace', () => {
  const ns = `pm-listen-${process.pid}`;
  let server: ChildProcess | undefined;
  let clients: ChildProcess | undefined;
  let port = 0;
  beforeAll(async () => {
    execFileSync('ip', ['netns', 'add', ns]);
    execFileSync('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);
    const s = await start('ip', ['netns', 'exec', ns, PY!, '-c', SERVER]);
    server = s.child;
    port = Number(s.line);
    clients = (await start('ip', ['netns', 'exec', ns, PY!, '-c', CLIENTS, String(port)])).child;
  });
  afterAll(() => {
    clients?.kill('SIGKILL');
    server?.kill('SIGKILL');
    spawnSync('ip', ['netns', 'del', ns]);
  });

  it('is critical, naming the port and the process, with the overflows counted', () => {
    const f = snapshotIn(['ip', 'netns', 'exec', ns], 'listen');
    const q = f.find((x) => x.id === 'listen.accept-queue' && x.subject === `127.0.0.1:${port}`)!;
    expect(q).toMatchObject({ severity: 'critical', used: 2, limit: 2 }); // backlog 1 holds 2
    expect(q.message).toContain(`held by ${comm(server!.pid!)} [${server!.pid}]`);
    const o = f.find((x) => x.id === 'listen.overflows')!;
    expect(o.severity).toBe('critical');
    expect(o.used).toBeGreaterThan(0);
    expect(o.message).toContain(`full now: 127.0.0.1:${port}`);
  });
});

// The CLI on messages explain used to misread: curl exit codes, ld.so's "Error N", a bare "Killed",
// EDQUOT from the kernel keyring, cgroup v1 failcnt lines.
import { describe, expect, it } from 'vitest';
import { pm } from '../helpers.js';

const top = (text: string) => {
  const r = pm(['explain', '--no-live', '--json', text]);
  expect(r.status).toBe(0);
  const data = JSON.parse(r.stdout) as { errors: Array<{ errnos: string[] }>; suspects: Array<{ resource: string; why: string }> };
  return { errnos: data.errors[0]!.errnos, ids: data.suspects.map((s) => s.resource), first: data.suspects[0] };
};

describe('pm explain reads messages as their programs mean them', () => {
  it('a curl exit code is no errno: nothing is blamed', () => {
    expect(top('curl: (28) Operation timed out after 30000 milliseconds with 0 bytes received')).toMatchObject({ errnos: [], ids: [] });
    const r = pm(['explain', '--no-live', "curl: (7) Couldn't connect to server"]);
    expect(r.stdout).toContain('No known resource-exhaustion pattern');
  });

  it("ld.so's Error 23 is ENFILE, the system-wide file table", () => {
    const t = top('/usr/bin/python3: error while loading shared libraries: libz.so.1: cannot open shared object file: Error 23');
    expect(t.errnos).toEqual(['ENFILE']);
    expect(t.first!.resource).toBe('fds-system');
    expect(t.first!.why).not.toContain('even root');
  });

  it('"Killed" points at the OOM killer, a keyring EDQUOT at the key quota, cgroup v1 failcnt at the cgroup', () => {
    expect(top('Killed').first!.resource).toBe('memory');
    expect(top('join session keyring: create session key: disk quota exceeded').first!.resource).toBe('kernel-keys');
    const v1 = top('memory: usage 524288kB, limit 524288kB, failcnt 1234');
    expect(v1.first!.resource).toBe('cgroup-memory');
    expect(v1.ids).not.toContain('beancounters');
  });

  it('prints the Java thread failure with its limits for people', () => {
    const r = pm(['explain', '--no-live', 'java.lang.OutOfMemoryError: unable to create native thread: possibly out of memory or process/resource limits reached']);
    expect(r.stdout).toMatch(/^1\. processes: processes and threads/m);
    expect(r.stdout).toMatch(/^2\. cgroup-pids: /m);
  });
});

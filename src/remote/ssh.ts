// Runs the collector on a host with the user's own OpenSSH client (~/.ssh/config, agent,
// ProxyJump all apply), and says in one line why a host could not be read.
import { spawn } from 'node:child_process';
import { RemoteError } from '../errors.js';
import { redact } from '../redact/redact.js';

/** The arguments after `ssh`: never a password prompt, a short connect timeout, the script on stdin. */
export const sshArgs = (host: string, connectTimeoutS = 5): string[] => ['-o', 'BatchMode=yes', '-o', `ConnectTimeout=${connectTimeoutS}`, '--', host, 'sh -s'];

/** Why ssh failed, from its exit code and the last thing it said. */
export function sshFailure(host: string, code: number | null, stderr: string): string {
  const last = stderr.trim().split('\n').filter(Boolean).pop() ?? '';
  const said = last ? `: ${last}` : '';
  if (/Permission denied|Too many authentication failures|Host key verification failed/i.test(stderr)) return `${host}: auth refused${said}`;
  if (/Connection refused|No route to host|Could not resolve hostname|Connection timed out|Network is unreachable|Connection closed by|kex_exchange_identification/i.test(stderr)) return `${host}: unreachable${said}`;
  if (code === 127 || /sh: (not found|No such file)/i.test(stderr)) return `${host}: no sh on the host${said}`;
  return `${host}: ssh exited ${code}${said}`;
}

/**
 * The collector's stdout from `host`, or a RemoteError. `timeoutMs` bounds the whole exchange;
 * ssh is killed at the deadline so a host that never answers costs no more than that.
 */
export function runCollector(host: string, script: string, timeoutMs: number, ssh = 'ssh'): Promise<Buffer> {
  if (host.startsWith('-') || /\s/.test(host)) return Promise.reject(new RemoteError(`${host}: not a host name`));
  return new Promise((resolve, reject) => {
    const child = spawn(ssh, sshArgs(host, Math.max(1, Math.min(5, Math.ceil(timeoutMs / 1000)))), { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err = (err + s).slice(-4000)));
    child.stdin.on('error', () => {}); // EPIPE when ssh gave up before reading the script
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new RemoteError(`${host}: cannot run ssh: ${e.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      // stderr is the host's text: through the gate before it is shown
      if (timedOut) reject(new RemoteError(`${host}: timed out after ${(timeoutMs / 1000).toFixed(0)} s`));
      else if (code !== 0) reject(new RemoteError(redact(sshFailure(host, code, err))));
      else resolve(Buffer.concat(out));
    });
    child.stdin.end(script);
  });
}

// A real OpenSSH server on 127.0.0.1 (never another address) for the remote tests and the fleet
// bench (bench/fleet.mjs, plain JS: hence .mjs, no imports from the tests): its own config, host key
// and a throwaway client key; the test user's login shell is BusyBox sh, so the collector is proven
// POSIX-only. The user's ssh client is used as is, through a wrapper on PATH that adds the test's
// ssh config (-F), as ~/.ssh/config would. Aliases: web-1, web-2 (the server), closed (a port
// nothing listens on), silent (accepts and never says a word), plus any `extra` aliases of the server.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const USER = 'pm-fleet-test';

/** @returns {Promise<number>} a port on 127.0.0.1 that was free a moment ago */
export const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = /** @type {net.AddressInfo} */ (s.address());
    s.close(() => resolve(port));
  });
});

/** @param {number} port @param {number} ms */
const listening = async (port, ms) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    const ok = await new Promise((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => (c.end(), resolve(true))).on('error', () => resolve(false));
    });
    if (ok) return;
  }
  throw new Error(`sshd did not listen on 127.0.0.1:${port}`);
};

/**
 * @typedef {object} Sshd
 * @property {string} dir the server's folder (keys, configs, the `bin/ssh` wrapper)
 * @property {number} port
 * @property {number} closedPort
 * @property {number} silentPort
 * @property {Record<string, string>} env environment for the CLI: PATH with the ssh wrapper first
 * @property {string} sshConfig the ssh config file the wrapper passes with -F
 * @property {string} user the login user (USER, or one of this process's own when another server holds USER)
 * @property {() => Promise<void>} stop stops the server and removes its folder
 */

/** @param {string[]} [extra] more aliases of the server @returns {Promise<Sshd>} */
export async function startSshd(extra = []) {
  const d = mkdtempSync(path.join(os.tmpdir(), 'pm-sshd-'));
  chmodSync(d, 0o755); // the test user walks to its shell link
  const port = await freePort();
  const closedPort = await freePort(); // nothing listens there once freed
  /** @type {net.Socket[]} */
  const quiet = [];
  const silent = net.createServer((c) => quiet.push(c));
  await new Promise((r) => silent.listen(0, '127.0.0.1', () => r(undefined)));
  const silentPort = /** @type {net.AddressInfo} */ (silent.address()).port;
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(d, 'host_key')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(d, 'client_key')]);
  writeFileSync(path.join(d, 'authorized_keys'), readFileSync(path.join(d, 'client_key.pub')), { mode: 0o644 });
  symlinkSync('/bin/busybox', path.join(d, 'sh')); // argv[0] "sh": BusyBox runs its ash
  // password "*": no password login, but not a locked account (sshd without PAM refuses those).
  // Another server of this helper may be using the user (usermod refuses then): one of our own.
  let user = USER;
  let userMade = false;
  if (spawnSync('id', [USER]).status !== 0) {
    execFileSync('useradd', ['-M', '-p', '*', '-d', d, '-s', path.join(d, 'sh'), USER]);
    userMade = true;
  } else if (spawnSync('usermod', ['-p', '*', '-d', d, '-s', path.join(d, 'sh'), USER]).status !== 0) {
    user = `pm-ft-${process.pid}`;
    execFileSync('useradd', ['-M', '-p', '*', '-d', d, '-s', path.join(d, 'sh'), user]);
    userMade = true;
  }
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // sshd's privilege separation folder
  writeFileSync(path.join(d, 'sshd_config'), [
    `ListenAddress 127.0.0.1:${port}`,
    `HostKey ${path.join(d, 'host_key')}`,
    `AuthorizedKeysFile ${path.join(d, 'authorized_keys')}`,
    `AllowUsers ${user}`,
    // many aliases of one server connect at once: let them all in
    'MaxStartups 100', 'MaxSessions 100',
    'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'UsePAM no', 'StrictModes no', 'PidFile none', 'LogLevel ERROR',
  ].join('\n') + '\n');
  const sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', path.join(d, 'sshd_config')], { stdio: 'ignore' });
  /** @param {string} alias @param {number} p */
  const host = (alias, p) => [`Host ${alias}`, '  HostName 127.0.0.1', `  Port ${p}`, `  User ${user}`, `  IdentityFile ${path.join(d, 'client_key')}`,
    '  IdentitiesOnly yes', '  StrictHostKeyChecking no', '  UserKnownHostsFile /dev/null', '  LogLevel ERROR'].join('\n');
  const sshConfig = path.join(d, 'ssh_config');
  writeFileSync(sshConfig, [host('web-1', port), host('web-2', port), ...extra.map((a) => host(a, port)),
    host('closed', closedPort), host('silent', silentPort)].join('\n') + '\n');
  const bin = path.join(d, 'bin');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F ${sshConfig} "$@"\n`, { mode: 0o755 });
  await listening(port, 5000);
  return {
    dir: d, port, closedPort, silentPort, sshConfig, user,
    env: { PATH: `${bin}:${process.env.PATH}` },
    async stop() {
      for (const c of quiet) c.destroy();
      silent.close();
      // wait for it so no zombie is left for an init that does not reap
      if (sshd.exitCode === null) await new Promise((r) => (sshd.once('exit', r), sshd.kill('SIGKILL')));
      if (userMade) spawnSync('userdel', [user]);
      rmSync(d, { recursive: true, force: true });
    },
  };
}

// The sshd helper lives in sshd.mjs (plain JS, so bench/fleet.mjs shares it); this file gives the
// tests its types under the name they import.
import { freePort as freePortJs, startSshd as startSshdJs, USER as USER_JS } from './sshd.mjs';

export interface Sshd {
  /** The server's folder (keys, configs, the `bin/ssh` wrapper). */
  dir: string;
  port: number;
  closedPort: number;
  silentPort: number;
  /** Environment for `pm(...)`: PATH with the ssh wrapper first. */
  env: Record<string, string>;
  /** The ssh config file the wrapper passes with -F. */
  sshConfig: string;
  /** The login user: USER, or one of this process's own when another server holds USER. */
  user: string;
  stop(): Promise<void>;
}

export const USER: string = USER_JS;
export const freePort: () => Promise<number> = freePortJs;
export const startSshd: (extra?: string[]) => Promise<Sshd> = startSshdJs;

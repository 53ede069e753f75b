// Which hosts `snapshot` reads over ssh: --ssh HOST[,HOST...], --hosts FILE (one per line) and
// --inventory FILE [--group G] (Ansible INI), together, each host once, in the order given.
import { readFileSync } from 'node:fs';
import { InputError, UsageError } from '../errors.js';
import type { SshTarget } from './fleet.js';
import { destination, readInventory, selectHosts } from './inventory.js';

export interface TargetArgs {
  ssh?: string;
  hosts?: string;
  inventory?: string;
  group?: string;
}

/** One host per line; blank lines and # comments skipped. */
export function parseHostsFile(text: string): string[] {
  return text.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, undefined, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message);
  }
}

/** Ansible's connection plugins that are OpenSSH (or speak it). */
const SSH_CONNECTIONS = new Set(['ssh', 'smart', 'paramiko', 'paramiko_ssh', 'ansible.builtin.ssh', 'ansible.builtin.paramiko_ssh']);

export const wantsSsh = (a: TargetArgs): boolean => a.ssh !== undefined || a.hosts !== undefined || a.inventory !== undefined;

export function targetsOf(a: TargetArgs): SshTarget[] {
  if (a.group !== undefined && a.inventory === undefined) throw new UsageError('--group picks a group of --inventory FILE; give the inventory too');
  const plain = [...(a.ssh?.split(',') ?? []), ...(a.hosts !== undefined ? parseHostsFile(readText(a.hosts)) : [])].map((h) => h.trim()).filter(Boolean);
  const all: SshTarget[] = plain.map((h) => ({ name: h, destination: h }));
  if (a.inventory !== undefined) {
    const inv = readInventory(a.inventory);
    // --group web,db: the union, in the inventory's order per group
    const picked = a.group === undefined ? selectHosts(inv) : a.group.split(',').map((g) => g.trim()).filter(Boolean).flatMap((g) => selectHosts(inv, g));
    for (const h of picked) {
      const via = h.vars.ansible_connection;
      // Ansible reaches these without ssh (localhost, containers, Windows): say so rather than try ssh
      const notOverSsh = via && !SSH_CONNECTIONS.has(via) ? `ansible_connection=${via}, not ssh: read it with snapshot there` : undefined;
      all.push({ name: h.name, destination: destination(h), ...(notOverSsh ? { notOverSsh } : {}) });
    }
  }
  const seen = new Set<string>();
  const out = all.filter((t) => !seen.has(t.name) && seen.add(t.name));
  if (!out.length && a.inventory !== undefined) throw new InputError(a.inventory, undefined, `no hosts${a.group ? ` in group ${a.group}` : ''}`);
  if (!out.length) throw new UsageError('--ssh/--hosts: expected HOST[,HOST...] or a file with one host per line');
  return out;
}

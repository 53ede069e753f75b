// Every probe, in report order. One file per probe; adding one means adding it here.
import type { Probe } from '../types.js';
import { beancounters } from './beancounters.js';
import { census } from './census.js';
import { cgroup } from './cgroup.js';
import { conntrack } from './conntrack.js';
import { fds } from './fds.js';
import { filesystems } from './filesystems.js';
import { host } from './host.js';
import { inotify } from './inotify.js';
import { keys } from './keys.js';
import { kernelLog } from './kernel-log.js';
import { listen } from './listen.js';
import { load } from './load.js';
import { maps } from './maps.js';
import { memory } from './memory.js';
import { oom } from './oom.js';
import { overcommit } from './overcommit.js';
import { packages } from './packages.js';
import { processes } from './processes.js';
import { psi } from './psi.js';
import { sockets } from './sockets.js';
import { sysvipc } from './sysvipc.js';
import { tcp } from './tcp.js';

export const PROBES: Probe[] = [host, filesystems, beancounters, cgroup, memory, overcommit, oom, psi, load, listen, fds, processes, census, sockets, tcp, conntrack, inotify, sysvipc, keys, maps, kernelLog, packages];

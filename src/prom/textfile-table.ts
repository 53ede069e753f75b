// The one table mapping probe data to metric families: what the snapshot engine reads beyond
// node_exporter (its own collectors already cover filesystems, meminfo, load, file-nr, PSI and
// sockstat). Adding a probe's metrics is one entry here. Label values with machine names (commands,
// cgroups, destinations) are bounded: at most TOP rows per probe, the fullest first as the probes sort.
import { PAGE } from '../snapshot/proctable.js';
import { beancounters } from '../snapshot/probes/beancounters.js';
import { cgroup } from '../snapshot/probes/cgroup.js';
import { conntrack } from '../snapshot/probes/conntrack.js';
import { fds } from '../snapshot/probes/fds.js';
import { inotify } from '../snapshot/probes/inotify.js';
import { keys } from '../snapshot/probes/keys.js';
import { listen } from '../snapshot/probes/listen.js';
import { maps } from '../snapshot/probes/maps.js';
import { overcommit } from '../snapshot/probes/overcommit.js';
import { processes } from '../snapshot/probes/processes.js';
import { sockets } from '../snapshot/probes/sockets.js';
import { sysvipc } from '../snapshot/probes/sysvipc.js';
import { tcp } from '../snapshot/probes/tcp.js';
import type { Probe } from '../snapshot/types.js';
import type { MetricType, Sample } from './metrics.js';

/** Rows per probe with machine-named labels (processes, users, destinations, sockets). */
export const TOP = 10;

export interface FamilySpec<D> {
  name: string;
  help: string;
  type: MetricType;
  samples(d: D): Sample[];
}
export interface ProbeMetrics<D = any> {
  probe: string;
  families: Array<FamilySpec<D>>;
}

const metrics = <D>(probe: Probe<D>, families: Array<FamilySpec<D>>): ProbeMetrics<D> => ({ probe: probe.id, families });
const gauge = <D>(name: string, help: string, samples: (d: D) => Sample[]): FamilySpec<D> => ({ name, help, type: 'gauge', samples });
const counter = <D>(name: string, help: string, samples: (d: D) => Sample[]): FamilySpec<D> => ({ name, help, type: 'counter', samples });
/** One unlabelled sample, none when the value is unknown. */
const one = (v: number | null | undefined): Sample[] => (v === null || v === undefined || !Number.isFinite(v) ? [] : [{ labels: {}, value: v }]);
const proc = (p: { pid: number; comm?: string; command?: string }) => ({ pid: String(p.pid), comm: p.comm ?? p.command ?? '' });
const finite = <T>(rows: T[], v: (r: T) => number | null | undefined, labels: (r: T) => Record<string, string>): Sample[] =>
  rows.flatMap((r) => {
    const x = v(r);
    return x === null || x === undefined || !Number.isFinite(x) ? [] : [{ labels: labels(r), value: x }];
  });
/** An "unlimited" kernel value (shmall's 2^64 - 2^24) is no limit: the snapshot skips it, so do we. */
const limited = (n: number | null | undefined) => (n === null || n === undefined || n > Number.MAX_SAFE_INTEGER ? null : n);

const bc = (r: { uid: string; resource: string }) => ({ ct: r.uid, resource: r.resource });

export const PROBE_METRICS: ProbeMetrics[] = [
  metrics(beancounters, [
    gauge('postmortem_beancounter_held', 'OpenVZ beancounter: held now, in the resource\'s own unit (bytes, pages or count)', (rows) => rows.map((r) => ({ labels: bc(r), value: r.held }))),
    gauge('postmortem_beancounter_maxheld', 'OpenVZ beancounter: highest held since the container started', (rows) => rows.map((r) => ({ labels: bc(r), value: r.maxheld }))),
    gauge('postmortem_beancounter_barrier', 'OpenVZ beancounter: barrier', (rows) => rows.map((r) => ({ labels: bc(r), value: r.barrier }))),
    gauge('postmortem_beancounter_limit', 'OpenVZ beancounter: limit', (rows) => rows.map((r) => ({ labels: bc(r), value: r.limit }))),
    counter('postmortem_beancounter_failcnt_total', 'OpenVZ beancounter: allocations refused since the container started', (rows) => rows.map((r) => ({ labels: bc(r), value: r.failcnt }))),
  ]),
  metrics(inotify, [
    gauge('postmortem_inotify_watches', 'inotify watches held by the processes of a user', (d) => d.users.slice(0, TOP).map((u) => ({ labels: { uid: String(u.uid) }, value: u.watches }))),
    gauge('postmortem_inotify_instances', 'inotify instances held by the processes of a user', (d) => d.users.slice(0, TOP).map((u) => ({ labels: { uid: String(u.uid) }, value: u.instances }))),
    gauge('postmortem_inotify_max_user_watches', 'fs.inotify.max_user_watches', (d) => one(d.maxWatches)),
    gauge('postmortem_inotify_max_user_instances', 'fs.inotify.max_user_instances', (d) => one(d.maxInstances)),
  ]),
  metrics(fds, [
    gauge('postmortem_process_open_fds', 'open file descriptors of the processes fullest against their own limit', (d) => d.top.slice(0, TOP).map((p) => ({ labels: proc(p), value: p.fds }))),
    gauge('postmortem_process_max_fds', 'soft RLIMIT_NOFILE (Max open files) of the same processes', (d) => d.top.slice(0, TOP).map((p) => ({ labels: proc(p), value: p.limit }))),
  ]),
  metrics(maps, [
    gauge('postmortem_process_maps', 'memory maps of the biggest processes (lines of /proc/PID/maps)', (d) => d.processes.slice(0, TOP).map((p) => ({ labels: proc(p), value: p.maps }))),
    gauge('postmortem_process_maps_limit', 'vm.max_map_count, the maps one process may have', (d) => one(d.maxMapCount)),
  ]),
  metrics(processes, [
    gauge('postmortem_threads', 'tasks (threads) in the system; each takes a pid', (d) => one(d.threads)),
    gauge('postmortem_pid_max', 'kernel.pid_max', (d) => one(d.pidMax)),
    gauge('postmortem_threads_max', 'kernel.threads-max', (d) => one(d.threadsMax)),
    gauge('postmortem_user_tasks', 'tasks of a user (RLIMIT_NPROC counts them)', (d) => d.users.filter((u) => u.limit !== null).slice(0, TOP).map((u) => ({ labels: { uid: String(u.uid) }, value: u.tasks }))),
    gauge('postmortem_user_tasks_limit', 'smallest soft RLIMIT_NPROC (Max processes) among the processes of a user', (d) => finite(d.users.filter((u) => u.limit !== null).slice(0, TOP), (u) => u.limit, (u) => ({ uid: String(u.uid) }))),
  ]),
  metrics(overcommit, [gauge('postmortem_vm_overcommit_memory', 'vm.overcommit_memory (2: allocations fail at CommitLimit)', (d) => one(d.mode))]),
  metrics(cgroup, [
    gauge('postmortem_cgroup_memory_bytes', 'memory of our cgroup and its parents (memory.current, memory.usage_in_bytes)', (d) => d.memory.map((m) => ({ labels: { cgroup: m.path }, value: m.current }))),
    gauge('postmortem_cgroup_memory_max_bytes', 'memory limit of the cgroup (memory.max, memory.limit_in_bytes); absent when unlimited', (d) => finite(d.memory, (m) => m.max, (m) => ({ cgroup: m.path }))),
    gauge('postmortem_cgroup_memory_peak_bytes', 'memory high-water mark of the cgroup (memory.peak, memory.max_usage_in_bytes)', (d) => finite(d.memory, (m) => m.peak, (m) => ({ cgroup: m.path }))),
    counter('postmortem_cgroup_memory_events_total', 'memory.events of the cgroup (v1: oom_kill from memory.oom_control, max from memory.failcnt)', (d) =>
      d.memory.flatMap((m) => {
        const ev: Array<[string, number | null | undefined]> = m.version === 2 ? Object.entries(m.events) : [['oom_kill', m.events.oom_kill], ['max', m.failcnt]];
        return finite(ev, ([, v]) => v, ([event]) => ({ cgroup: m.path, event }));
      })),
    gauge('postmortem_cgroup_pids', 'tasks in the cgroup (pids.current)', (d) => d.pids.map((p) => ({ labels: { cgroup: p.path }, value: p.current }))),
    gauge('postmortem_cgroup_pids_max', 'pids.max of the cgroup; absent when unlimited', (d) => finite(d.pids, (p) => p.max, (p) => ({ cgroup: p.path }))),
    gauge('postmortem_cgroup_pids_peak', 'pids.peak of the cgroup', (d) => finite(d.pids, (p) => p.peak, (p) => ({ cgroup: p.path }))),
    counter('postmortem_cgroup_pids_events_total', 'pids.events of the cgroup (max: forks rejected at pids.max)', (d) => d.pids.flatMap((p) => finite(Object.entries(p.events), ([, v]) => v, ([event]) => ({ cgroup: p.path, event })))),
    counter('postmortem_cgroup_cpu_periods_total', 'CPU quota periods of the cgroup (cpu.stat nr_periods)', (d) => d.cpu.filter((c) => c.cpus !== null).map((c) => ({ labels: { cgroup: c.path }, value: c.periods }))),
    counter('postmortem_cgroup_cpu_throttled_periods_total', 'periods in which the cgroup was throttled by its CPU quota (cpu.stat nr_throttled)', (d) => d.cpu.filter((c) => c.cpus !== null).map((c) => ({ labels: { cgroup: c.path }, value: c.throttled }))),
  ]),
  metrics(tcp, [
    gauge('postmortem_ephemeral_ports_used', 'local ports in the ephemeral range used for connections to one destination', (d) => d.destinations.slice(0, TOP).map((x) => ({ labels: { destination: x.destination }, value: x.ports }))),
    gauge('postmortem_ephemeral_port_range_size', 'ports in net.ipv4.ip_local_port_range, what one destination can use at most', (d) => one(d.portRange[1] - d.portRange[0] + 1)),
    gauge('postmortem_tcp_connections', 'TCP sockets per state (/proc/net/tcp and tcp6)', (d) => Object.entries(d.states).map(([state, n]) => ({ labels: { state }, value: n }))),
  ]),
  metrics(sockets, [
    gauge('postmortem_tcp_orphans', 'orphaned TCP sockets (sockstat TCP orphan)', (d) => one(d.sockstat.TCP?.orphan)),
    gauge('postmortem_tcp_max_orphans', 'net.ipv4.tcp_max_orphans', (d) => one(d.maxOrphans)),
    gauge('postmortem_tcp_memory_bytes', 'memory of TCP buffers (sockstat TCP mem in pages)', (d) => one(d.sockstat.TCP?.mem === undefined ? null : d.sockstat.TCP.mem * PAGE)),
    gauge('postmortem_tcp_memory_pressure_bytes', 'net.ipv4.tcp_mem pressure threshold', (d) => one(d.tcpMem ? d.tcpMem.pressure * PAGE : null)),
    gauge('postmortem_tcp_memory_limit_bytes', 'net.ipv4.tcp_mem high threshold: above it allocations fail', (d) => one(d.tcpMem ? d.tcpMem.high * PAGE : null)),
  ]),
  metrics(conntrack, [
    gauge('postmortem_conntrack_entries', 'netfilter conntrack entries (nf_conntrack_count)', (d) => one(d.count)),
    gauge('postmortem_conntrack_entries_limit', 'nf_conntrack_max', (d) => one(d.max)),
    counter('postmortem_conntrack_failures_total', 'conntrack entries dropped or not inserted since boot, summed over CPUs', (d) =>
      d.stats ? (['drop', 'early_drop', 'insert_failed'] as const).map((kind) => ({ labels: { kind }, value: d.stats![kind] ?? 0 })) : []),
  ]),
  metrics(sysvipc, [
    gauge('postmortem_sysvipc_semaphore_arrays', 'System V semaphore arrays', (d) => one(d.sem?.arrays)),
    gauge('postmortem_sysvipc_semaphore_arrays_limit', 'kernel.sem SEMMNI', (d) => one(limited(d.sem?.semmni))),
    gauge('postmortem_sysvipc_semaphores', 'System V semaphores in all arrays', (d) => one(d.sem?.semaphores)),
    gauge('postmortem_sysvipc_semaphores_limit', 'kernel.sem SEMMNS', (d) => one(limited(d.sem?.semmns))),
    gauge('postmortem_sysvipc_shm_segments', 'System V shared memory segments', (d) => one(d.shm?.segments)),
    gauge('postmortem_sysvipc_shm_segments_limit', 'kernel.shmmni', (d) => one(limited(d.shm?.shmmni))),
    gauge('postmortem_sysvipc_shm_bytes', 'System V shared memory in pages, as bytes', (d) => one(d.shm ? d.shm.pages * PAGE : null)),
    gauge('postmortem_sysvipc_shm_limit_bytes', 'kernel.shmall as bytes; absent when unlimited', (d) => one(limited(d.shm?.shmall === null || d.shm?.shmall === undefined ? null : d.shm.shmall * PAGE))),
    gauge('postmortem_sysvipc_msg_queues', 'System V message queues', (d) => one(d.msg?.queues)),
    gauge('postmortem_sysvipc_msg_queues_limit', 'kernel.msgmni', (d) => one(limited(d.msg?.msgmni))),
  ]),
  metrics(keys, [
    gauge('postmortem_kernel_keys', 'kernel keys charged to a user', (d) => d.users.slice(0, TOP).map((u) => ({ labels: { uid: String(u.uid) }, value: u.keys }))),
    gauge('postmortem_kernel_keys_limit', 'kernel.keys.maxkeys (root_maxkeys for root)', (d) => d.users.slice(0, TOP).map((u) => ({ labels: { uid: String(u.uid) }, value: u.maxKeys }))),
    gauge('postmortem_kernel_keys_bytes', 'bytes of kernel keys charged to a user', (d) => d.users.slice(0, TOP).map((u) => ({ labels: { uid: String(u.uid) }, value: u.bytes }))),
    gauge('postmortem_kernel_keys_limit_bytes', 'kernel.keys.maxbytes (root_maxbytes for root)', (d) => d.users.slice(0, TOP).map((u) => ({ labels: { uid: String(u.uid) }, value: u.maxBytes }))),
  ]),
  metrics(listen, [
    gauge('postmortem_listen_queue', 'connections waiting for accept() on a listening TCP socket with a backed-up queue', (d) => d.waiting.slice(0, TOP).map((l) => ({ labels: { socket: l.socket }, value: l.queue }))),
    gauge('postmortem_listen_queue_limit', 'what that accept queue holds (listen backlog + 1)', (d) => finite(d.waiting.slice(0, TOP), (l) => (l.backlog === null ? null : l.backlog + 1), (l) => ({ socket: l.socket }))),
  ]),
];

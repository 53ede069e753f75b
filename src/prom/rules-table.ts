// One row per limit the snapshot assesses: the PromQL for its utilisation (node_exporter's metric
// names where it has them, ours from `export` for the rest), the threshold it shares with `snapshot`,
// and probe data that makes the probe itself produce the finding, so the alert's description is the
// probe's own hint (no second copy of hint text). `fire` is input that drives the expression to the
// limit: the promtool unit tests are generated from it, so every alert has a case.
import { beancounters, HINTS as BEANCOUNTER_HINTS, type BeancounterRow } from '../snapshot/probes/beancounters.js';
import { cgroup, type CgroupData } from '../snapshot/probes/cgroup.js';
import { conntrack } from '../snapshot/probes/conntrack.js';
import { fds } from '../snapshot/probes/fds.js';
import { filesystems, type FilesystemsData } from '../snapshot/probes/filesystems.js';
import { inotify } from '../snapshot/probes/inotify.js';
import { keys } from '../snapshot/probes/keys.js';
import { listen, type ListenData } from '../snapshot/probes/listen.js';
import { load, type LoadData } from '../snapshot/probes/load.js';
import { maps } from '../snapshot/probes/maps.js';
import { memory } from '../snapshot/probes/memory.js';
import { oom } from '../snapshot/probes/oom.js';
import { overcommit } from '../snapshot/probes/overcommit.js';
import { processes, type ProcessesData } from '../snapshot/probes/processes.js';
import { psi, type PsiData } from '../snapshot/probes/psi.js';
import { sockets } from '../snapshot/probes/sockets.js';
import { sysvipc, type SysvipcData } from '../snapshot/probes/sysvipc.js';
import { tcp } from '../snapshot/probes/tcp.js';
import type { ThresholdName } from '../snapshot/thresholds.js';
import type { Probe } from '../snapshot/types.js';

/** A rule about postmortem's own export rather than a probe's limit: its text is its own. */
export interface OwnAlertSpec {
  alert: string;
  check: string;
  resource: string;
  hint: string;
  /** The whole condition. */
  expr: string;
  severity: 'warning' | 'critical';
  summary: string;
  fire: Array<[series: string, values: string]>;
  /** $value in the summary as promtool's test case expands it. */
  testValue: string;
}

export interface AlertSpec<D = any> {
  /** Alert name (both severities share it; the severity label tells them apart). */
  alert: string;
  /** The finding id whose resource and hint the rule carries. */
  check: string;
  probe: Probe<D>;
  /** Probe data for which `assess` yields `check`; label templates stand where names go. */
  sample: D;
  /**
   * Where the probe's hint depends on a label (a beancounter's resource): sample data per value, so
   * the description picks the probe's hint for the alert's label value.
   */
  describeBy?: { label: string; samples: Array<[value: string, sample: D]> };
  /** Which one, as a label template: "{{ $labels.mountpoint }}". */
  subject: string;
  /** Utilisation rules: the threshold shared with snapshot. Counter rules have none: a rise is critical. */
  threshold?: ThresholdName;
  /** Utilisation as a fraction (or per CPU for load); for counter rules the counter's increase. */
  expr: string;
  /** How $value reads in the summary (default percent). */
  value?: 'percent' | 'plain';
  /** What $value is, after it in the summary (default "used"). */
  used?: string;
  /** Counter rules: what rose. */
  rose?: string;
  /** $value in the summary as promtool's test case expands it (default "100%"). */
  testValue?: string;
  /** Input series (promtool test rules, 15 s apart for 10 min) that drive `expr` to 100 % or raise the counter. */
  fire: Array<[series: string, values: string]>;
}

const spec = <D>(s: AlertSpec<D>): AlertSpec<D> => s;
const L = (name: string) => `{{ $labels.${name} }}`;
/** A constant series for the test's ten minutes (41 samples, 15 s apart). */
const flat = (v: number) => `${v}x40`;
/** A counter that stays, then rises in the last minutes. */
const rising = '0x30 1+1x10';
/** A counter rising one second per second (a rate of 1: stalled all the time). */
const busy = '0+15x40';

const fsMount = (statfs: { blocks: number; bfree: number; bavail: number; files: number; ffree: number }): FilesystemsData => ({
  timeoutMs: 2500,
  mounts: [{ mountPoint: L('mountpoint'), device: '0:0', fsType: 'ext4', source: L('device'), options: ['rw'], superOptions: ['rw'], state: { kind: 'ok', statfs: { type: 0, bsize: 4096, ...statfs } } }],
});
const fsLabels = '{device="/dev/sda1",fstype="ext4",mountpoint="/srv"}';
const procsSample = (o: Partial<ProcessesData>): ProcessesData => ({ processes: 1, threads: 100, pidMax: null, threadsMax: null, zombies: 0, dState: [], users: [], ...o });
const ipcSample: SysvipcData = {
  sem: { arrays: 10, semaphores: 10, semmni: 10, semmns: 10, owner: null },
  shm: { segments: 10, pages: 10, shmmni: 10, shmall: 10, owner: null },
  msg: { queues: 10, msgmni: 10, owner: null },
};
const psiLine = { avg10: 100, avg60: 100, avg300: 100, total: 0 };
const cg = (o: Partial<CgroupData>): CgroupData => ({ own: {}, memory: [], pids: [], cpu: [], ...o });
const memcg = { version: 2 as const, path: L('cgroup'), current: 100, max: 100, peak: null, events: {}, failcnt: null };
const pidcg = { version: 2 as const, path: L('cgroup'), current: 100, max: 100, peak: null, events: {} };
const listenSample = (o: Partial<ListenData>): ListenData => ({ overflows: 0, drops: 0, risen: null, sampleMs: 0, listening: 1, waiting: [], ...o });
/** Each beancounter resource the probe has words for, as the probe's sample data. */
const perResource = (row: Omit<BeancounterRow, 'resource'>) => ({ label: 'resource', samples: Object.keys(BEANCOUNTER_HINTS).map((resource): [string, BeancounterRow[]] => [resource, [{ ...row, resource }]]) });
const loadSample: LoadData = { load1: 8, load5: 8, load15: 8, running: 1, tasks: 1, cpus: 1, cpu: { busy: 0, iowait: 0, steal: 0, sampledMs: 0 } };

export const ALERTS: Array<AlertSpec | OwnAlertSpec> = [
  spec({ alert: 'PostmortemFilesystemInodes', check: 'filesystems.inodes', probe: filesystems, threshold: 'fs-inodes', subject: `on ${L('mountpoint')}`,
    sample: fsMount({ blocks: 100, bfree: 100, bavail: 100, files: 100, ffree: 0 }),
    expr: '1 - node_filesystem_files_free / node_filesystem_files',
    fire: [[`node_filesystem_files${fsLabels}`, flat(100)], [`node_filesystem_files_free${fsLabels}`, flat(0)]] }),
  spec({ alert: 'PostmortemFilesystemSpace', check: 'filesystems.bytes', probe: filesystems, threshold: 'fs-bytes', subject: `on ${L('mountpoint')}`,
    sample: fsMount({ blocks: 100, bfree: 0, bavail: 0, files: 100, ffree: 100 }),
    // like df and the snapshot: reserved blocks are not available, the limit is used + available
    expr: '(node_filesystem_size_bytes - node_filesystem_free_bytes) / (node_filesystem_size_bytes - node_filesystem_free_bytes + node_filesystem_avail_bytes)',
    fire: [[`node_filesystem_size_bytes${fsLabels}`, flat(100)], [`node_filesystem_free_bytes${fsLabels}`, flat(0)], [`node_filesystem_avail_bytes${fsLabels}`, flat(0)]] }),
  spec({ alert: 'PostmortemMemory', check: 'memory.ram', probe: memory, threshold: 'memory', subject: '(RAM)',
    sample: { total: 100, available: 0, swapTotal: 0, swapFree: 0, shmem: 0 },
    expr: '1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes',
    fire: [['node_memory_MemAvailable_bytes', flat(0)], ['node_memory_MemTotal_bytes', flat(100)]] }),
  spec({ alert: 'PostmortemSwap', check: 'memory.swap', probe: memory, threshold: 'swap', subject: '',
    sample: { total: 100, available: 100, swapTotal: 100, swapFree: 0, shmem: 0 },
    expr: '1 - node_memory_SwapFree_bytes / node_memory_SwapTotal_bytes',
    fire: [['node_memory_SwapFree_bytes', flat(0)], ['node_memory_SwapTotal_bytes', flat(100)]] }),
  spec({ alert: 'PostmortemCommittedMemory', check: 'overcommit.commit', probe: overcommit, threshold: 'commit', subject: '(overcommit mode 2)',
    sample: { mode: 2, ratio: 50, committed: 100, commitLimit: 100 },
    // CommitLimit binds only in mode 2, which node_exporter does not export: ours does
    expr: 'node_memory_Committed_AS_bytes / node_memory_CommitLimit_bytes and on(instance) postmortem_vm_overcommit_memory == 2',
    fire: [['node_memory_Committed_AS_bytes', flat(100)], ['node_memory_CommitLimit_bytes', flat(100)], ['postmortem_vm_overcommit_memory', flat(2)]] }),
  spec({ alert: 'PostmortemFileHandles', check: 'fds.system', probe: fds, threshold: 'file-nr', subject: '(file-nr)',
    sample: { allocated: 100, max: 100, nrOpen: null, top: [], denied: 0 },
    expr: 'node_filefd_allocated / node_filefd_maximum',
    fire: [['node_filefd_allocated', flat(100)], ['node_filefd_maximum', flat(100)]] }),
  spec({ alert: 'PostmortemProcessOpenFiles', check: 'fds.process', probe: fds, threshold: 'process-fds', subject: `of ${L('comm')} [${L('pid')}]`,
    sample: { allocated: 1, max: 100, nrOpen: null, top: [{ pid: 1, comm: L('comm'), fds: 100, limit: 100 }], denied: 0 },
    expr: 'postmortem_process_open_fds / postmortem_process_max_fds',
    fire: [['postmortem_process_open_fds{comm="nginx",pid="812"}', flat(1024)], ['postmortem_process_max_fds{comm="nginx",pid="812"}', flat(1024)]] }),
  spec({ alert: 'PostmortemPids', check: 'processes.pids', probe: processes, threshold: 'pids', subject: '(kernel.pid_max)',
    sample: procsSample({ pidMax: 100 }),
    expr: 'postmortem_threads / postmortem_pid_max',
    fire: [['postmortem_threads', flat(100)], ['postmortem_pid_max', flat(100)]] }),
  spec({ alert: 'PostmortemThreads', check: 'processes.threads', probe: processes, threshold: 'threads', subject: '(kernel.threads-max)',
    sample: procsSample({ threadsMax: 100 }),
    expr: 'postmortem_threads / postmortem_threads_max',
    fire: [['postmortem_threads', flat(100)], ['postmortem_threads_max', flat(100)]] }),
  spec({ alert: 'PostmortemUserProcesses', check: 'processes.nproc', probe: processes, threshold: 'nproc', subject: `of uid ${L('uid')}`,
    sample: procsSample({ users: [{ uid: 1000, tasks: 100, limit: 100 }] }),
    expr: 'postmortem_user_tasks / postmortem_user_tasks_limit',
    fire: [['postmortem_user_tasks{uid="1000"}', flat(100)], ['postmortem_user_tasks_limit{uid="1000"}', flat(100)]] }),
  spec({ alert: 'PostmortemConntrack', check: 'conntrack.entries', probe: conntrack, threshold: 'conntrack', subject: '(nf_conntrack_max)',
    sample: { count: 100, max: 100, stats: null },
    expr: 'node_nf_conntrack_entries / node_nf_conntrack_entries_limit',
    fire: [['node_nf_conntrack_entries', flat(100)], ['node_nf_conntrack_entries_limit', flat(100)]] }),
  spec({ alert: 'PostmortemInotifyWatches', check: 'inotify.watches', probe: inotify, threshold: 'inotify', subject: `of uid ${L('uid')}`,
    sample: { maxInstances: 100, maxWatches: 100, users: [{ uid: 1000, instances: 1, watches: 100, top: `the programs of uid ${L('uid')}` }] },
    expr: 'postmortem_inotify_watches / ignoring(uid) group_left postmortem_inotify_max_user_watches',
    fire: [['postmortem_inotify_watches{uid="1000"}', flat(8192)], ['postmortem_inotify_max_user_watches', flat(8192)]] }),
  spec({ alert: 'PostmortemInotifyInstances', check: 'inotify.instances', probe: inotify, threshold: 'inotify', subject: `of uid ${L('uid')}`,
    sample: { maxInstances: 100, maxWatches: 100, users: [{ uid: 1000, instances: 100, watches: 1, top: `the programs of uid ${L('uid')}` }] },
    expr: 'postmortem_inotify_instances / ignoring(uid) group_left postmortem_inotify_max_user_instances',
    fire: [['postmortem_inotify_instances{uid="1000"}', flat(128)], ['postmortem_inotify_max_user_instances', flat(128)]] }),
  spec({ alert: 'PostmortemTcpOrphans', check: 'sockets.orphans', probe: sockets, threshold: 'orphans', subject: '(tcp_max_orphans)',
    sample: { sockstat: { TCP: { orphan: 100 } }, sockstat6: null, tcpMem: null, maxOrphans: 100 },
    expr: 'node_sockstat_TCP_orphan / postmortem_tcp_max_orphans',
    fire: [['node_sockstat_TCP_orphan', flat(4096)], ['postmortem_tcp_max_orphans', flat(4096)]] }),
  spec({ alert: 'PostmortemTcpMemory', check: 'sockets.tcp-mem', probe: sockets, threshold: 'tcp-mem', subject: '(tcp_mem)',
    sample: { sockstat: { TCP: { mem: 100 } }, sockstat6: null, tcpMem: { low: 1, pressure: 50, high: 100 }, maxOrphans: null },
    expr: 'node_sockstat_TCP_mem_bytes / postmortem_tcp_memory_limit_bytes',
    fire: [['node_sockstat_TCP_mem_bytes', flat(4096)], ['postmortem_tcp_memory_limit_bytes', flat(4096)]] }),
  spec({ alert: 'PostmortemEphemeralPorts', check: 'tcp.ephemeral-ports', probe: tcp, threshold: 'ports', subject: `to ${L('destination')}`,
    sample: { states: {}, portRange: [1, 100], destinations: [{ destination: L('destination'), ports: 100 }] },
    expr: 'postmortem_ephemeral_ports_used / ignoring(destination) group_left postmortem_ephemeral_port_range_size',
    fire: [['postmortem_ephemeral_ports_used{destination="10.0.0.5:3306"}', flat(28232)], ['postmortem_ephemeral_port_range_size', flat(28232)]] }),
  spec({ alert: 'PostmortemCgroupMemory', check: 'cgroup.memory', probe: cgroup, threshold: 'cgroup-memory', subject: L('cgroup'),
    sample: cg({ memory: [memcg] }),
    expr: 'postmortem_cgroup_memory_bytes / postmortem_cgroup_memory_max_bytes',
    fire: [['postmortem_cgroup_memory_bytes{cgroup="/system.slice/php.service"}', flat(1024)], ['postmortem_cgroup_memory_max_bytes{cgroup="/system.slice/php.service"}', flat(1024)]] }),
  spec({ alert: 'PostmortemCgroupPids', check: 'cgroup.pids', probe: cgroup, threshold: 'cgroup-pids', subject: L('cgroup'),
    sample: cg({ pids: [pidcg] }),
    expr: 'postmortem_cgroup_pids / postmortem_cgroup_pids_max',
    fire: [['postmortem_cgroup_pids{cgroup="/system.slice/php.service"}', flat(512)], ['postmortem_cgroup_pids_max{cgroup="/system.slice/php.service"}', flat(512)]] }),
  spec({ alert: 'PostmortemCgroupCpuThrottled', check: 'cgroup.cpu-throttled', probe: cgroup, threshold: 'cgroup-throttle', subject: L('cgroup'), used: 'of periods throttled',
    sample: cg({ cpu: [{ version: 2, path: L('cgroup'), cpus: 1, periods: 100, throttled: 100 }] }),
    expr: 'rate(postmortem_cgroup_cpu_throttled_periods_total[5m]) / rate(postmortem_cgroup_cpu_periods_total[5m])',
    fire: [['postmortem_cgroup_cpu_throttled_periods_total{cgroup="/system.slice/php.service"}', busy], ['postmortem_cgroup_cpu_periods_total{cgroup="/system.slice/php.service"}', busy]] }),
  spec({ alert: 'PostmortemBeancounter', check: 'beancounters.held', probe: beancounters, threshold: 'beancounter', subject: `${L('resource')} (ct ${L('ct')})`,
    sample: [{ uid: '101', resource: L('resource'), held: 100, maxheld: 100, barrier: 100, limit: 100, failcnt: 0 }],
    describeBy: perResource({ uid: '101', held: 100, maxheld: 100, barrier: 100, limit: 100, failcnt: 0 }),
    // the smaller of barrier and limit, as the snapshot; guarantees (reaching them is normal) left out as there
    expr: 'postmortem_beancounter_held{resource!~"vmguarpages|oomguarpages|physpages"} / (postmortem_beancounter_barrier < postmortem_beancounter_limit or postmortem_beancounter_limit)',
    fire: [['postmortem_beancounter_held{ct="101",resource="numproc"}', flat(240)], ['postmortem_beancounter_barrier{ct="101",resource="numproc"}', flat(240)], ['postmortem_beancounter_limit{ct="101",resource="numproc"}', flat(240)]] }),
  spec({ alert: 'PostmortemLoad', check: 'load.per-cpu', probe: load, threshold: 'load', subject: 'per CPU (15 min)', value: 'plain', testValue: '8', used: 'runnable or waiting tasks per CPU',
    sample: loadSample,
    expr: 'node_load15 / count without(cpu, mode) (node_cpu_seconds_total{mode="idle"})',
    fire: [['node_load15', flat(8)], ['node_cpu_seconds_total{cpu="0",mode="idle"}', busy]] }),
  spec({ alert: 'PostmortemCpuPressure', check: 'psi.cpu', probe: psi, threshold: 'psi-cpu', subject: '(some tasks waiting)', used: 'of the last minute',
    sample: { cpu: { some: psiLine } } as PsiData,
    expr: 'rate(node_pressure_cpu_waiting_seconds_total[1m])',
    fire: [['node_pressure_cpu_waiting_seconds_total', busy]] }),
  spec({ alert: 'PostmortemMemoryPressure', check: 'psi.memory', probe: psi, threshold: 'psi-memory', subject: '(all tasks stalled)', used: 'of the last minute',
    sample: { memory: { full: psiLine } } as PsiData,
    expr: 'rate(node_pressure_memory_stalled_seconds_total[1m])',
    fire: [['node_pressure_memory_stalled_seconds_total', busy]] }),
  spec({ alert: 'PostmortemIoPressure', check: 'psi.io', probe: psi, threshold: 'psi-io', subject: '(all tasks stalled)', used: 'of the last minute',
    sample: { io: { full: psiLine } } as PsiData,
    expr: 'rate(node_pressure_io_stalled_seconds_total[1m])',
    fire: [['node_pressure_io_stalled_seconds_total', busy]] }),
  spec({ alert: 'PostmortemSemaphoreArrays', check: 'sysvipc.sem-arrays', probe: sysvipc, threshold: 'sysvipc', subject: '(kernel.sem SEMMNI)', sample: ipcSample,
    expr: 'postmortem_sysvipc_semaphore_arrays / postmortem_sysvipc_semaphore_arrays_limit',
    fire: [['postmortem_sysvipc_semaphore_arrays', flat(32000)], ['postmortem_sysvipc_semaphore_arrays_limit', flat(32000)]] }),
  spec({ alert: 'PostmortemSemaphores', check: 'sysvipc.semaphores', probe: sysvipc, threshold: 'sysvipc', subject: '(kernel.sem SEMMNS)', sample: ipcSample,
    expr: 'postmortem_sysvipc_semaphores / postmortem_sysvipc_semaphores_limit',
    fire: [['postmortem_sysvipc_semaphores', flat(32000)], ['postmortem_sysvipc_semaphores_limit', flat(32000)]] }),
  spec({ alert: 'PostmortemSharedMemorySegments', check: 'sysvipc.shm-segments', probe: sysvipc, threshold: 'sysvipc', subject: '(kernel.shmmni)', sample: ipcSample,
    expr: 'postmortem_sysvipc_shm_segments / postmortem_sysvipc_shm_segments_limit',
    fire: [['postmortem_sysvipc_shm_segments', flat(4096)], ['postmortem_sysvipc_shm_segments_limit', flat(4096)]] }),
  spec({ alert: 'PostmortemSharedMemory', check: 'sysvipc.shm-pages', probe: sysvipc, threshold: 'sysvipc', subject: '(kernel.shmall)', sample: ipcSample,
    expr: 'postmortem_sysvipc_shm_bytes / postmortem_sysvipc_shm_limit_bytes',
    fire: [['postmortem_sysvipc_shm_bytes', flat(4096)], ['postmortem_sysvipc_shm_limit_bytes', flat(4096)]] }),
  spec({ alert: 'PostmortemMessageQueues', check: 'sysvipc.msg-queues', probe: sysvipc, threshold: 'sysvipc', subject: '(kernel.msgmni)', sample: ipcSample,
    expr: 'postmortem_sysvipc_msg_queues / postmortem_sysvipc_msg_queues_limit',
    fire: [['postmortem_sysvipc_msg_queues', flat(32000)], ['postmortem_sysvipc_msg_queues_limit', flat(32000)]] }),
  spec({ alert: 'PostmortemKernelKeys', check: 'keys.keys', probe: keys, threshold: 'keys', subject: `of uid ${L('uid')}`,
    sample: { users: [{ uid: 1000, user: `uid ${L('uid')}`, keys: 100, maxKeys: 100, bytes: 1, maxBytes: 100 }] },
    expr: 'postmortem_kernel_keys / postmortem_kernel_keys_limit',
    fire: [['postmortem_kernel_keys{uid="1000"}', flat(200)], ['postmortem_kernel_keys_limit{uid="1000"}', flat(200)]] }),
  spec({ alert: 'PostmortemKernelKeyBytes', check: 'keys.bytes', probe: keys, threshold: 'keys', subject: `of uid ${L('uid')}`,
    sample: { users: [{ uid: 1000, user: `uid ${L('uid')}`, keys: 1, maxKeys: 100, bytes: 100, maxBytes: 100 }] },
    expr: 'postmortem_kernel_keys_bytes / postmortem_kernel_keys_limit_bytes',
    fire: [['postmortem_kernel_keys_bytes{uid="1000"}', flat(20000)], ['postmortem_kernel_keys_limit_bytes{uid="1000"}', flat(20000)]] }),
  spec({ alert: 'PostmortemMemoryMaps', check: 'maps.count', probe: maps, threshold: 'map-count', subject: `of ${L('comm')} [${L('pid')}]`,
    sample: { maxMapCount: 100, candidates: 1, processes: [{ pid: 1, command: L('comm'), maps: 100 }], stuck: [] },
    expr: 'postmortem_process_maps / ignoring(pid, comm) group_left postmortem_process_maps_limit',
    fire: [['postmortem_process_maps{comm="java",pid="4242"}', flat(65530)], ['postmortem_process_maps_limit', flat(65530)]] }),
  spec({ alert: 'PostmortemAcceptQueue', check: 'listen.accept-queue', probe: listen, threshold: 'accept-queue', subject: `of ${L('socket')}`,
    sample: listenSample({ waiting: [{ socket: L('socket'), queue: 100, backlog: 99, inode: 1 }] }),
    expr: 'postmortem_listen_queue / postmortem_listen_queue_limit',
    fire: [['postmortem_listen_queue{socket="0.0.0.0:80"}', flat(512)], ['postmortem_listen_queue_limit{socket="0.0.0.0:80"}', flat(512)]] }),
  // failure counters: a rise is failing now, critical (as in snapshot and watch)
  spec({ alert: 'PostmortemBeancounterFailures', check: 'beancounters.failcnt', probe: beancounters, subject: `${L('resource')} (ct ${L('ct')})`, rose: 'allocations refused (failcnt)',
    sample: [{ uid: '101', resource: L('resource'), held: 1, maxheld: 1, barrier: 100, limit: 100, failcnt: 1 }],
    describeBy: perResource({ uid: '101', held: 1, maxheld: 1, barrier: 100, limit: 100, failcnt: 1 }),
    expr: 'increase(postmortem_beancounter_failcnt_total[5m])',
    fire: [['postmortem_beancounter_failcnt_total{ct="101",resource="numothersock"}', rising]] }),
  spec({ alert: 'PostmortemCgroupOomKills', check: 'cgroup.oom', probe: cgroup, subject: L('cgroup'), rose: 'OOM kills (memory.events oom_kill)',
    sample: cg({ memory: [{ ...memcg, events: { oom_kill: 1 } }] }),
    expr: 'increase(postmortem_cgroup_memory_events_total{event="oom_kill"}[5m])',
    fire: [['postmortem_cgroup_memory_events_total{cgroup="/system.slice/php.service",event="oom_kill"}', rising]] }),
  spec({ alert: 'PostmortemCgroupForksRejected', check: 'cgroup.pids-rejected', probe: cgroup, subject: L('cgroup'), rose: 'forks rejected at pids.max (pids.events max)',
    sample: cg({ pids: [{ ...pidcg, events: { max: 1 } }] }),
    expr: 'increase(postmortem_cgroup_pids_events_total{event="max"}[5m])',
    fire: [['postmortem_cgroup_pids_events_total{cgroup="/system.slice/php.service",event="max"}', rising]] }),
  spec({ alert: 'PostmortemConntrackDrops', check: 'conntrack.drops', probe: conntrack, subject: `(${L('kind')})`, rose: 'conntrack entries dropped or not inserted',
    sample: { count: 100, max: 100, stats: { drop: 1 } },
    expr: 'increase(postmortem_conntrack_failures_total[5m])',
    fire: [['postmortem_conntrack_failures_total{kind="drop"}', rising]] }),
  spec({ alert: 'PostmortemListenOverflows', check: 'listen.overflows', probe: listen, subject: '(TcpExt ListenOverflows)', rose: 'handshakes dropped at a full accept queue',
    sample: listenSample({ overflows: 1, drops: 1 }),
    expr: 'increase(node_netstat_TcpExt_ListenOverflows[5m])',
    fire: [['node_netstat_TcpExt_ListenOverflows', rising]] }),
  spec({ alert: 'PostmortemOomKills', check: 'oom.kills', probe: oom, subject: '(/proc/vmstat oom_kill)', rose: 'processes OOM-killed by the kernel',
    sample: { oomKills: 1, memory: null },
    expr: 'increase(node_vmstat_oom_kill[5m])',
    fire: [['node_vmstat_oom_kill', rising]] }),
  // every rule on our metrics goes quiet when the cron job stops: say so instead
  { alert: 'PostmortemExportStale', check: 'export.stale', resource: 'postmortem export', severity: 'warning',
    hint: 'the metrics of postmortem export --textfile are old, so the alerts on them cannot fire: check the cron job (or run the command by hand to see its error)',
    expr: 'time() - postmortem_snapshot_timestamp_seconds > 300',
    summary: 'postmortem export last ran {{ $value | humanizeDuration }} ago',
    fire: [['postmortem_snapshot_timestamp_seconds', flat(0)]], testValue: '10m 0s' },
];

export const isOwn = (s: AlertSpec | OwnAlertSpec): s is OwnAlertSpec => !('probe' in s);

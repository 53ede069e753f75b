// The limits `export --textfile` adds beyond node_exporter, as charts: each used metric paired with
// its limit by the names the export writes (the same pairs `alerts` divides), one query for all of
// them, the most telling few per instance kept. A `postmortem_*_ratio` gauge is its own chart
// against 1. A pair whose limit the export did not write is drawn without one.
import { chartsFrom, topPerInstance, type Chart, type ChartUnit, type Panel } from './evidence.js';
import type { RangeSeries } from './query.js';

/** Charts of ours per instance: the fullest, the ones that rose. */
export const TOP_EXPORTED = 6;

/** used metric, its limit, the chart's title. */
export const PAIRS: [used: string, limit: string, title: string][] = [
  ['postmortem_process_open_fds', 'postmortem_process_max_fds', 'Open files of a process (RLIMIT_NOFILE)'],
  ['postmortem_process_maps', 'postmortem_process_maps_limit', 'Memory maps of a process (vm.max_map_count)'],
  ['postmortem_threads', 'postmortem_threads_max', 'Threads (kernel.threads-max)'],
  ['postmortem_user_tasks', 'postmortem_user_tasks_limit', 'Processes of a user (RLIMIT_NPROC)'],
  ['postmortem_inotify_watches', 'postmortem_inotify_max_user_watches', 'inotify watches of a user'],
  ['postmortem_inotify_instances', 'postmortem_inotify_max_user_instances', 'inotify instances of a user'],
  ['postmortem_ephemeral_ports_used', 'postmortem_ephemeral_port_range_size', 'Ephemeral ports to a destination'],
  ['postmortem_tcp_orphans', 'postmortem_tcp_max_orphans', 'TCP orphans'],
  ['postmortem_tcp_memory_bytes', 'postmortem_tcp_memory_limit_bytes', 'TCP memory'],
  ['postmortem_conntrack_entries', 'postmortem_conntrack_entries_limit', 'Conntrack entries'],
  ['postmortem_cgroup_memory_bytes', 'postmortem_cgroup_memory_max_bytes', 'Memory of a cgroup'],
  ['postmortem_cgroup_pids', 'postmortem_cgroup_pids_max', 'Tasks of a cgroup'],
  ['postmortem_beancounter_held', 'postmortem_beancounter_limit', 'Beancounter held'],
  ['postmortem_sysvipc_semaphore_arrays', 'postmortem_sysvipc_semaphore_arrays_limit', 'SysV semaphore arrays'],
  ['postmortem_sysvipc_semaphores', 'postmortem_sysvipc_semaphores_limit', 'SysV semaphores'],
  ['postmortem_sysvipc_shm_segments', 'postmortem_sysvipc_shm_segments_limit', 'SysV shared memory segments'],
  ['postmortem_sysvipc_shm_bytes', 'postmortem_sysvipc_shm_limit_bytes', 'SysV shared memory'],
  ['postmortem_sysvipc_msg_queues', 'postmortem_sysvipc_msg_queues_limit', 'SysV message queues'],
  ['postmortem_kernel_keys', 'postmortem_kernel_keys_limit', 'Kernel keys'],
  ['postmortem_kernel_keys_bytes', 'postmortem_kernel_keys_limit_bytes', 'Kernel key bytes'],
  ['postmortem_listen_queue', 'postmortem_listen_queue_limit', 'Listen queue'],
];

/** Every series the export wrote for the instances (`sel`: the instance matcher). */
export const exportedQuery = (sel: string) => `{__name__=~"postmortem_.+",${sel}}`;

/** A series' own labels as the chart's subject: `comm="nginx",pid="812"`, "" for the machine's. */
const subject = (l: Record<string, string>) =>
  Object.entries(l)
    .filter(([k]) => k !== '__name__' && k !== 'instance' && k !== 'job')
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');

const unitOf = (name: string): ChartUnit => (name.endsWith('_bytes') ? 'bytes' : name.endsWith('_ratio') ? 'ratio' : 'count');

const panel = (kind: string, title: string, unit: ChartUnit, extra: Partial<Panel> = {}): Panel => ({ kind, title, unit, used: () => '', limit: null, by: subject, limitName: 'limit', ...extra });

/** The answer to exportedQuery as charts: the pairs, then the ratios; the top few per instance. */
export function exportedCharts(series: RangeSeries[], query: string): Chart[] {
  const byName = new Map<string, RangeSeries[]>();
  for (const s of series) {
    const n = s.labels.__name__ ?? '';
    byName.set(n, [...(byName.get(n) ?? []), s]);
  }
  const charts: Chart[] = [];
  for (const [used, limit, title] of PAIRS) {
    const u = byName.get(used);
    if (u) charts.push(...chartsFrom(panel('postmortem', title, unitOf(used)), u, byName.get(limit) ?? [], query));
  }
  for (const [name, s] of [...byName].filter(([n]) => n.endsWith('_ratio')).sort((a, b) => a[0].localeCompare(b[0])))
    charts.push(...chartsFrom(panel('postmortem', name, 'ratio', { fixedLimit: 1 }), s, [], query));
  return topPerInstance(charts, TOP_EXPORTED);
}

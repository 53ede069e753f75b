// The knowledge base: one entry per resource, from the messages it produces to how to confirm it.
//
// Scoring (see match.ts): each errno the message carries adds the entry's weight for it; each
// context signal that matches adds (or, negative, takes away) its weight. An entry is a suspect
// when the message carries one of its errnos or a strong signal (weight >= STRONG). `env` adjusts
// for where we run (an OpenVZ container, another container, a plain host), known only live.
// `probes` are snapshot probe ids; `findings` picks that probe's finding ids speaking for it.
// Order matters: on a tie the earlier entry wins, so the commoner cause comes first.

export type Env = 'openvz' | 'container' | 'host';

export interface Signal {
  re: RegExp;
  weight: number;
  /** Why this context points at (or away from) the resource; shown to the user. */
  why: string;
}

export interface Resource {
  id: string;
  title: string;
  errnos: Partial<Record<string, number>>;
  signals: Signal[];
  env?: Partial<Record<Env, number>>;
  /** How the resource produces such messages. */
  why: string;
  /** Commands that confirm or rule it out; {dir} and {mount} become the folder the message names and its mount point. */
  confirm: string[];
  probes: string[];
  findings?: RegExp;
}

/** A single signal this heavy names the resource on its own (a kernel log line, a unique phrase). */
export const STRONG = 6;

// Context phrases used by several entries.
// English, and German as coreutils and bash print it ("kann nicht angelegt werden", "nicht anlegen").
const CREATE = /\b(cannot|can't|could not|couldn't|unable to|failed to) (create|make|open|touch|mkdir)\b|\bmkdir\b|\bmkstemp|\bmktemp|\bcreat\(|create file|\bopen\(\)? ?"?\/|nicht (angelegt|erstellt|berührt) werden|nicht (anlegen|erstellen)/i;
const WATCH = /inotify|file watchers|\bwatch(es|ing)?\b/i;
const SEM = /semget|semaphore|\bmutex\b|accept lock|AH00023|apr_proc_mutex|\bipcs\b/i;
const FORK = /\bfork|\bclone\b|pthread_create|native thread|can't start new thread|\bspawn\b|unable to fork/i;
// Java spells it "unable to create new native thread" (up to 8) and "unable to create native thread" (11+).
const THREAD = /create (new )?native thread|can't start new thread/i;
// A process killed by SIGKILL with no word of its own: bash's "Killed" (or "4242 Killed  cmd"), exit
// status 128+9 = 137 (make's "Error 137", Docker, Kubernetes), Go's "signal: killed", systemd's status=9/KILL.
const KILLED = /(^|\d\s+)Killed(\s|$)|\b(exit (status|code)|Error) 137\b|signal: killed|status=9\/KILL/;
// The kernel's report on a cgroup v1 memory limit at an OOM kill (mem_cgroup_print_oom_meminfo):
// "memory: usage 524288kB, limit 524288kB, failcnt 1234", "kmem: usage ...", "memory+swap: usage ...".
const CGROUP_V1_MEMINFO = /\b(memory|memory\+swap|kmem|kmem\.tcp): usage \d+kB, limit \d+kB, failcnt \d+/i;
const SOCKET = /\bsockets?\b|socket\(\)/i;
// df (or a person) saying there is room: "df shows 50% used", "plenty of space"; a 9x % is no room.
const DF_FREE = /\b(df|disk|used|only|just)\b[^%\n]{0,30}?(?<!\d)([1-8]?\d) ?%|plenty of (disk )?space|space (is )?(available|free)|free space on disk|df (shows|says) (free|space|room)/i;
const MEM_FREE = /\bfree\b.*(shows|says|reports)|plenty of (free )?memory|memory (is )?(free|available)|top (shows|says)/i;
const CONTAINER = /\bcontainer|\bvps\b|docker|kubernetes|\bk8s\b|\bpod\b|\blxc\b|podman/i;

export const KB: Resource[] = [
  {
    // statfs(2) f_ffree; ext4 fixes the inode count at mkfs time (mke2fs -i / -N). The seed: a
    // Virtuozzo inode quota of 3,000,000 full of W3TotalCache files while df showed 50 % used.
    id: 'inodes',
    title: 'inodes of a filesystem (or an inode quota)',
    errnos: { ENOSPC: 4, EDQUOT: 2 },
    signals: [
      { re: /inode|\bifree\b|\biused\b|df -i|diskinodes/i, weight: 8, why: 'the message names inodes' },
      { re: DF_FREE, weight: 4, why: 'df shows free space, yet the device is "full": the inodes are gone, not the bytes' },
      { re: CREATE, weight: 2, why: 'creating a file needs a free inode; writing to an existing one does not' },
      { re: /many (small )?files|\bcache\b|session|maildir|\bspool\b|\bqueue\b/i, weight: 1, why: 'caches, sessions and mail queues are millions of small files: inodes run out before bytes' },
      { re: WATCH, weight: -8, why: 'from inotify, ENOSPC means the watch limit' },
      { re: SEM, weight: -8, why: 'from semget, ENOSPC means the semaphore limit' },
    ],
    why: 'Every file, folder and socket file takes an inode; a filesystem (or a container quota) has a fixed number. When they are gone, creating files fails with "No space left on device" although df shows free bytes.',
    confirm: ['df -i {dir}', 'postmortem hunt {mount} --top 10   (where the inodes went)'],
    probes: ['filesystems'],
    findings: /^filesystems\.inodes/,
  },
  {
    // write(2) ENOSPC; ext4 keeps 5 % reserved for root (tune2fs -m), so users hit it first.
    id: 'disk-space',
    title: 'disk space (bytes) of a filesystem',
    errnos: { ENOSPC: 5, EDQUOT: 2 },
    signals: [
      { re: /not enough (free )?(disk )?space|disk (is )?full|filesystem (is )?full|out of disk|free space in mail queue/i, weight: 8, why: 'the program checked the free bytes itself' },
      { re: /\bwrite\b|writing|written|pwrite|fwrite|\bdump\b|backup|binlog|upload|beim schreiben/i, weight: 1, why: 'writing data needs free blocks' },
      { re: DF_FREE, weight: -3, why: 'df shows free bytes' },
      { re: WATCH, weight: -8, why: 'from inotify, ENOSPC means the watch limit' },
      { re: SEM, weight: -8, why: 'from semget, ENOSPC means the semaphore limit' },
    ],
    why: 'The filesystem has no free blocks left (or only the part reserved for root).',
    confirm: ['df -h {dir}', 'postmortem hunt {mount} --by bytes', 'lsof +L1   (deleted files still held open keep their space)'],
    probes: ['filesystems'],
    findings: /^filesystems\.bytes/,
  },
  {
    // quotactl(2), quota(1): EDQUOT when a user's or group's block or inode quota is reached.
    id: 'disk-quota',
    title: 'disk quota of a user, group or project',
    errnos: { EDQUOT: 6 },
    signals: [{ re: /\bquota\b/i, weight: 3, why: 'the message mentions a quota' }],
    why: 'A per-user, per-group or per-project quota (bytes or inodes) is used up even though the filesystem has room.',
    confirm: ['quota -s -u $USER', 'repquota -as'],
    probes: [],
  },
  {
    // add_key(2)/keyctl(2) EDQUOT: "The key quota for this user would be exceeded by creating this key"
    // (kernel.keys.maxkeys / maxbytes, per uid). runc joins a session keyring per container, so
    // "create session key: disk quota exceeded" fails container starts although no disk is near full.
    id: 'kernel-keys',
    title: 'kernel keys of a user (kernel.keys.maxkeys, maxbytes)',
    errnos: { EDQUOT: 2 },
    signals: [{ re: /keyring|session key|\bkeyctl\b|add_key|request_key|maxkeys|maxbytes|key quota/i, weight: 10, why: 'the kernel keyring is named: add_key returns EDQUOT at the per-user key quota' }],
    why: 'Each user may hold only so many kernel keys (kernel.keys.maxkeys, 200 for non-root) and key bytes (maxbytes); every container runc starts takes a session keyring, so hosts with many containers run out and the error reads "Disk quota exceeded".',
    confirm: ['cat /proc/key-users   (uid: usage nkeys/nikeys qnkeys/maxkeys qnbytes/maxbytes)', 'cat /proc/sys/kernel/keys/maxkeys /proc/sys/kernel/keys/maxbytes'],
    probes: [],
  },
  {
    // inotify(7): inotify_add_watch ENOSPC "The user limit on the total number of inotify watches
    // was reached"; Node prints "ENOSPC: System limit for number of file watchers reached".
    id: 'inotify-watches',
    title: 'inotify watches (fs.inotify.max_user_watches)',
    errnos: { ENOSPC: 1 },
    signals: [
      { re: /inotify_add_watch|file watchers|inotify watch|inotify resources exhausted|max_user_watches|chokidar|watchpack/i, weight: 10, why: 'inotify_add_watch returns ENOSPC at the per-user watch limit, not when the disk is full' },
      { re: /\bwatch(es|ing)?\b|\binotify\b/i, weight: 3, why: 'a file watcher failed' },
    ],
    why: 'Each watched file or folder takes one watch; the per-user limit (often 8192 or 65536) is shared by every editor, build tool and log follower of that user.',
    confirm: ['cat /proc/sys/fs/inotify/max_user_watches', "find /proc/*/fdinfo -type f 2>/dev/null | xargs grep -c '^inotify' 2>/dev/null | sort -t: -k2 -n | tail"],
    probes: ['inotify'],
    findings: /^inotify\.watches/,
  },
  {
    // inotify(7): inotify_init EMFILE "The user limit on the total number of inotify instances has
    // been reached"; systemd logs "Failed to allocate directory watch: Too many open files".
    id: 'inotify-instances',
    title: 'inotify instances (fs.inotify.max_user_instances)',
    errnos: { EMFILE: 1 },
    signals: [
      { re: /inotify_init|inotify instances|max_user_instances|inotify cannot be used|directory watch/i, weight: 10, why: 'inotify_init returns EMFILE at the per-user instance limit (often 128), not at the open-file limit' },
      { re: /\binotify\b/i, weight: 3, why: 'inotify failed' },
    ],
    why: 'Every program that watches files opens an inotify instance; the per-user limit is small (128 by default).',
    confirm: ['cat /proc/sys/fs/inotify/max_user_instances', "find /proc/*/fd -lname 'anon_inode:inotify' 2>/dev/null | cut -d/ -f3 | sort | uniq -c | sort -n | tail"],
    probes: ['inotify'],
    findings: /^inotify\.instances/,
  },
  {
    // open(2)/socket(2)/accept(2) EMFILE: "The per-process limit on the number of open file
    // descriptors has been reached" (RLIMIT_NOFILE, getrlimit(2)); nginx worker_rlimit_nofile.
    id: 'fds-process',
    title: 'open files of one process (RLIMIT_NOFILE, ulimit -n)',
    errnos: { EMFILE: 6 },
    signals: [
      { re: /ulimit|nofile|limitnofile|worker_rlimit_nofile|max open files/i, weight: 2, why: 'the open-file limit is named' },
      { re: /accept4?\(\)|socket\(\)|connect\(\)|\bopen\(\)/i, weight: 1, why: 'every connection and open file takes a descriptor' },
      { re: /\binotify\b|directory watch/i, weight: -6, why: 'from inotify_init, EMFILE means the inotify instance limit' },
    ],
    why: 'A process has a limit on open descriptors (files, sockets, pipes); servers that hold many connections or leak descriptors reach it.',
    confirm: ["grep 'open files' /proc/<pid>/limits", 'ls /proc/<pid>/fd | wc -l', 'systemctl show <unit> -p LimitNOFILE'],
    probes: ['fds'],
    findings: /^fds\.process/,
  },
  {
    // open(2) ENFILE "The system-wide limit on the total number of open files has been reached";
    // proc(5) /proc/sys/fs/file-max; the kernel logs "VFS: file-max limit N reached" (fs/file_table.c).
    id: 'fds-system',
    title: 'open files of the whole system (fs.file-max)',
    errnos: { ENFILE: 8 },
    signals: [{ re: /file-max|file_max|file-nr/i, weight: 10, why: 'the kernel says the system-wide file table is full' }],
    // fs/file_table.c alloc_empty_file: past file-max only a caller with CAP_SYS_ADMIN still gets a
    // file, so root (and only root) may go on working while everything else fails.
    why: 'The kernel-wide file table (fs.file-max) is full; processes fail to open files, sockets and pipes, except those with CAP_SYS_ADMIN (usually root), which may still get some.',
    confirm: ['cat /proc/sys/fs/file-nr   (allocated, free, max)', 'cat /proc/sys/fs/file-max'],
    probes: ['fds', 'kernel-log'],
    findings: /^(fds\.system|kernel-log\.file-max)/,
  },
  {
    // fork(2)/clone(2) EAGAIN: RLIMIT_NPROC, threads-max or pid_max reached (proc(5) kernel.pid_max,
    // kernel.threads-max); Java: "java.lang.OutOfMemoryError: unable to create new native thread".
    id: 'processes',
    title: 'processes and threads (RLIMIT_NPROC, pid_max, threads-max)',
    errnos: { EAGAIN: 3 },
    signals: [
      { re: FORK, weight: 4, why: 'fork, clone and thread creation return EAGAIN at RLIMIT_NPROC, threads-max or pid_max' },
      { re: THREAD, weight: 6, why: 'the runtime could not start a thread: RLIMIT_NPROC counts threads, and so do threads-max and a cgroup\'s pids.max' },
      { re: /\bretry: resource temporarily unavailable/i, weight: 2, why: 'bash retries fork only when it gets EAGAIN' },
      { re: /\bnproc\b|ulimit -u|pid_max|threads-max|max user processes/i, weight: 6, why: 'a process or thread limit is named' },
    ],
    why: 'Processes and threads count against the user limit (ulimit -u), kernel.threads-max and kernel.pid_max; a runaway worker pool or fork bomb reaches one of them.',
    confirm: ['ps -eLf | wc -l   (threads)', 'cat /proc/sys/kernel/pid_max /proc/sys/kernel/threads-max', "ulimit -u; ps -eo user= -L | sort | uniq -c | sort -n | tail"],
    probes: ['processes'],
    findings: /^processes\.(pids|threads|nproc)/,
  },
  {
    // Documentation/admin-guide/cgroup-v2.rst "PID": fork fails with EAGAIN at pids.max and the
    // kernel logs "cgroup: fork rejected by pids controller in <path>"; systemd TasksMax=.
    id: 'cgroup-pids',
    title: 'pids limit of a cgroup (pids.max, systemd TasksMax, docker --pids-limit)',
    errnos: { EAGAIN: 2 },
    signals: [
      { re: /fork rejected by pids controller/i, weight: 14, why: 'the kernel says the pids controller refused a fork' },
      { re: /pids\.max|tasksmax|pids-limit/i, weight: 8, why: 'the cgroup pids limit is named' },
      { re: THREAD, weight: 6, why: 'threads count against pids.max too' },
      { re: FORK, weight: 3, why: 'fork and clone fail with EAGAIN at the cgroup pids limit' },
    ],
    env: { container: 2, host: -1 },
    why: 'A cgroup (a systemd unit, a container) may hold only so many processes and threads; the host may have plenty.',
    confirm: ['cat /sys/fs/cgroup/<group>/pids.current /sys/fs/cgroup/<group>/pids.max', 'cat /sys/fs/cgroup/<group>/pids.events', "journalctl -k | grep 'fork rejected'"],
    probes: ['cgroup', 'kernel-log'],
    findings: /^(cgroup\.pids|kernel-log\.pids-rejected)/,
  },
  {
    // mm/oom_kill.c logs "Out of memory: Killed process N (comm)"; malloc and mmap(2) ENOMEM.
    id: 'memory',
    title: 'memory and swap of the machine (the kernel OOM killer)',
    errnos: { ENOMEM: 4 },
    signals: [
      { re: /out of memory: kill|invoked oom-killer|oom-kill:|oom_reaper|killed process \d+/i, weight: 10, why: 'the kernel OOM killer acted' },
      { re: KILLED, weight: 7, why: 'the process got SIGKILL without a word of its own, which is what the OOM killer sends (see journalctl -k)' },
      { re: /page allocation failure/i, weight: 8, why: 'the kernel could not find free pages' },
      { re: /cannot allocate memory|out of memory/i, weight: 1, why: 'an allocation failed' },
      { re: /memory cgroup|memcg/i, weight: -8, why: 'the OOM was inside a cgroup, not the machine' },
      { re: MEM_FREE, weight: -2, why: 'free shows memory available' },
      { re: SOCKET, weight: -1, why: 'a machine short of RAM rarely fails socket() first' },
    ],
    why: 'RAM and swap are used up; the kernel refuses allocations or kills the biggest process.',
    confirm: ['free -m', "journalctl -k | grep -i 'out of memory'", 'ps aux --sort=-rss | head'],
    probes: ['memory', 'oom', 'kernel-log'],
    findings: /^(memory\.|oom\.|kernel-log\.oom)/,
  },
  {
    // proc(5) /proc/sys/vm/overcommit_memory: in mode 2 allocations fail once Committed_AS reaches
    // CommitLimit (swap + overcommit_ratio % of RAM), whatever free says; fork(2) ENOMEM.
    id: 'overcommit',
    title: 'commit limit (vm.overcommit_memory = 2)',
    errnos: { ENOMEM: 3 },
    signals: [
      { re: /overcommit|commitlimit|committed_as/i, weight: 10, why: 'the commit limit is named' },
      { re: MEM_FREE, weight: 2, why: 'free shows memory, yet allocations fail: the commit limit, not the RAM' },
      { re: FORK, weight: 1, why: 'fork of a big process needs its whole size committed again' },
      { re: /\bmmap\b|\bmalloc\b|zero-fill pages|map segment/i, weight: 1, why: 'mmap and malloc fail at the commit limit' },
    ],
    why: 'With strict overcommit the kernel refuses memory it promised too often, although much of it is unused; fork of a large process fails first.',
    confirm: ['cat /proc/sys/vm/overcommit_memory', "grep -E 'CommitLimit|Committed_AS' /proc/meminfo"],
    probes: ['overcommit'],
    findings: /^overcommit\./,
  },
  {
    // mmap(2) ENOMEM: "The process's maximum number of mappings would have been exceeded" (proc(5)
    // vm.max_map_count, 65530 by default) or "RLIMIT_AS would have been exceeded" (ulimit -v). ld.so
    // prints "cannot map zero-fill pages" / "failed to map segment from shared object" when its mmap fails.
    id: 'address-space',
    title: 'memory mappings of a process (vm.max_map_count, ulimit -v)',
    errnos: { ENOMEM: 2 },
    signals: [
      { re: /max_map_count|map count|virtual memory areas/i, weight: 12, why: 'the mapping limit is named' },
      { re: /ulimit -v|rlimit_as|address space/i, weight: 8, why: 'the address-space limit is named' },
      { re: /zero-fill pages|failed to map segment|\bmmap\b/i, weight: 5, why: 'a small mmap failed: with the heuristic overcommit that happens at a process\'s mapping count or address-space limit, not for want of RAM' },
      { re: MEM_FREE, weight: 3, why: 'free shows memory, yet allocations fail: a per-process limit, not the RAM' },
    ],
    why: 'A process may hold only vm.max_map_count mappings (65530 by default; Elasticsearch, JVMs with many threads and mmap-heavy databases reach it) and only ulimit -v of address space; past either, mmap and malloc fail with ENOMEM while the machine has memory free.',
    confirm: ['cat /proc/sys/vm/max_map_count', 'wc -l /proc/<pid>/maps', "grep 'address space' /proc/<pid>/limits"],
    probes: [],
  },
  {
    // Documentation/admin-guide/cgroup-v2.rst "Memory": memory.max, memory.events oom_kill; the
    // kernel logs "Memory cgroup out of memory: Killed process"; v1 kmem accounting charges socket
    // and dentry memory to the cgroup, so socket() can fail with ENOMEM.
    id: 'cgroup-memory',
    title: 'memory limit of a cgroup (container, systemd MemoryMax)',
    errnos: { ENOMEM: 2 },
    signals: [
      { re: /memory cgroup out of memory|memcg|memory\.max|memory\.limit_in_bytes|oomkilled|memorymax/i, weight: 12, why: 'the kernel or the runtime names the cgroup memory limit' },
      { re: CGROUP_V1_MEMINFO, weight: 14, why: 'the kernel\'s "memory: usage ..., limit ..., failcnt" lines report a cgroup v1 memory limit at an OOM kill' },
      { re: /out of memory|\boom\b/i, weight: 2, why: 'something was OOM-killed' },
      { re: KILLED, weight: 6, why: 'SIGKILL (exit 137) is also what the OOM killer of a container\'s cgroup sends' },
      { re: SOCKET, weight: 2, why: 'socket buffers are kernel memory charged to the cgroup' },
      { re: CONTAINER, weight: 3, why: 'it happened in a container' },
    ],
    env: { container: 3, openvz: -1, host: -4 },
    why: 'The cgroup of a container or service has a memory limit; inside it allocations fail and the OOM killer acts although the host has memory free.',
    confirm: ['cat /sys/fs/cgroup/<group>/memory.current /sys/fs/cgroup/<group>/memory.max', 'cat /sys/fs/cgroup/<group>/memory.events', 'docker inspect <c> --format "{{.State.OOMKilled}}"'],
    probes: ['cgroup'],
    findings: /^cgroup\.(memory|oom|under-oom)/,
  },
  {
    // OpenVZ wiki "UBC" and "Resource shortage": an allocation past a beancounter's barrier fails
    // and increments failcnt in /proc/user_beancounters; socket() returns ENOMEM (kmemsize) or
    // ENOBUFS (numothersock, numtcpsock). The seed: "sudo: unable to create sockets: Cannot allocate memory".
    id: 'beancounters',
    title: 'container limits of OpenVZ/Virtuozzo (user beancounters: kmemsize, numothersock, numproc, ...)',
    errnos: { ENOMEM: 3, ENOBUFS: 2, EAGAIN: 1, ENOSPC: 1 },
    signals: [
      { re: SOCKET, weight: 6, why: 'creating a socket fails with ENOMEM when a kernel-memory or socket beancounter (kmemsize, numothersock, numtcpsock) is at its barrier; on a full VM the OOM killer would act first' },
      { re: /beancounter|failcnt|kmemsize|numproc|numothersock|numtcpsock|privvmpages|numfile|virtuozzo|openvz|power ?panel/i, weight: 10, why: 'the message names an OpenVZ/Virtuozzo limit' },
      { re: CGROUP_V1_MEMINFO, weight: -14, why: '"memory:/kmem: usage, limit, failcnt" is a cgroup v1 memory report, not a beancounter' },
      { re: CONTAINER, weight: 3, why: 'it happened in a container or VPS' },
      { re: MEM_FREE, weight: 2, why: 'free and top show memory, yet allocations fail: a quota, not the RAM' },
      { re: FORK, weight: 1, why: 'fork fails at numproc or privvmpages' },
    ],
    env: { openvz: 6, container: -2, host: -8 },
    why: 'An OpenVZ/Virtuozzo container is rationed per resource (kernel memory, sockets, processes, files, inodes); when one hits its barrier the allocation fails with a generic error while top, free and df inside look healthy.',
    confirm: ['cat /proc/user_beancounters   (any failcnt above 0 is a refusal)', 'the hoster\'s panel (Virtuozzo Power Panel: resources)'],
    probes: ['beancounters'],
    findings: /^beancounters\./,
  },
  {
    // JVM -Xmx ("java.lang.OutOfMemoryError: Java heap space"), V8 --max-old-space-size
    // ("JavaScript heap out of memory"), PHP memory_limit ("Allowed memory size ... exhausted").
    id: 'runtime-heap',
    title: "a runtime's own heap limit (JVM -Xmx, Node --max-old-space-size, PHP memory_limit)",
    errnos: {},
    signals: [
      { re: /java heap space|gc overhead limit exceeded|metaspace|javascript heap out of memory|reached heap limit|allowed memory size of \d+ bytes exhausted/i, weight: 12, why: 'the runtime hit its own configured heap limit, not the machine\'s memory' },
    ],
    why: 'The program\'s runtime caps its heap; the machine may have plenty of memory left. Raise the cap or find the leak.',
    confirm: ['the -Xmx / --max-old-space-size / memory_limit setting of the program', 'a heap dump or profile of the program'],
    probes: [],
  },
  {
    // connect(2) EADDRNOTAVAIL "All port numbers in the ephemeral port range are currently in use";
    // ip(7) ip_local_port_range; Java: "java.net.NoRouteToHostException: Cannot assign requested address".
    id: 'ephemeral-ports',
    title: 'ephemeral ports for outgoing connections (net.ipv4.ip_local_port_range)',
    errnos: { EADDRNOTAVAIL: 8, EADDRINUSE: 1 },
    signals: [
      { re: /\bconnect|upstream|outgoing|noroutetohost/i, weight: 2, why: 'an outgoing connection found no free local port' },
      { re: /ip_local_port_range|ephemeral|time_wait|time-wait/i, weight: 8, why: 'the port range or TIME_WAIT is named' },
      { re: /\bbind\(\) to [\d.:]+:\d+/i, weight: -2, why: 'a bind to a fixed address is a configuration problem' },
    ],
    why: 'Every outgoing connection to the same address and port takes a local port; thousands of short connections (to an upstream, a database) leave them in TIME_WAIT until the range is used up.',
    confirm: ['ss -s', "ss -tan state time-wait | wc -l", 'cat /proc/sys/net/ipv4/ip_local_port_range'],
    probes: ['tcp'],
    findings: /^tcp\.(ephemeral-ports|states)/,
  },
  {
    // tcp(7) tcp_mem; the kernel logs "TCP: out of memory -- consider tuning tcp_mem" and
    // "TCP: too many orphaned sockets" (net/ipv4/tcp.c); socket(2)/sendmsg ENOBUFS.
    id: 'socket-memory',
    title: 'socket buffer memory (tcp_mem, orphaned sockets)',
    errnos: { ENOBUFS: 6, ENOMEM: 1 },
    signals: [
      { re: /tcp: out of memory|tcp_mem|orphaned sockets|\borphans?\b/i, weight: 12, why: 'the kernel says TCP ran out of its memory budget' },
      { re: /sendmsg|sendto|\bsend\b|recvmsg|\budp\b|netlink/i, weight: 1, why: 'sending needs socket buffer memory' },
      { re: SOCKET, weight: 1, why: 'a socket operation failed' },
    ],
    why: 'The kernel caps memory for socket buffers (tcp_mem) and for orphaned sockets; past that, sends fail with ENOBUFS and connections are reset.',
    confirm: ['cat /proc/net/sockstat', 'cat /proc/sys/net/ipv4/tcp_mem   (pages)', "journalctl -k | grep -E 'TCP: (out of memory|too many orphaned)'"],
    probes: ['sockets', 'kernel-log'],
    findings: /^(sockets\.|kernel-log\.(tcp-oom|orphans))/,
  },
  {
    // Documentation/networking/nf_conntrack-sysctl.rst nf_conntrack_max; the kernel logs
    // "nf_conntrack: table full, dropping packet"; local sends then fail with EPERM.
    id: 'conntrack',
    title: 'connection tracking table (nf_conntrack_max)',
    errnos: {},
    signals: [
      { re: /conntrack.*(table full|dropping packet)|nf_conntrack_max|conntrack_count/i, weight: 14, why: 'the kernel says the conntrack table is full and drops packets' },
      { re: /(sendmsg|sendto).*operation not permitted/i, weight: 6, why: 'local sends fail with EPERM while the conntrack table is full (or a firewall rejects them)' },
    ],
    why: 'The firewall tracks every connection; when the table is full new connections are dropped: timeouts for clients, EPERM for local senders.',
    confirm: ['cat /proc/sys/net/netfilter/nf_conntrack_count /proc/sys/net/netfilter/nf_conntrack_max', 'conntrack -S   (drop, insert_failed)'],
    probes: ['conntrack', 'kernel-log'],
    findings: /^(conntrack\.|kernel-log\.conntrack-full)/,
  },
  {
    // The kernel remounts read-only on errors (mount(8) errors=remount-ro): "EXT4-fs (sda1):
    // Remounting filesystem read-only"; every write then fails with EROFS.
    id: 'readonly-fs',
    title: 'a filesystem gone read-only',
    errnos: { EROFS: 10 },
    signals: [
      { re: /remounting filesystem read-only|remounted read-only|errors=remount-ro|shutting down filesystem/i, weight: 10, why: 'the kernel switched the filesystem to read-only after an error' },
      { re: /I\/O error|ext4-fs error|xfs.*(corrupt|error)/i, weight: 3, why: 'the disk or filesystem reported errors' },
    ],
    why: 'After an I/O or consistency error the kernel remounts a filesystem read-only to protect it (or it was mounted so); every write fails.',
    // Since Linux 6.9 ext4 keeps "rw" in the mount options and shows "emergency_ro" only among the
    // superblock options (findmnt's FS-OPTIONS); its error count stays in /sys/fs/ext4/<dev>/.
    confirm: ['findmnt -T {dir} -o TARGET,VFS-OPTIONS,FS-OPTIONS', "findmnt -o TARGET,VFS-OPTIONS,FS-OPTIONS | grep -wE 'ro|emergency_ro|shutdown'", 'grep . /sys/fs/ext4/*/errors_count', "journalctl -k | grep -iE 'remount|I/O error|EXT4-fs error'"],
    probes: ['filesystems', 'kernel-log'],
    findings: /^(filesystems\.(remounted-ro|read-only|ext4-errors)|kernel-log\.(remount-ro|fs-error|io-error))/,
  },
  {
    // semget(2) ENOSPC "the system-wide limit on semaphore sets (SEMMNI) or semaphores (SEMMNS)
    // would be exceeded"; Apache: "(28)No space left on device: AH00023: Couldn't create the ... mutex"
    // after crashed children leave their semaphores behind.
    id: 'ipc-semaphores',
    title: 'System V semaphores (kernel.sem)',
    errnos: { ENOSPC: 1 },
    signals: [{ re: SEM, weight: 12, why: 'semget returns ENOSPC when the semaphore sets run out, however full the disk is' }],
    why: 'Programs like Apache take System V semaphores and leave them behind when they crash; the small system-wide limit runs out.',
    confirm: ['ipcs -s', 'cat /proc/sys/kernel/sem   (SEMMSL SEMMNS SEMOPM SEMMNI)', 'ipcs -s | awk \'$3=="www-data"{print $2}\' | xargs -n1 ipcrm -s   (after stopping apache)'],
    probes: [],
  },
  {
    // mkdir(2) EMLINK "The number of links to the parent directory would exceed LINK_MAX"; ext4
    // without dir_nlink caps sub-folders at 65,000, ext2/3 at 31,998.
    id: 'dir-links',
    title: 'sub-folders per folder (link count)',
    errnos: { EMLINK: 10 },
    signals: [{ re: /\bmkdir\b|\blink\b|cannot create directory/i, weight: 1, why: 'a folder or link could not be created' }],
    why: 'A folder can hold only so many sub-folders on ext2/3 and on ext4 without dir_nlink; caches that make one folder per key reach it.',
    confirm: ['ls -d <parent>/*/ | wc -l', 'tune2fs -l <device> | grep -i features   (dir_nlink)'],
    probes: [],
  },
  {
    // execve(2) E2BIG: arguments and environment exceed ARG_MAX (getconf ARG_MAX); the classic trap
    // when `rm cache/*` meets millions of cache files, as in the seed's clean-up.
    id: 'arg-max',
    title: 'command line length (ARG_MAX)',
    errnos: { E2BIG: 10 },
    signals: [{ re: /\b(rm|mv|cp|ls|grep|tar|chown|chmod)\b|\*/i, weight: 1, why: 'a shell glob expanded to more names than a command line holds' }],
    why: 'The shell expanded a glob to more names than fit into one command line; nothing is exhausted on the machine. Use `find DIR -type f -delete` or xargs.',
    confirm: ['getconf ARG_MAX', 'find <dir> -maxdepth 1 | wc -l'],
    probes: [],
  },
  {
    // tcp(7) tcp_max_syn_backlog, listen(2) somaxconn; the kernel logs "Possible SYN flooding on
    // port N. Sending cookies." when a listen queue overflows.
    id: 'listen-backlog',
    title: 'listen queue of a server socket (somaxconn, backlog)',
    errnos: {},
    signals: [
      { re: /syn flooding|somaxconn|listen queue|backlog|listen overflow|ListenOverflows/i, weight: 10, why: 'a listen queue overflowed: the server accepts connections slower than they arrive' },
    ],
    why: 'Connections wait in a queue until the server accepts them; when the server is slow or the queue small, new ones are dropped or answered with SYN cookies.',
    confirm: ['ss -ltn   (Recv-Q vs Send-Q per listener)', "nstat -az | grep -E 'ListenOverflows|ListenDrops'", 'cat /proc/sys/net/core/somaxconn'],
    probes: ['kernel-log'],
    findings: /^kernel-log\.syn-flood/,
  },
];

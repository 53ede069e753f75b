// Real messages, as the software that prints them spells them, with the resource that should come
// first when nothing is known about the machine (no live check).
import { describe, expect, it } from 'vitest';
import { placeOf, rank, shellQuote } from '../../src/explain/match.js';

const TABLE: Array<[source: string, message: string, top: string]> = [
  // coreutils
  ['cp', "cp: error writing '/backup/db.sql': No space left on device", 'disk-space'],
  ['touch', "touch: cannot touch '/var/www/blog/wp-content/cache/object/4f/x.php': No space left on device", 'inodes'],
  ['mkdir', "mkdir: cannot create directory '/srv/cache/65001': Too many links", 'dir-links'],
  ['tail', 'tail: inotify resources exhausted', 'inotify-watches'],
  ['tail', 'tail: inotify cannot be used, reverting to polling: Too many open files', 'inotify-instances'],
  ['split', "split: cannot open 'xaa' for writing: Disk quota exceeded", 'disk-quota'],
  // bash
  ['bash', 'bash: fork: retry: Resource temporarily unavailable', 'processes'],
  ['bash', 'bash: /usr/bin/rm: Argument list too long', 'arg-max'],
  ['bash', '-bash: fork: Cannot allocate memory', 'memory'],
  ['bash', 'bash: cannot create temp file for here-document: No space left on device', 'inodes'],
  // sudo (the seed's message)
  ['sudo', 'sudo: unable to create sockets: Cannot allocate memory', 'beancounters'],
  ['sudo', 'sudo: unable to fork: Resource temporarily unavailable', 'processes'],
  // nginx
  ['nginx', '2026/03/14 09:12:03 [crit] 1234#1234: accept4() failed (24: Too many open files)', 'fds-process'],
  ['nginx', '2026/03/14 09:12:03 [crit] 1234#1234: *51 connect() to 127.0.0.1:9000 failed (99: Cannot assign requested address) while connecting to upstream, client: 203.0.113.5', 'ephemeral-ports'],
  ['nginx', '2026/03/14 09:12:03 [crit] 1234#1234: *7 pwrite() "/var/cache/nginx/client_temp/0000000007" failed (28: No space left on device)', 'disk-space'],
  // apache
  ['apache', "[Sat Mar 14 09:12:03.123456 2026] [core:emerg] [pid 1234] (28)No space left on device: AH00023: Couldn't create the proxy mutex", 'ipc-semaphores'],
  ['apache', '[Sat Mar 14 09:12:03.123456 2026] [mpm_prefork:error] [pid 1234] (11)Resource temporarily unavailable: AH00159: fork: Unable to fork new process', 'processes'],
  // postfix
  ['postfix', 'Mar 14 09:12:03 mail postfix/cleanup[4242]: warning: mail_queue_enter: create file incoming/1234.4242: No space left on device', 'inodes'],
  ['postfix', 'Mar 14 09:12:03 mail postfix/smtpd[4242]: warning: not enough free space in mail queue: 1048576 bytes < 1.5*message size limit', 'disk-space'],
  // the kernel
  ['kernel', 'Out of memory: Killed process 2345 (mysqld) total-vm:2345678kB, anon-rss:1234567kB, file-rss:0kB, shmem-rss:0kB, UID:27 pgtables:4567kB oom_score_adj:0', 'memory'],
  ['kernel', 'Memory cgroup out of memory: Killed process 3456 (java) total-vm:4567890kB, anon-rss:2097152kB', 'cgroup-memory'],
  ['kernel', 'nf_conntrack: nf_conntrack: table full, dropping packet', 'conntrack'],
  ['kernel', 'VFS: file-max limit 65536 reached', 'fds-system'],
  ['kernel', 'cgroup: fork rejected by pids controller in /system.slice/php-fpm.service', 'cgroup-pids'],
  ['kernel', 'EXT4-fs (sda1): Remounting filesystem read-only', 'readonly-fs'],
  ['kernel', 'TCP: out of memory -- consider tuning tcp_mem', 'socket-memory'],
  ['kernel', 'TCP: too many orphaned sockets', 'socket-memory'],
  ['kernel', 'TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.  Check SNMP counters.', 'listen-backlog'],
  ['iputils', 'ping: sendmsg: Operation not permitted', 'conntrack'],
  // Java
  ['java', 'Exception in thread "main" java.lang.OutOfMemoryError: unable to create new native thread', 'processes'],
  ['java', 'java.lang.OutOfMemoryError: Java heap space', 'runtime-heap'],
  ['java', 'java.net.SocketException: Too many open files', 'fds-process'],
  ['java', 'java.io.IOException: No space left on device', 'disk-space'],
  ['java', 'java.net.NoRouteToHostException: Cannot assign requested address (Address not available)', 'ephemeral-ports'],
  // Node
  ['node', "Error: ENOSPC: System limit for number of file watchers reached, watch '/app/src'", 'inotify-watches'],
  ['node', "Error: EMFILE: too many open files, open '/app/node_modules/x/index.js'", 'fds-process'],
  ['node', 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory', 'runtime-heap'],
  ['node', 'Error: connect EADDRNOTAVAIL 10.0.0.5:5432 - Local (0.0.0.0:0)', 'ephemeral-ports'],
  ['node', 'Error: spawn ENOMEM', 'memory'],
  ['node', 'Error: ENOSPC: no space left on device, write', 'disk-space'],
  // Python, MySQL, systemd, PHP
  ['python', 'OSError: [Errno 24] Too many open files', 'fds-process'],
  ['mysql', "[ERROR] /usr/sbin/mysqld: Out of resources when opening file './blog/wp_options.MYD' (Errcode: 24 - Too many open files)", 'fds-process'],
  ['systemd', 'Failed to allocate directory watch: Too many open files', 'inotify-instances'],
  ['php', 'PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes)', 'runtime-heap'],
  ['anything', 'inotify_add_watch(/etc/nginx) failed: No space left on device', 'inotify-watches'],
  // the seed: df looked healthy
  ['a person', 'No space left on device, but df -h shows the disk only 50% full', 'inodes'],
  // a German system (texts from glibc's, coreutils' and bash's German catalogues)
  ['touch (de)', "touch: '/var/www/blog/wp-content/cache/object/4f/x.php' kann nicht berührt werden: Auf dem Gerät ist kein Speicherplatz mehr verfügbar", 'inodes'],
  ['cp (de)', "cp: Fehler beim Schreiben von '/backup/db.sql': Auf dem Gerät ist kein Speicherplatz mehr verfügbar", 'disk-space'],
  ['bash (de)', 'bash: Kann die temporäre Datei für das Hier-Dokument nicht anlegen: Auf dem Gerät ist kein Speicherplatz mehr verfügbar', 'inodes'],
  ['bash (de)', 'bash: fork: retry: Die Ressource ist zur Zeit nicht verfügbar', 'processes'],
  ['nginx (de)', 'accept4() failed (24: Zu viele offene Dateien)', 'fds-process'],
  // ld.so has no strerror table: "Error 23" is errno 23, ENFILE (glibc elf/dl-minimal.c)
  ['ld.so', '/usr/bin/python3: error while loading shared libraries: libpython3.11.so.1.0: cannot open shared object file: Error 23', 'fds-system'],
  ['ld.so', 'sshd: error while loading shared libraries: libcrypto.so.3: cannot open shared object file: Error 24', 'fds-process'],
  ['ld.so', 'php: error while loading shared libraries: libxml2.so.2: cannot map zero-fill pages: Cannot allocate memory', 'address-space'],
  ['ld.so', 'java: error while loading shared libraries: libjli.so: failed to map segment from shared object: Cannot allocate memory', 'address-space'],
  // SIGKILL without a word: the OOM killer
  ['bash', 'Killed', 'memory'],
  ['bash', 'bash: line 1:  4242 Killed                  python3 train.py', 'memory'],
  ['make', 'make: *** [Makefile:12: build] Error 137', 'memory'],
  ['go', 'exit status 137', 'memory'],
  ['go', 'build failed: signal: killed', 'memory'],
  ['systemd', 'php-fpm.service: Main process exited, code=killed, status=9/KILL', 'memory'],
  ['kubectl', 'Last State: Terminated, Reason: OOMKilled, Exit Code: 137', 'cgroup-memory'],
  ['docker', 'docker run: the container exited with exit code 137', 'cgroup-memory'],
  // threads
  ['java 11+', 'java.lang.OutOfMemoryError: unable to create native thread: possibly out of memory or process/resource limits reached', 'processes'],
  // EDQUOT is also the kernel key quota
  ['runc', 'runc create failed: unable to start container process: error during container init: join session keyring: create session key: disk quota exceeded', 'kernel-keys'],
  // ENOMEM while memory is free: a per-process limit or the commit limit
  ['a person', 'fork: Cannot allocate memory, but free -m shows plenty of memory', 'overcommit'],
  ['elasticsearch', 'max virtual memory areas vm.max_map_count [65530] is too low, increase to at least [262144]', 'address-space'],
  // cgroup v1's own OOM report is no beancounter
  ['kernel', 'memory: usage 524288kB, limit 524288kB, failcnt 1234', 'cgroup-memory'],
  ['kernel', 'kmem: usage 10240kB, limit 9007199254740988kB, failcnt 0', 'cgroup-memory'],
  ['kernel', 'memory+swap: usage 1048576kB, limit 1048576kB, failcnt 77', 'cgroup-memory'],
  // errno names and numbers alone
  ['errno', 'ENOSPC', 'disk-space'],
  ['errno', '28', 'disk-space'],
  ['errno', 'EMFILE', 'fds-process'],
  ['errno', 'ENFILE', 'fds-system'],
  ['errno', 'EDQUOT', 'disk-quota'],
  ['errno', 'EAGAIN', 'processes'],
  ['errno', 'ENOMEM', 'memory'],
  ['errno', 'ENOBUFS', 'socket-memory'],
  ['errno', 'EADDRNOTAVAIL', 'ephemeral-ports'],
  ['errno', 'EROFS', 'readonly-fs'],
  ['errno', '122', 'disk-quota'],
];

describe('explain: the top suspect for real messages', () => {
  it.each(TABLE)('%s: %s', (_source, message, top) => {
    const suspects = rank(message);
    expect(suspects[0]?.resource).toBe(top);
  });

  it('never blames the disk for inotify or semaphore ENOSPC', () => {
    for (const m of ['inotify_add_watch(/etc/nginx) failed: No space left on device', "(28)No space left on device: AH00023: Couldn't create the proxy mutex"]) {
      const ids = rank(m).map((s) => s.resource);
      expect(ids).not.toContain('disk-space');
      expect(ids).not.toContain('inodes');
    }
  });

  it('reads "df shows room" as inodes, but a nearly full disk as bytes', () => {
    expect(rank('No space left on device, df says the disk is only 12% used')[0]!.resource).toBe('inodes');
    expect(rank('No space left on device, df shows the disk 97% full')[0]!.resource).toBe('disk-space');
  });

  it.each([
    ['curl', 'curl: (7) Couldn\'t connect to server'],
    ['curl', 'curl: (7) Failed to connect to 10.0.0.5 port 443 after 3 ms: Connection refused'],
    ['curl', 'curl: (28) Connection timed out after 10001 milliseconds'],
    ['curl', 'curl: (28) Operation timed out after 30000 milliseconds with 0 bytes received'],
  ])('%s exit codes in parentheses are no errnos: %s', (_source, message) => {
    expect(rank(message)).toEqual([]);
  });

  it('a Java thread failure points at the process limits and at a cgroup\'s pids.max', () => {
    const ids = rank('java.lang.OutOfMemoryError: unable to create native thread: possibly out of memory or process/resource limits reached').map((s) => s.resource);
    expect(ids.slice(0, 2)).toEqual(['processes', 'cgroup-pids']);
  });

  it('"Disk quota exceeded" names the filesystem quota first and the kernel key quota too', () => {
    const ids = rank("split: cannot open 'xaa' for writing: Disk quota exceeded").map((s) => s.resource);
    expect(ids[0]).toBe('disk-quota');
    expect(ids).toContain('kernel-keys');
    expect(rank('EDQUOT').find((s) => s.resource === 'kernel-keys')!.confirm[0]).toMatch(/^cat \/proc\/key-users/);
  });

  it('ENOMEM while memory is free points at the commit limit and the mapping limits, not the RAM', () => {
    const ids = rank('Cannot allocate memory although free shows plenty of memory').map((s) => s.resource);
    expect(ids.slice(0, 2)).toEqual(['overcommit', 'address-space']);
    expect(ids.indexOf('memory')).toBeGreaterThan(ids.indexOf('address-space'));
  });

  it('cgroup v1 "failcnt" lines never point at beancounters', () => {
    expect(rank('memory: usage 524288kB, limit 524288kB, failcnt 1234').map((s) => s.resource)).not.toContain('beancounters');
    expect(rank('beancounter kmemsize failcnt 12')[0]!.resource).toBe('beancounters');
  });

  it('does not claim root cannot open files past file-max', () => {
    const nfile = rank('ENFILE')[0]!;
    expect(nfile.why).not.toMatch(/even root/);
    expect(nfile.why).toMatch(/CAP_SYS_ADMIN/);
  });

  it('says nothing about text that names no exhausted resource', () => {
    expect(rank('GET /index.php HTTP/1.1 200 5120')).toEqual([]);
    expect(rank('Operation not permitted')).toEqual([]);
  });

  it('gives a reason and a way to confirm with every suspect', () => {
    for (const s of rank('sudo: unable to create sockets: Cannot allocate memory')) {
      expect(s.why.length).toBeGreaterThan(20);
      expect(s.confirm.length).toBeGreaterThan(0);
    }
    expect(rank('sudo: unable to create sockets: Cannot allocate memory')[0]!.why).toMatch(/^ENOMEM: Creating a socket fails/);
  });
});

describe('placeOf', () => {
  it('takes the folder of the first absolute path the message names', () => {
    const p = placeOf("touch: cannot touch '/srv/www/cache/x.php': No space left on device");
    expect(p.dir).toBe('/srv/www/cache');
    expect(p.dir === p.mount || p.dir.startsWith(p.mount === '/' ? '/' : p.mount + '/')).toBe(true);
    expect(placeOf('open() "/var/cache/nginx/client_temp/7" failed').dir).toBe('/var/cache/nginx/client_temp');
    expect(placeOf('No space left on device')).toEqual({ dir: '/', mount: '/' });
    expect(placeOf('create file incoming/1.4242: No space left on device')).toEqual({ dir: '/', mount: '/' });
  });

  it('quotes a path that could run something when the command is pasted', () => {
    const inodes = rank('open() "/tmp/a;reboot/$(id)/x" failed (28: No space left on device)').find((s) => s.resource === 'inodes')!;
    expect(inodes.confirm[0]).toBe("df -i '/tmp/a;reboot'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it('fills the confirm commands with it', () => {
    const inodes = rank("touch: cannot touch '/srv/www/cache/x.php': No space left on device").find((s) => s.resource === 'inodes')!;
    expect(inodes.confirm[0]).toBe('df -i /srv/www/cache');
  });
});

// The remote collector: a POSIX sh script (dash, BusyBox ash) that reads what the probes declare in
// `reads` and streams it to stdout as one archive. It is built from PROBES, never kept by hand, so
// a probe that reads a new file brings it to remote hosts by declaring it.
//
// Capture format 2 (README "capture format"): after the line "PMCAP 2 <Q>", named blocks, each
// opened by a header line "==> <Q><name> <==". <Q> is a random prefix of "/." and "//." steps drawn
// on the host ("/.//././/."...): it resolves to "/", so `head` and `tail` print it in their own
// "==> FILE <==" headers when given "<Q>/proc/1/stat", and data read from the host (a log line, a
// command line) cannot fake a header without knowing it. A header is preceded by a newline that
// belongs to neither block, except headers named "/dev/null": every head/tail batch starts with
// <Q>/dev/null (so even a batch of one file gets headers) and head writes no newline before it.
//   <Q>:stat      `stat -c '<Q> %f %n<newline>%N'` of every declared path: type, and link targets
//   <Q>/PATH      a file's bytes, exactly (head -c / tail -c)
//   <Q>:deleted   `stat -L -c '<Q> %d %i %b %h %n'` of fd links whose target ends in " (deleted)"
//   <Q>:statfs    "S <result> <path>": stuck, error, or stat -f's '%t,%S,%b,%f,%a,%c,%d'
//   <Q>:end       the end: an archive without it was cut short
// No length is needed up front, so the host runs a handful of processes (one stat, one head per
// few thousand files) instead of a cat, wc and readlink per file, and needs no temporary file: a
// host out of inodes streams the capture all the same.
import { PROBES } from '../snapshot/probes/index.js';
import type { Probe } from '../snapshot/types.js';

/** Every glob the probes declare, once, in declaration order. */
export function declaredReads(probes: Probe[] = PROBES): string[] {
  return [...new Set(probes.flatMap((p) => p.reads ?? []))];
}

// Globs come from our own source; still, refuse anything that could break out of the script.
const SAFE = /^\/[A-Za-z0-9_.*\[\]\/-]+(@tail|@biggest|@anon)?$/;

/** '@biggest' reads a per-process file of only this many processes, those with the largest VmSize. */
export const BIGGEST = 20;

/** The declared globs sorted by how the host reads them. */
export function plan(globs: string[]): { plain: string[]; tails: string[]; trees: Map<string, Set<string>> } {
  const plain: string[] = [];
  const tails: string[] = [];
  const trees = new Map<string, Set<string>>(); // DIR/** -> names wanted under it ('' = every folder)
  for (const glob of globs) {
    if (!SAFE.test(glob)) throw new Error(`probe read "${glob}": not a plain absolute glob`);
    if (glob.endsWith('@tail')) tails.push(glob.slice(0, -5));
    else if (glob.endsWith('@anon')) {
      // fdinfo of the fds that are anon inodes (inotify, eventfd...): the others say only pos and flags
      if (glob !== '/proc/[0-9]*/fdinfo/*@anon') throw new Error(`probe read "${glob}": @anon applies to /proc/[0-9]*/fdinfo/*`);
      plain.push(glob.slice(0, -5));
    }
    else if (glob.endsWith('@biggest')) {
      const m = /^\/proc\/\[0-9\]\*\/([A-Za-z_]+)@biggest$/.exec(glob);
      if (!m) throw new Error(`probe read "${glob}": @biggest applies to /proc/[0-9]*/FILE`);
      // vsize is field 23 of /proc/PID/stat, the 21st after the command's closing parenthesis; one
      // awk keeps the biggest (getline: a process that exits meanwhile must not stop it)
      plain.push(`$(awk 'BEGIN { for (a = 1; a < ARGC; a++) if ((getline l < ARGV[a]) > 0) { close(ARGV[a]); s = l; sub(/.*\\) /, "", s); split(s, f, " "); v = f[21] + 0
        if (n < ${BIGGEST} || v > top[n]) { if (n < ${BIGGEST}) n++; for (i = n; i > 1 && top[i - 1] < v; i--) { top[i] = top[i - 1]; who[i] = who[i - 1] } top[i] = v; who[i] = ARGV[a] } }
        for (i = 1; i <= n; i++) { p = who[i]; sub(/stat$/, "${m[1]}", p); print p } }' /proc/[0-9]*/stat 2>/dev/null </dev/null)`);
    }
    else if (glob.includes('/**')) {
      const at = glob.indexOf('/**');
      const base = glob.slice(0, at);
      const names = trees.get(base) ?? new Set<string>();
      names.add(glob.slice(at + 3).replace(/^\//, ''));
      trees.set(base, names);
    } else plain.push(glob);
  }
  return { plain, tails, trees };
}

/** The shell command that prints every declared path, NUL-terminated: globs in the shell, trees by one find each. */
function pathsCommand(plain: string[], trees: Map<string, Set<string>>): string {
  const finds = [...trees].map(([base, names]) => {
    const tests = [...names].map((n) => (n === '' ? '-type d' : `-name '${n}'`)).join(' -o ');
    return `[ -d ${base} ] && find ${base} \\( ${tests} \\) -print0`;
  });
  return [`printf '%s\\0' ${plain.join(' ')}`, ...finds].join('\n  ');
}

// Filesystems whose statfs answers from memory (it never waits for a device or a server): they are
// statted together by one stat. Everything else (nfs, cifs, fuse, autofs...) gets its own process,
// killed at the deadline, so a dead mount is reported stuck, as locally.
const QUICK_FS = 'ext2 ext3 ext4 xfs btrfs f2fs vfat tmpfs devtmpfs ramfs overlay squashfs proc sysfs devpts cgroup cgroup2 mqueue securityfs debugfs tracefs pstore bpf configfs hugetlbfs nsfs efivarfs binfmt_misc fusectl';
/** How long the reads that take a process's mmap lock (cmdline, environ, maps) may take together (seconds). */
const LOCKED_DEADLINE_S = 2;
/** How long the slow mounts' statfs may take together before they are reported stuck (seconds). */
const STATFS_DEADLINE_S = 2;

const HEAD = `#!/bin/sh
# postmortem collector: reads /proc and /sys for "postmortem snapshot --from" and streams one archive
# to stdout (capture format 2: see README). Read-only, writes no file; uses stat, head, tail, find,
# xargs, awk, tr and sleep, as BusyBox and coreutils both have them.
LC_ALL=C QUOTING_STYLE=literal; export LC_ALL QUOTING_STYLE
NL='
'
# Q: 32 random steps of "/." or "//.", a prefix that resolves to "/" (see the format)
u=; read -r u < /proc/sys/kernel/random/uuid 2>/dev/null; u=\${u%%-*}
case $u in ????????) ;; *) u=0 ;; esac
n=$(( (0x$u ^ $$) & 4294967295 ))
Q=; i=0
while [ $i -lt 32 ]; do
  if [ $((n % 2)) = 1 ]; then Q="$Q//."; else Q="$Q/."; fi
  n=$((n / 2)); i=$((i + 1))
done
h() { printf '\\n==> %s%s <==\\n' "$Q" "$1"; }
# the kernel ring buffer: /dev/kmsg never says "end" (a read there waits for the next message), so
# cat runs until it has stopped reading (its rchar unchanged over 10 ms while it sleeps), then is killed
kmsg() {
  [ -r /dev/kmsg ] || return 0
  h /dev/kmsg
  { cat /dev/kmsg & p=$!
    a=; i=0
    while [ $i -lt 50 ]; do
      sleep 0.01; i=$((i + 1))
      b=; s=
      read -r _ b < /proc/$p/io
      read -r _ _ s _ < /proc/$p/stat
      [ -z "$b" ] && [ $i -ge 10 ] && break
      [ -n "$b" ] && [ "$b" = "$a" ] && [ "$s" = S ] && break
      a=$b
    done
    kill $p; wait $p
  } | tail -c 1048576
}
`;

const MAIN = (paths: string, tails: string[], anonOnly: boolean) => `
main() {
  printf 'PMCAP 2 %s\\n' "$Q"
  h :stat
  S=$( {
  ${paths}
  } 2>/dev/null | xargs -0 stat -c "$Q %f %n$NL%N" 2>/dev/null )
  printf '%s\\n' "$S"
  # one pass over the stat lines: the files (regular ones, and links outside /proc and /sys: their
  # absolute target would resolve on the reading machine, so the file itself travels); apart, a
  # process's cmdline, environ and maps, which take its mmap lock (held by a process stuck in the
  # kernel): they are read last, by one head killed at the deadline; and the mount namespaces other
  # than ours, by their first process, whose mountinfo travels too
  # (one awk program, three questions: its answers are small, the stat lines are not; a shell
  # pattern over a big string is slow in BusyBox)
  P='
    $1 == Q { t = substr($2, 1, length($2) - 3); path = substr($0, length(Q) + length($2) + 3)
              if (t == "a" && path ~ /^\\/proc\\/([0-9]+|self)\\/(fd\\/[0-9]+|ns\\/mnt)$/) { getline n; sub(/^.* -> /, "", n); gsub(/'"'"'/, "", n)
                if (path ~ /ns\\/mnt$/) { split(path, p, "/"); if (p[3] == "self") own = n; else ns[p[3]] = n }
                else if (n ~ /^anon_inode:/) { sub(/\\/fd\\//, "/fdinfo/", path); anon[path] = 1 }
                next }
              if ((t == "8" || (t == "a" && path !~ /^\\/(proc|sys)\\//)) && !(path in seen)) { seen[path] = 1
                if (path ~ /^\\/proc\\/[0-9]+\\/fdinfo\\//) fdinfo[path] = 1
                else if (path ~ /^\\/proc\\/[0-9]+\\/(cmdline|environ|maps)$/) locked[path] = 1
                else if (mode == "files") print Q path } }
    END { for (pid in ns) if (ns[pid] != own && (!(ns[pid] in first) || pid + 0 < first[ns[pid]] + 0)) first[ns[pid]] = pid
          if (mode == "ns") for (k in first) print first[k]
          if (mode == "locked") for (f in locked) print Q f
          if (mode != "files") exit
          for (k in first) print Q "/proc/" first[k] "/mountinfo"
          for (f in fdinfo) if (!${anonOnly ? 1 : 0} || (f in anon)) print Q f }'
  NS=$(printf '%s\\n' "$S" | awk -v Q="$Q" -v mode=ns "$P")
  L=$(printf '%s\\n' "$S" | awk -v Q="$Q" -v mode=locked "$P")
  printf '%s\\n' "$S" | awk -v Q="$Q" -v mode=files "$P" | tr '\\n' '\\0' | xargs -0 head -c 67108864 "$Q/dev/null" 2>/dev/null
  if [ -n "$L" ]; then
    IFS=$NL; set -f
    head -c 67108864 "$Q/dev/null" $L 2>/dev/null </dev/null & p=$!
    unset IFS; set +f
    ( trap 'kill $z; exit 0' TERM; sleep ${LOCKED_DEADLINE_S} & z=$!; wait $z; kill -9 $p ) </dev/null >/dev/null 2>&1 & w=$!
    wait $p
    kill $w 2>/dev/null
  fi
  tail -c 1048576 "$Q/dev/null" ${tails.map((t) => `"$Q"${t}`).join(' ')} 2>/dev/null
  if command -v ss >/dev/null 2>&1; then h /ss-ltnHe.txt; ss -ltnHe 2>/dev/null; fi
  h :statfs
  statfs
  h :deleted
  D=$(printf '%s\\n' "$S" | awk -v Q="$Q" -v stuck="$STUCK" '
    BEGIN { n = split(stuck, st, "\\n") }
    $1 == Q && substr($2, 1, 1) == "a" && $3 ~ /^\\/proc\\/[0-9]+\\/fd\\/[0-9]+$/ {
      l = $3; getline t; if (t !~ / \\(deleted\\)'"'"'?$/) next
      sub(/^.* -> '"'"'?/, "", t); sub(/ \\(deleted\\)'"'"'?$/, "", t)
      for (i = 1; i <= n; i++) if (st[i] != "" && (t == st[i] || index(t, st[i] "/") == 1)) next
      print l }')
  if [ -n "$D" ]; then IFS=$NL; set -f; stat -L -c "$Q %d %i %b %h %n" $D 2>/dev/null; unset IFS; set +f; fi
  cat <&3
  h :end
}
`;

const STATFS = `
# statfs of every mount point (ours, and other namespaces' own through /proc/PID/root): the quick
# filesystems by one stat, each other one in its own subshell killed at the deadline (it prints
# one line, in one write, so the lines of several never mix)
statfs() {
  # (getline, not file operands: a namespace whose process has exited must not stop awk at its file)
  M=$(awk -v ns="$NS" -v quick="${QUICK_FS}" '
    function unesc(s, o) { while (match(s, /\\\\[0-7][0-7][0-7]/)) { o = substr(s, RSTART + 1, 3); s = substr(s, 1, RSTART - 1) sprintf("%c", substr(o, 1, 1) * 64 + substr(o, 2, 1) * 8 + substr(o, 3, 1)) substr(s, RSTART + 4) } return s }
    function mounts(file, pid, line, f, i, type, mp, p) {
      while ((getline line < file) > 0) {
        split(line, f, " "); for (i = 7; (i in f) && f[i] != "-"; i++); type = f[i + 1]; mp = f[5]
        if (mp ~ /\\\\012/) continue
        if (pid == "") { host[f[3]] = 1; p = unesc(mp) }
        else { if ((f[3] in host) || (f[3] in seen) || type ~ /^(proc|sysfs|cgroup2?|devpts|mqueue|nsfs|autofs|binfmt_misc|debugfs|tracefs|securityfs|bpf|configfs|pstore|fusectl|hugetlbfs|efivarfs|rpc_pipefs|squashfs)$/) continue
               seen[f[3]] = 1; p = "/proc/" pid "/root" (mp == "/" ? "" : unesc(mp)) }
        print ((type in fast) ? "Q " : "N ") p
      }
      close(file)
    }
    BEGIN { n = split(quick, q, " "); for (i = 1; i <= n; i++) fast[q[i]] = 1
            mounts("/proc/self/mountinfo", "")
            n = split(ns, ps, "\\n"); for (i = 1; i <= n; i++) if (ps[i] != "") mounts("/proc/" ps[i] "/mountinfo", ps[i]) }' 2>/dev/null)
  STUCK=; j=0; pl=; QL=
  IFS=$NL; set -f
  for m in $M; do case $m in "Q "*) QL="$QL\${m#Q }$NL" ;; esac; done
  [ -n "$QL" ] && stat -f -c 'S %t,%S,%b,%f,%a,%c,%d %n' $QL 2>/dev/null
  for m in $M; do
    case $m in "N "*) ;; *) continue ;; esac
    m=\${m#N }; j=$((j + 1))
    ( r=$(stat -f -c '%t,%S,%b,%f,%a,%c,%d' "$m" 2>/dev/null) || r=error; printf 'S %s %s\\n' "$r" "$m" ) </dev/null 2>/dev/null &
    eval "p$j=\\$! m$j=\\$m"; pl="$pl $!"
  done
  unset IFS; set +f
  [ $j = 0 ] && return 0
  ( trap 'kill $z; exit 0' TERM; sleep ${STATFS_DEADLINE_S} & z=$!; wait $z; kill -9 $pl ) </dev/null >/dev/null 2>&1 & w=$!
  k=1
  while [ $k -le $j ]; do
    eval "wait \\$p$k"
    if [ $? -gt 128 ]; then eval "m=\\$m$k"; printf 'S stuck %s\\n' "$m"; STUCK="$STUCK$m$NL"; fi
    k=$((k + 1))
  done
  kill $w 2>/dev/null
}
# the kernel log is read alongside everything else and joins the stream at the end (main's fd 3);
# nothing else reads stdin, which under "sh -s" still holds the rest of this script
{ kmsg; } </dev/null 2>/dev/null | { exec 3<&0 </dev/null; main; }
`;

/** The collector script built from the probes' declared reads. */
export function collectorScript(probes: Probe[] = PROBES): string {
  const { plain, tails, trees } = plan(declaredReads(probes));
  const anonOnly = declaredReads(probes).includes('/proc/[0-9]*/fdinfo/*@anon');
  return HEAD + MAIN(pathsCommand(plain, trees), tails, anonOnly) + STATFS;
}

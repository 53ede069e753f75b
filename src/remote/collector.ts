// The remote collector: a POSIX sh script (dash, BusyBox ash) that reads what the probes declare in
// `reads` and writes it to stdout as one archive. It is built from PROBES, never kept by hand, so
// a probe that reads a new file brings it to remote hosts by declaring it.
//
// Archive format (version 1), all lines end in "\n"; paths are absolute and never contain a newline:
//   PMCAP 1                         header
//   F <bytes> <path>\n<data>\n      a file: exactly <bytes> bytes of data, then a newline
//   L <bytes> <path>\n<target>\n    a symlink (/proc/PID/fd/3 -> socket:[123])
//   D <path>                        a folder (so an empty one, such as /proc/PID/fd, still lists)
//   S <result> <path>               statfs of a mount point: "stuck", "error" or the seven numbers
//                                   of stat -f -c '%t %S %b %f %a %c %d' joined by commas
//   E                               end: an archive without it was cut short
import { PROBES } from '../snapshot/probes/index.js';
import type { Probe } from '../snapshot/types.js';

/** How long every statfs together may take on the host before the rest are reported stuck (tenths of a second). */
const STATFS_DEADLINE_TENTHS = 20;

/** Every glob the probes declare, once, in declaration order. */
export function declaredReads(probes: Probe[] = PROBES): string[] {
  return [...new Set(probes.flatMap((p) => p.reads ?? []))];
}

// Globs come from our own source; still, refuse anything that could break out of the script.
const SAFE = /^\/[A-Za-z0-9_.*\[\]\/-]+(@tail)?$/;

/** One shell command that emits every match of a declared glob. */
function lineFor(glob: string): string {
  if (!SAFE.test(glob)) throw new Error(`probe read "${glob}": not a plain absolute glob`);
  const tail = glob.endsWith('@tail');
  const g = tail ? glob.slice(0, -5) : glob;
  const emit = tail ? 'emit_tail' : 'emit';
  const star2 = g.indexOf('/**');
  if (star2 >= 0) {
    const base = g.slice(0, star2);
    const rest = g.slice(star2 + 3);
    // find walks the tree once per glob; cgroup trees are small next to /proc
    const test = rest === '' ? '-type d' : `-name '${rest.replace(/^\//, '')}'`;
    return `[ -d ${base} ] && find ${base} ${test} 2>/dev/null | while IFS= read -r f; do ${emit} "$f"; done`;
  }
  return `for f in ${g}; do ${emit} "$f"; done`;
}

const HEAD = `#!/bin/sh
# postmortem collector: reads /proc and /sys for "postmortem snapshot --from", writes one archive to
# stdout (format: see src/remote/collector.ts). Read-only; needs cat, wc, readlink, stat, find, tail.
LC_ALL=C; export LC_ALL
T=$(mktemp -d 2>/dev/null || echo /tmp/pmcap.$$)
mkdir -p "$T" && chmod 700 "$T" || exit 3
trap 'rm -rf "$T"' EXIT
trap 'exit 4' HUP INT TERM
emit() {
  # links under /proc and /sys are what probes readlink (fd targets, block devices); elsewhere
  # (/etc/os-release -> /usr/lib/os-release) the file itself travels, since a link with an absolute
  # target would resolve on the reading machine
  case "$1" in /proc/*|/sys/*) link=yes ;; *) link=no ;; esac
  if [ $link = yes ] && [ -L "$1" ]; then
    t=$(readlink "$1" 2>/dev/null) || return 0
    printf 'L %s %s\\n%s\\n' "\${#t}" "$1" "$t"
  elif [ -d "$1" ]; then
    printf 'D %s\\n' "$1"
  elif cat "$1" > "$T/f" 2>/dev/null; then
    put "$1"
  fi
}
# the header only once the length is known: a failed wc (no fork left on a sick host) skips the file
put() {
  n=$(wc -c < "$T/f" 2>/dev/null) || return 0
  n=\${n#"\${n%%[!\ ]*}"}
  case $n in ''|*[!0-9]*) return 0 ;; esac
  printf 'F %s %s\\n' $n "$1"; cat "$T/f"; echo
}
emit_tail() {
  if [ -f "$1" ] && tail -c 1048576 "$1" > "$T/f" 2>/dev/null; then
    put "$1"
  fi
}
# The archive goes to a file first and to stdout in one cat at the end: thousands of small writes
# straight into an ssh session lost some (a header, seen under load), a cat of one file does not.
exec 3>&1 > "$T/out"
echo 'PMCAP 1'
`;

// Every mount point's statfs in its own background subshell with its output in a file; whatever
// has not answered by the deadline is reported stuck and killed (a hung NFS mount may stay in the
// kernel, but it holds neither our stdout nor our exit).
const STATFS = `
awk '{ print $5 }' /proc/self/mountinfo > "$T/mounts" 2>/dev/null
i=0
for m in $(cat "$T/mounts"); do
  i=$((i + 1))
  ( if r=$(stat -f -c '%t,%S,%b,%f,%a,%c,%d' "$m" 2>/dev/null); then echo "$r"; else echo error; fi > "$T/s$i.tmp"; mv "$T/s$i.tmp" "$T/s$i" ) </dev/null >/dev/null 2>&1 &
  echo "$!" > "$T/p$i"
done
n=$i; w=0
while [ $w -lt ${STATFS_DEADLINE_TENTHS} ]; do
  done_=0; j=1
  while [ $j -le $n ]; do [ -f "$T/s$j" ] && done_=$((done_ + 1)); j=$((j + 1)); done
  [ $done_ -ge $n ] && break
  sleep 0.1; w=$((w + 1))
done
j=0
for m in $(cat "$T/mounts"); do
  j=$((j + 1))
  if [ -f "$T/s$j" ]; then printf 'S %s %s\\n' "$(cat "$T/s$j")" "$m"
  else kill -9 "$(cat "$T/p$j")" 2>/dev/null; printf 'S stuck %s\\n' "$m"; fi
done
echo E
exec 1>&3 3>&-
cat "$T/out"
`;

/** The collector script built from the probes' declared reads. */
export function collectorScript(probes: Probe[] = PROBES): string {
  return HEAD + declaredReads(probes).map(lineFor).join('\n') + '\n' + STATFS;
}

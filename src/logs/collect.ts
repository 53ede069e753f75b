import { readFileSync, statSync } from 'node:fs';
// Reads every source once, streaming: prefilter, time, window, signature, cluster.
import { Clusters } from './cluster.js';
import { JournalSeen, syslogSaid } from './syslog.js';
import { readTime, type TimeContext } from './formats.js';
import { journalctl, parseJournalLine } from './journal.js';
import { scanLines } from './lines.js';
import { findGrep, openFile, openFiltered, type Source } from './sources.js';
import { ERRORISH } from './signature.js';
import { parseKmsg, readKmsgDevice } from '../snapshot/probes/kernel-log.js';

function uptimeSeconds(): number | null {
  try {
    return Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
}

export interface Window {
  since: number;
  until: number;
}

export interface SourceStats {
  name: string;
  bytes: number;
  /** Error-like lines in the window, clustered. */
  matched: number;
  /** Error-like lines whose time could not be read: counted, never placed. */
  untimed: number;
  untimedExample?: string;
  long: number;
  /** File lines that were copies of journal entries (rsyslog), counted once as the journal's. */
  duplicates?: number;
  error?: string;
}

export interface Collected {
  clusters: Clusters;
  stats: SourceStats[];
}

/** A journal line worth parsing: an error word anywhere, or priority emerg..warning. */
const JOURNAL_WANTED = new RegExp(`${ERRORISH.source}|"PRIORITY":"[0-4]"`, 'i');

export async function collect(sources: Source[], w: Window, opts: { zone?: string; onProgress?: (name: string, bytes: number) => void; grep?: boolean } = {}): Promise<Collected> {
  const grep = opts.grep === false ? null : findGrep();
  const clusters = new Clusters();
  const seen = new JournalSeen();
  const stats: SourceStats[] = [];
  for (const src of sources) {
    const st: SourceStats = { name: src.name, bytes: 0, matched: 0, untimed: 0, long: 0 };
    stats.push(st);
    const progress = opts.onProgress && ((b: number) => opts.onProgress!(src.name, b));
    try {
      if (src.kind === 'kmsg') {
        // records carry microseconds since boot: placed by the boot time (now - uptime)
        const text = readKmsgDevice() ?? '';
        st.bytes = Buffer.byteLength(text);
        const now = Date.now();
        for (const l of parseKmsg(text, uptimeSeconds())) {
          if (l.age === null || !ERRORISH.test(l.text)) continue;
          const ms = now - l.age * 1000;
          if (ms < w.since || ms >= w.until) continue;
          if (seen.has(ms, { ident: 'kernel', message: l.text.trimEnd() })) {
            st.duplicates = (st.duplicates ?? 0) + 1; // journald read the ring buffer too
            continue;
          }
          st.matched++;
          clusters.add(ms, src.name, `kernel: ${l.text}`, `${new Date(ms).toISOString()} kernel: ${l.text}`);
        }
        continue;
      }
      if (src.kind === 'journal') {
        const j = journalctl({ file: src.file, since: w.since, until: w.until });
        const r = await scanLines(j.lines, JOURNAL_WANTED, (line) => {
          const e = parseJournalLine(line);
          if (!e) return void st.untimed++;
          if (e.ms < w.since || e.ms >= w.until) return;
          if (!(e.priority !== null && e.priority <= 4) && !ERRORISH.test(e.message)) return;
          st.matched++;
          seen.add(e.ms, e.ident, e.message);
          const msg = `${e.ident}: ${e.message}`;
          clusters.add(e.ms, `journal:${e.ident}`, msg, `${new Date(e.ms).toISOString()} ${msg}`);
        }, progress);
        Object.assign(st, { bytes: r.bytes, long: r.long });
        const err = await j.done;
        if (err) st.error = err;
        continue;
      }
      const ctx: TimeContext = { zone: opts.zone, notAfter: src.mtime };
      const hint = { last: 0 };
      // stdin is read here; files go through grep when there is one (progress then counts grep's output)
      const filtered = grep && src.path !== '-' ? openFiltered(src, grep) : null;
      const r = await scanLines(filtered ? filtered.lines : openFile(src), ERRORISH, (line) => {
        const t = readTime(line, ctx, hint);
        if (!t) {
          if (line.trim() === '') return;
          st.untimed++;
          st.untimedExample ??= line.slice(0, 200);
          return;
        }
        if (t.ms < w.since || t.ms >= w.until) return;
        const rest = line.slice(t.rest);
        const said = t.format === 'rfc3164' || t.format === 'iso8601' ? syslogSaid(rest, t.format === 'iso8601') : null;
        if (said && seen.has(t.ms, said)) return void (st.duplicates = (st.duplicates ?? 0) + 1);
        st.matched++;
        clusters.add(t.ms, src.name, said ? `${said.ident}: ${said.message}` : rest, line);
      }, progress);
      // through grep, Node sees only the matches: the file's size says what was read
      Object.assign(st, { bytes: filtered ? statSync(src.path).size : r.bytes, long: r.long });
      const err = filtered && (await filtered.done);
      if (err) st.error = err;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      st.error = code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' ? 'not valid gzip (truncated?)' : (e as Error).message;
    }
  }
  return { clusters, stats };
}

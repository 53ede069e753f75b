// The browser side, kept small and dependency-free: theme toggle, and on incident tables sorting,
// filters and full-text search. Written as a typed function and shipped as its source text
// (assets/site.js), so it is checked by tsc yet needs no bundler. Works from file:// (no fetch: the
// search words come from search-data.js, a plain script that sets window.PM_SEARCH, added to the
// page the first time the reader searches).

/* eslint-disable */
function siteScript(): void {
  const root = document.documentElement;
  const toggle = document.querySelector<HTMLButtonElement>('.theme-toggle');
  if (toggle) {
    toggle.addEventListener('click', () => {
      const dark = root.dataset.theme ? root.dataset.theme === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
      root.dataset.theme = dark ? 'light' : 'dark';
      try {
        localStorage.setItem('pm-theme', root.dataset.theme);
      } catch (e) {
        /* storage off (private mode, file://): the choice lasts for this page */
      }
    });
  }

  const SEV: Record<string, number> = { sev1: 1, sev2: 2, sev3: 3, sev4: 4 };
  const ST: Record<string, number> = { investigating: 1, mitigated: 2, resolved: 3 };
  // The index has a table per year, tag and service pages one: sorting sorts each table by the same
  // key (a year stays a year), filters and search go over the rows of all of them.
  const tables = Array.from(document.querySelectorAll<HTMLTableElement>('table.incidents'));
  const rows = tables.flatMap((t) => (t.tBodies[0] ? Array.from(t.tBodies[0].rows) : []));
  if (!rows.length) return;

  // Sorting: click a column header; missing values sort last either way.
  const key = (r: HTMLTableRowElement, k: string): number | string | null => {
    const d = r.dataset;
    if (k === 'start' || k === 'dur') return d[k] ? Number(d[k]) : null;
    if (k === 'sev') return SEV[d.sev || ''] ?? null;
    if (k === 'status') return ST[d.status || ''] ?? null;
    return (d.title || '').toLowerCase();
  };
  const sortAll = (k: string, dir: number) => {
    for (const table of tables) {
      for (const th of Array.from(table.querySelectorAll<HTMLElement>('th[data-sort]')))
        if (th.dataset.sort === k) th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
        else th.removeAttribute('aria-sort');
      const tbody = table.tBodies[0]!;
      const sorted = Array.from(tbody.rows).sort((a, b) => {
        const x = key(a, k);
        const y = key(b, k);
        if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
        return (x < y ? -1 : x > y ? 1 : 0) * dir;
      });
      tbody.append(...sorted);
    }
  };
  for (const th of Array.from(document.querySelectorAll<HTMLTableCellElement>('table.incidents th[data-sort]'))) {
    const button = th.querySelector('button');
    if (!button) continue;
    button.addEventListener('click', () => {
      const k = th.dataset.sort!;
      const dir = th.getAttribute('aria-sort') === 'descending' ? 1 : th.getAttribute('aria-sort') === 'ascending' ? -1 : k === 'start' ? -1 : 1;
      sortAll(k, dir);
    });
  }

  // Filters and search: state lives in the URL hash so a filtered view can be linked.
  const form = document.querySelector<HTMLFormElement>('form.filters');
  if (!form) return;
  const count = document.getElementById('count');
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
  const names = ['q', 'severity', 'status', 'service', 'tag'];

  // The full-text words are a script of their own, loaded the first time the reader searches.
  let words: string[] | null = (window as any).PM_SEARCH || null;
  let loading = false;
  const loadWords = () => {
    if (words || loading || !form.dataset.search) return;
    loading = true;
    const s = document.createElement('script');
    s.src = form.dataset.search;
    s.onload = () => {
      words = (window as any).PM_SEARCH || [];
      apply(false);
    };
    document.head.appendChild(s);
  };

  // What a row shows (title, summary) is kept as first rendered, so highlighting can start over.
  const shown = rows.map((r) => {
    const title = r.querySelector<HTMLElement>('td.title a');
    const summary = r.querySelector<HTMLElement>('td.title .summary');
    return { title, summary, titleText: title?.textContent || '', summaryText: summary?.textContent || '', found: null as HTMLElement | null };
  });
  const escRe = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  /** Replaces an element's text by the same text with the matches in <mark> (DOM nodes, no HTML). */
  const highlight = (el: HTMLElement | null, text: string, re: RegExp | null) => {
    if (!el) return;
    el.textContent = '';
    if (!re) return void (el.textContent = text);
    let last = 0;
    for (const m of text.matchAll(re)) {
      const at = m.index ?? 0;
      if (at > last) el.appendChild(document.createTextNode(text.slice(last, at)));
      const mark = document.createElement('mark');
      mark.textContent = m[0];
      el.appendChild(mark);
      last = at + m[0].length;
    }
    if (last < text.length) el.appendChild(document.createTextNode(text.slice(last)));
  };
  const startsWord = (hay: string, t: string) => (' ' + hay).toLowerCase().split(/[^\p{L}\p{N}]+/u).some((w) => w.startsWith(t));
  const fieldLabels: Record<string, string> = { title: 'title', tags: 'tags', services: 'services', summary: 'summary', text: 'text' };

  const apply = (writeHash: boolean) => {
    const q = (field('q')?.value || '').toLowerCase();
    const tokens = q.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (tokens.length) loadWords();
    const sev = field('severity')?.value || '';
    const status = field('status')?.value || '';
    const service = field('service')?.value || '';
    const tag = field('tag')?.value || '';
    const re = tokens.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${tokens.map(escRe).join('|')})`, 'giu') : null;
    let count_ = 0;
    rows.forEach((r, i) => {
      const d = r.dataset;
      const v = shown[i]!;
      // where each word was found, in the order a reader looks: title, tags, services, summary, text
      const fields = new Set<string>();
      const all = tokens.every((t) => {
        const where: [string, string][] = [
          ['title', v.titleText],
          ['tags', (d.tags || '').replace(/\|/g, ' ')],
          ['services', (d.services || '').replace(/\|/g, ' ')],
          ['summary', v.summaryText],
        ];
        const hit = where.find(([, text]) => startsWord(text, t));
        if (hit) return fields.add(hit[0]);
        const w = words ? words[Number(d.i)] : null;
        if (w !== null && w !== undefined ? (' ' + w).includes(' ' + t) : (r.textContent || '').toLowerCase().includes(t)) return fields.add('text');
        return false;
      });
      const ok =
        (!sev || d.sev === sev) &&
        (!status || d.status === status) &&
        (!service || (d.services || '').includes('|' + service + '|')) &&
        (!tag || (d.tags || '').includes('|' + tag + '|')) &&
        all;
      r.hidden = !ok;
      if (ok) count_++;
      highlight(v.title, v.titleText, ok ? re : null);
      highlight(v.summary, v.summaryText, ok ? re : null);
      if (ok && tokens.length) {
        if (!v.found) {
          v.found = document.createElement('span');
          v.found.className = 'found-in';
          r.querySelector('td.title')?.appendChild(v.found);
        }
        v.found.textContent = 'found in: ' + Array.from(fields).map((f) => fieldLabels[f]).join(', ');
        v.found.hidden = false;
      } else if (v.found) v.found.hidden = true;
    });
    // a year (or any table) with nothing left to show is hidden with its heading
    for (const table of tables) {
      const section = table.closest<HTMLElement>('section.year');
      if (section) section.hidden = !Array.from(table.tBodies[0]?.rows ?? []).some((r) => !r.hidden);
    }
    if (count) count.textContent = count_ === rows.length ? `${rows.length} incident${rows.length === 1 ? '' : 's'}` : `${count_} of ${rows.length} incident${rows.length === 1 ? '' : 's'}`;
    const empty = document.getElementById('no-match');
    if (empty) empty.hidden = count_ > 0;
    if (writeHash) {
      const p = new URLSearchParams();
      for (const n of names) {
        const v = field(n)?.value;
        if (v) p.set(n, v);
      }
      const h = p.toString();
      history.replaceState(null, '', h ? '#' + h : location.pathname + location.search);
    }
  };
  field('q')?.addEventListener('focus', loadWords);
  form.addEventListener('input', () => apply(true));
  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('reset', () => setTimeout(() => apply(true), 0));
  window.addEventListener('hashchange', () => {
    fromHash();
    apply(false);
  });
  const fromHash = () => {
    const p = new URLSearchParams(location.hash.slice(1));
    for (const n of names) {
      const f = field(n);
      if (f) f.value = (n === 'tag' || n === 'service' ? p.get(n)?.toLowerCase() : p.get(n)) ?? '';
    }
  };
  fromHash();
  apply(false);
}

/** assets/site.js */
export const SITE_JS = `"use strict";\n(${siteScript.toString()})();\n`;

/** assets/theme.js: runs in <head> before the first paint so a dark-mode reader never sees a white flash. */
export const THEME_JS = `try{var t=localStorage.getItem('pm-theme');if(t==='dark'||t==='light')document.documentElement.dataset.theme=t}catch(e){}\n`;

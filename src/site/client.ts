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
    return (r.querySelector('td.title a')?.textContent || '').toLowerCase();
  };
  // By date the rows stay in their year's table; by anything else the reader wants one list (the
  // worst first, not the worst of each year), so the rows move to the first table and back.
  const home = new Map<HTMLTableRowElement, HTMLTableSectionElement>();
  const homeOf = (r: HTMLTableRowElement) => home.get(r) ?? home.set(r, r.parentElement as HTMLTableSectionElement).get(r)!;
  const sortAll = (k: string, dir: number) => {
    const cmp = (a: HTMLTableRowElement, b: HTMLTableRowElement) => {
      const x = key(a, k);
      const y = key(b, k);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      return (x < y ? -1 : x > y ? 1 : 0) * dir;
    };
    for (const table of tables)
      for (const th of Array.from(table.querySelectorAll<HTMLElement>('th[data-sort]')))
        if (th.dataset.sort === k) th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
        else th.removeAttribute('aria-sort');
    const all = tables.flatMap((t) => Array.from(t.tBodies[0]?.rows ?? []));
    all.forEach(homeOf);
    const flat = k !== 'start' && tables.length > 1;
    const first = tables[0]!.closest('section.year')?.querySelector('h2');
    if (first) first.hidden = flat;
    if (flat) tables[0]!.tBodies[0]!.append(...all.sort(cmp));
    else for (const r of all.sort(cmp)) homeOf(r).appendChild(r);
    for (const table of tables) {
      const section = table.closest<HTMLElement>('section.year');
      if (section && !section.hasAttribute('data-earlier')) section.hidden = !Array.from(table.tBodies[0]?.rows ?? []).some((r) => !r.hidden);
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
  const total = Number(form.dataset.total) || rows.length;
  // the wording comes from the page, in the build's language
  const say = (template: string | undefined, shown_: number) => (template || '').replace('{shown}', String(shown_)).replace('{n}', String(total));
  const fieldNames = (form.dataset.fields || 'title|tags|services|summary|text').split('|');
  const FIELDS = ['title', 'tags', 'services', 'summary', 'text'];

  // What a row shows (title, summary) is kept as first rendered, so highlighting can start over.
  type Shown = { title: HTMLElement | null; summary: HTMLElement | null; titleText: string; summaryText: string; found: HTMLElement | null; earlier: boolean };
  const view = (r: HTMLTableRowElement, earlier: boolean): Shown => {
    const title = r.querySelector<HTMLElement>('td.title a');
    const summary = r.querySelector<HTMLElement>('td.title .summary');
    return { title, summary, titleText: title?.textContent || '', summaryText: summary?.textContent || '', found: null, earlier };
  };
  const shown = rows.map((r) => view(r, false));

  // The search data is a script of its own, added the first time the reader searches or filters:
  // every incident's words, and the rows of the years not on this page.
  type Row = [string, string, string, string, string, string, string, string, number | null, string, number | null, [string, string, string][], string[]];
  let words: string[] | null = null;
  let stop: string[] = [];
  let loading = false;
  const earlierSection = document.querySelector<HTMLElement>('section[data-earlier]');
  const el = (tag: string, cls?: string, text?: string) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  /** A row of an earlier year, built with DOM calls (no HTML from the data is ever parsed). */
  const makeRow = (x: Row, i: number) => {
    const [href, title, started, day, sev, sevLabel, status, statusLabel, dur, durLabel, start, tags, services] = x;
    const tr = document.createElement('tr');
    Object.assign(tr.dataset, { i: String(i), sev, status, tags: '|' + tags.map((t) => t[1]).join('|') + '|', services: '|' + services.join('|') + '|' });
    if (start !== null) tr.dataset.start = String(start);
    if (dur !== null) tr.dataset.dur = String(dur);
    const date = tr.appendChild(el('td', 'date'));
    if (started) date.appendChild(el('time', undefined, day)).setAttribute('datetime', started);
    else date.appendChild(el('span', 'muted', day));
    const a = tr.appendChild(el('td', 'title')).appendChild(el('a', undefined, title)) as HTMLAnchorElement;
    a.href = href;
    tr.appendChild(el('td')).appendChild(el('span', 'badge sev ' + sev, sevLabel));
    tr.appendChild(el('td', 'col-status')).appendChild(el('span', 'badge status ' + status, statusLabel));
    tr.appendChild(el('td', 'num col-duration')).appendChild(dur === null ? el('span', 'muted', durLabel) : document.createTextNode(durLabel));
    const tagCell = tr.appendChild(el('td', 'col-tags'));
    for (const [label, , link] of tags) (tagCell.appendChild(el('a', 'chip', label)) as HTMLAnchorElement).href = link;
    return tr;
  };
  const loadData = () => {
    if (words || loading || !form.dataset.search) return;
    loading = true;
    const s = document.createElement('script');
    s.src = form.dataset.search;
    s.onload = () => {
      const data = (window as any).PM_SEARCH || {};
      words = data.words || [];
      stop = data.stop || [];
      const tbody = earlierSection?.querySelector('tbody');
      if (tbody)
        (data.rows || []).forEach((x: Row | null, i: number) => {
          if (!x) return;
          const tr = makeRow(x, i);
          tbody.appendChild(tr);
          rows.push(tr);
          shown.push(view(tr, true));
        });
      apply(false);
    };
    document.head.appendChild(s);
  };

  const escRe = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  /** Replaces an element's text by the same text with the matches in <mark> (DOM nodes, no HTML). */
  const highlight = (e: HTMLElement | null, text: string, re: RegExp | null) => {
    if (!e) return;
    e.textContent = '';
    if (!re) return void (e.textContent = text);
    let last = 0;
    for (const m of text.matchAll(re)) {
      const at = m.index ?? 0;
      if (at > last) e.appendChild(document.createTextNode(text.slice(last, at)));
      e.appendChild(el('mark', undefined, m[0]));
      last = at + m[0].length;
    }
    if (last < text.length) e.appendChild(document.createTextNode(text.slice(last)));
  };
  const startsWord = (hay: string, t: string) => hay.toLowerCase().split(/[^\p{L}\p{N}]+/u).some((w) => w.startsWith(t));

  const apply = (writeHash: boolean) => {
    const q = (field('q')?.value || '').toLowerCase();
    const tokens = q.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const sev = field('severity')?.value || '';
    const status = field('status')?.value || '';
    const service = field('service')?.value || '';
    const tag = field('tag')?.value || '';
    const active = tokens.length > 0 || Boolean(sev || status || service || tag);
    if (active) loadData();
    const re = tokens.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${tokens.map(escRe).join('|')})`, 'giu') : null;
    let matched = 0;
    rows.forEach((r, i) => {
      const d = r.dataset;
      const v = shown[i]!;
      // where each word was found, in the order a reader looks: title, tags, services, summary, text
      const fields: string[] = [];
      const found = (f: string) => (fields.includes(f) || fields.push(f), true);
      const all = tokens.every((t) => {
        const where: [string, string][] = [
          ['title', v.titleText],
          ['tags', d.tags || ''],
          ['services', d.services || ''],
          ['summary', v.summaryText],
        ];
        const hit = where.find(([, text]) => startsWord(text, t));
        if (hit) return found(hit[0]);
        const w = words ? words[Number(d.i)] : null;
        if (w && stop.includes(t)) return true; // "for", "the": not in the index, no reason to fail
        if (typeof w === 'string' ? (' ' + w).includes(' ' + t) : (r.textContent || '').toLowerCase().includes(t)) return found('text');
        return false;
      });
      const ok =
        (!v.earlier || active) &&
        (!sev || d.sev === sev) &&
        (!status || d.status === status) &&
        (!service || (d.services || '').includes('|' + service + '|')) &&
        (!tag || (d.tags || '').includes('|' + tag + '|')) &&
        all;
      r.hidden = !ok;
      if (ok) matched++;
      highlight(v.title, v.titleText, ok ? re : null);
      highlight(v.summary, v.summaryText, ok ? re : null);
      if (ok && tokens.length) {
        if (!v.found) v.found = r.querySelector('td.title')!.appendChild(el('span', 'found-in'));
        v.found.textContent = (form.dataset.found || '{fields}').replace('{fields}', fields.map((x) => fieldNames[FIELDS.indexOf(x)] || x).join(', '));
        v.found.hidden = false;
      } else if (v.found) v.found.hidden = true;
    });
    // a year with nothing left to show is hidden with its heading
    for (const table of tables) {
      const section = table.closest<HTMLElement>('section.year');
      if (section) section.hidden = !Array.from(table.tBodies[0]?.rows ?? []).some((r) => !r.hidden);
    }
    if (count) {
      const all = say(total === 1 ? count.dataset.one : count.dataset.many, total);
      count.textContent = !active ? all : say(count.dataset.of, matched) + (words ? '' : ' ' + (form.dataset.searching || ''));
    }
    const empty = document.getElementById('no-match');
    if (empty) empty.hidden = matched > 0 || (active && !words);
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
  const fromHash = () => {
    const p = new URLSearchParams(location.hash.slice(1));
    for (const n of names) {
      const f = field(n);
      // tags and services as the page folds them: "#tag=Config Change" finds config-change
      if (f) f.value = (n === 'tag' || n === 'service' ? p.get(n)?.toLowerCase().trim().replace(/[\s_-]+/g, '-') : p.get(n)) ?? '';
    }
  };
  field('q')?.addEventListener('focus', loadData);
  form.addEventListener('input', () => apply(true));
  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('reset', () => setTimeout(() => apply(true), 0));
  window.addEventListener('hashchange', () => {
    fromHash();
    apply(false);
  });
  fromHash();
  apply(false);
}

/** assets/site.js */
export const SITE_JS = `"use strict";\n(${siteScript.toString()})();\n`;

/** assets/theme.js: runs in <head> before the first paint so a dark-mode reader never sees a white flash. */
export const THEME_JS = `try{var t=localStorage.getItem('pm-theme');if(t==='dark'||t==='light')document.documentElement.dataset.theme=t}catch(e){}\n`;

// The browser side, kept small and dependency-free: theme toggle, and on incident tables sorting,
// filters and full-text search. Written as a typed function and shipped as its source text
// (assets/site.js), so it is checked by tsc yet needs no bundler. Works from file:// (no fetch: the
// search words come from search.js, a plain script that sets window.PM_SEARCH).

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
  for (const table of Array.from(document.querySelectorAll<HTMLTableElement>('table.incidents'))) {
    const tbody = table.tBodies[0];
    if (!tbody) continue;
    const rows = Array.from(tbody.rows);
    const words: string[] = (window as any).PM_SEARCH || [];
    const haystack = rows.map((r, i) => ' ' + (words[Number(r.dataset.i)] ?? words[i] ?? (r.textContent || '').toLowerCase()) + ' ' + (r.dataset.title || ''));

    // Sorting: click a column header; missing values sort last either way.
    const key = (r: HTMLTableRowElement, k: string): number | string | null => {
      const d = r.dataset;
      if (k === 'start' || k === 'dur') return d[k] ? Number(d[k]) : null;
      if (k === 'sev') return SEV[d.sev || ''] ?? null;
      if (k === 'status') return ST[d.status || ''] ?? null;
      return (d.title || '').toLowerCase();
    };
    for (const th of Array.from(table.querySelectorAll<HTMLTableCellElement>('th[data-sort]'))) {
      const button = th.querySelector('button');
      if (!button) continue;
      button.addEventListener('click', () => {
        const k = th.dataset.sort!;
        const dir = th.getAttribute('aria-sort') === 'descending' ? 1 : th.getAttribute('aria-sort') === 'ascending' ? -1 : k === 'start' ? -1 : 1;
        for (const other of Array.from(table.querySelectorAll('th[data-sort]'))) other.removeAttribute('aria-sort');
        th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
        const sorted = rows.slice().sort((a, b) => {
          const x = key(a, k);
          const y = key(b, k);
          if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
          return (x < y ? -1 : x > y ? 1 : 0) * dir;
        });
        tbody.append(...sorted);
      });
    }

    // Filters and search: state lives in the URL hash so a filtered view can be linked.
    const form = document.querySelector<HTMLFormElement>('form.filters');
    if (!form) continue;
    const count = document.getElementById('count');
    const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
    const names = ['q', 'severity', 'status', 'service', 'tag'];
    const fromHash = () => {
      const p = new URLSearchParams(location.hash.slice(1));
      for (const n of names) {
        const f = field(n);
        if (f) f.value = p.get(n) ?? '';
      }
    };
    const apply = (writeHash: boolean) => {
      const q = (field('q')?.value || '').toLowerCase();
      const tokens = q.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
      const sev = field('severity')?.value || '';
      const status = field('status')?.value || '';
      const service = field('service')?.value || '';
      const tag = field('tag')?.value || '';
      let shown = 0;
      rows.forEach((r, i) => {
        const d = r.dataset;
        const ok =
          (!sev || d.sev === sev) &&
          (!status || d.status === status) &&
          (!service || (d.services || '').includes('|' + service + '|')) &&
          (!tag || (d.tags || '').includes('|' + tag + '|')) &&
          tokens.every((t) => haystack[i]!.includes(' ' + t) || (d.title || '').includes(t));
        r.hidden = !ok;
        if (ok) shown++;
      });
      // the wording comes from the page, in the build's language
      if (count) count.textContent = (shown === rows.length ? (rows.length === 1 ? count.dataset.one : count.dataset.many) || '' : count.dataset.of || '').replace('{shown}', String(shown)).replace('{n}', String(rows.length));
      const empty = document.getElementById('no-match');
      if (empty) empty.hidden = shown > 0;
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
}

/** assets/site.js */
export const SITE_JS = `"use strict";\n(${siteScript.toString()})();\n`;

/** assets/theme.js: runs in <head> before the first paint so a dark-mode reader never sees a white flash. */
export const THEME_JS = `try{var t=localStorage.getItem('pm-theme');if(t==='dark'||t==='light')document.documentElement.dataset.theme=t}catch(e){}\n`;

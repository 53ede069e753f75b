// The stylesheet, kept in TypeScript so `tsc` ships it in dist/ with the code that links it.
// Light and dark themes are one set of custom properties; the OS preference decides unless the
// reader picked a theme with the toggle (stored by theme.js as data-theme on <html>).
// The dark palette, used both for the OS preference and for the reader's explicit choice.
const DARK = `--bg: #0e1116; --surface: #161b22; --surface-2: #1d232c; --text: #e4e7eb; --muted: #9aa4b1;
  --border: #2b323d; --accent: #7ea6ff; --accent-soft: #1c2740; --focus: #7ea6ff;
  --sev1: #ff6b6b; --sev2: #ff9a4d; --sev3: #e6c14d; --sev4: #8fa9c4; --unknown: #7d8590;
  --red-soft: #3a1d20; --amber-soft: #352b14; --green: #4cc38a; --green-soft: #16301f;
  --track: #262d37; --ok: #5b9ee0; --chart-2: #b294f0; --on-sev: #14171c;
  --shadow: 0 1px 2px rgb(0 0 0 / .4);
  --sev2-badge: #ff9a4d; --ink-sev3: #e6c14d; --ink-sev4: #8fa9c4; --ink-unknown: #9aa4b1; --ink-green: #4cc38a; color-scheme: dark;`;

// The light palette: the default, and what print uses whatever the theme. Badge text ("ink") has
// its own colours in both palettes: the chart fills are too light for small text on a tinted badge;
// every ink/background pair is at least 4.5:1 (test/site/a11y-live.test.ts runs axe on both).
const LIGHT = `--bg: #f6f7f9; --surface: #ffffff; --surface-2: #f0f2f5; --text: #1c2128; --muted: #5d6673;
  --border: #dfe3e8; --accent: #2457c5; --accent-soft: #e6edfb; --focus: #2457c5;
  --sev1: #c92a2a; --sev2: #e0680f; --sev3: #b88a00; --sev4: #5b7896; --unknown: #8a929c;
  --red-soft: #fdecec; --amber-soft: #fdf4e1; --green: #1b8a4a; --green-soft: #e5f5ec;
  --track: #e8ebef; --ok: #3b82c4; --chart-2: #7c4dcc;
  --shadow: 0 1px 2px rgb(16 24 40 / .06), 0 1px 3px rgb(16 24 40 / .08);
  --on-sev: #fff; --radius: 10px; --mono: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace;
  --sev2-badge: #c2410c; --ink-sev3: #7a5800; --ink-sev4: #4a6580; --ink-unknown: #5d6673; --ink-green: #146c3a;
  color-scheme: light;`;

export const STYLE_CSS = `
:root {
  ${LIGHT}
}
@media (prefers-color-scheme: dark) {
  :root:not([data-theme="light"]) {
    ${DARK}
  }
}
:root[data-theme="dark"] {
  ${DARK}
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--text); font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
a { color: var(--accent); text-underline-offset: .15em; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; border-radius: 4px; }
.wrap { max-width: 62rem; margin: 0 auto; padding: 0 1.25rem; }
.wrap.wide { max-width: 80rem; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: .5rem; background: var(--surface); padding: .4rem .8rem; z-index: 10; }
.muted { color: var(--muted); }
.private { color: var(--muted); font-style: italic; }
.site-header { background: var(--surface); border-bottom: 1px solid var(--border); }
.site-header .wrap { display: flex; align-items: center; gap: 1.5rem; min-height: 3.5rem; flex-wrap: wrap; }
.brand { display: inline-flex; align-items: center; gap: .5rem; font-weight: 700; color: var(--text); text-decoration: none; letter-spacing: -.01em; }
.brand svg { color: var(--sev1); }
.site-header nav { display: flex; gap: .25rem; flex-wrap: wrap; flex: 1; }
.site-header nav a { white-space: nowrap; color: var(--muted); text-decoration: none; padding: .35rem .7rem; border-radius: 999px; font-size: .94rem; }
.site-header nav a:hover { color: var(--text); background: var(--surface-2); }
.site-header nav a[aria-current="page"] { color: var(--text); background: var(--accent-soft); font-weight: 600; }
.theme-toggle { background: none; border: 1px solid var(--border); color: var(--muted); border-radius: 999px; width: 2.1rem; height: 2.1rem; display: grid; place-items: center; cursor: pointer; }
.theme-toggle:hover { color: var(--text); }
main.wrap { padding-top: 2rem; padding-bottom: 3rem; }
.site-footer { border-top: 1px solid var(--border); color: var(--muted); font-size: .875rem; padding: 1.25rem 0 2rem; }
h1, h2, h3 { line-height: 1.25; letter-spacing: -.015em; }
h1 { font-size: 1.9rem; margin: 0 0 .5rem; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .7rem; }
h3 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; }
.lede { color: var(--muted); margin: 0 0 1.5rem; }
.card { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); padding: 1.1rem 1.25rem; }
.badge { display: inline-block; font-size: .75rem; font-weight: 700; letter-spacing: .03em; line-height: 1; padding: .32rem .5rem; border-radius: 6px; white-space: nowrap; text-transform: uppercase; border: 1px solid transparent; }
.badge.sev1 { background: var(--sev1); color: var(--on-sev); }
.badge.sev2 { background: var(--sev2-badge); color: var(--on-sev); }
.badge.sev3 { background: var(--amber-soft); color: var(--ink-sev3); border-color: var(--sev3); }
.badge.sev4 { background: var(--surface-2); color: var(--ink-sev4); border-color: var(--sev4); }
.badge.unknown { background: var(--surface-2); color: var(--ink-unknown); border-color: var(--border); font-weight: 600; }
.badge.status { text-transform: none; letter-spacing: 0; font-weight: 600; }
.badge.status::before { content: ""; display: inline-block; width: .5rem; height: .5rem; border-radius: 50%; margin-right: .35rem; background: currentColor; vertical-align: .05rem; }
.badge.investigating { color: var(--sev1); background: var(--red-soft); }
.badge.mitigated { color: var(--ink-sev3); background: var(--amber-soft); }
.badge.resolved { color: var(--ink-green); background: var(--green-soft); }
.badge.draft { background: var(--surface-2); color: var(--muted); border: 1px dashed var(--muted); }
.chip { display: inline-block; font-size: .78rem; padding: .1rem .5rem; border-radius: 999px; background: var(--surface-2); color: var(--muted); text-decoration: none; border: 1px solid var(--border); margin: .1rem .15rem .1rem 0; white-space: nowrap; }
a.chip:hover { color: var(--accent); border-color: var(--accent); }
/* index */
.filters { display: flex; flex-wrap: wrap; gap: .6rem; align-items: center; margin: 0 0 1rem; }
.filters input[type="search"] { flex: 1 1 16rem; }
.filters input, .filters select, .filters button { font: inherit; font-size: .94rem; color: var(--text); background: var(--surface); border: 1px solid var(--border); border-radius: 8px; padding: .45rem .7rem; }
.filters input:focus, .filters select:focus { border-color: var(--accent); }
.filters button { cursor: pointer; color: var(--muted); }
.count { color: var(--muted); font-size: .9rem; margin: 0 0 .6rem; }
.table-wrap { overflow-x: auto; margin: 1rem 0; }
.incidents-table { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: .93rem; }
th, td { text-align: left; padding: .55rem .7rem; border-bottom: 1px solid var(--border); vertical-align: top; }
thead th { white-space: nowrap; font-size: .78rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 700; background: var(--surface-2); position: sticky; top: 0; }
.incidents { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); overflow: hidden; }
.incidents tbody tr:hover { background: var(--surface-2); }
.incidents td.title a { font-weight: 600; color: var(--text); text-decoration: none; }
.incidents td.title a:hover { color: var(--accent); text-decoration: underline; }
.incidents td.title .summary { display: block; color: var(--muted); font-size: .85rem; margin-top: .15rem; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.date { white-space: nowrap; font-variant-numeric: tabular-nums; }
th button.sort { all: unset; cursor: pointer; }
/* "all: unset" took the focus ring too: keyboard readers must see which column they are on */
th button.sort:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; border-radius: 4px; }
th button.sort::after { content: " ↕"; opacity: .4; }
th[aria-sort="ascending"] button.sort::after { content: " ↑"; opacity: 1; }
th[aria-sort="descending"] button.sort::after { content: " ↓"; opacity: 1; }
.empty { padding: 2rem; text-align: center; color: var(--muted); }
/* incident page */
.incident-head { margin-bottom: 1.25rem; }
.incident-head .badges { display: flex; gap: .4rem; flex-wrap: wrap; margin-bottom: .6rem; }
.summary-box { display: grid; gap: 1rem; margin: 0 0 1.5rem; }
.durations { display: grid; grid-template-columns: repeat(3, 1fr); gap: .75rem; }
.duration { background: var(--surface-2); border-radius: 8px; padding: .6rem .8rem; }
.duration .label { font-size: .75rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); font-weight: 700; }
.duration .value { font-size: 1.3rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.duration .value.unknown { color: var(--ink-unknown); font-weight: 500; font-size: 1.05rem; }
.meta { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .3rem 1.1rem; margin: 0; font-size: .93rem; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; }
.meta .unknown { color: var(--ink-unknown); font-style: italic; }
.toc { font-size: .9rem; margin: 0 0 1.5rem; color: var(--muted); }
/* the links wrap as whole links (one line of them scrolled a phone sideways) */
.toc { display: flex; flex-wrap: wrap; gap: .15rem .9rem; }
.toc a { color: var(--muted); white-space: nowrap; }
.toc a:hover { color: var(--accent); }
article.prose { max-width: 46rem; }
/* a long URL or command in prose breaks rather than widening the page */
.prose, .meta dd, .snapshot, .action-text, .usage-label { overflow-wrap: anywhere; }
.prose p, .prose ul, .prose ol, .prose blockquote, .prose pre { margin: 0 0 1rem; }
.prose li { margin: .2rem 0; }
.prose code { font-family: var(--mono); font-size: .88em; background: var(--surface-2); padding: .1rem .3rem; border-radius: 4px; }
.prose pre { background: var(--surface-2); border: 1px solid var(--border); padding: .8rem 1rem; border-radius: 8px; overflow-x: auto; line-height: 1.45; }
.prose pre code { background: none; padding: 0; font-size: .85rem; }
.prose blockquote { border-left: 3px solid var(--border); padding: .1rem 1rem; color: var(--muted); }
.prose img { max-width: 100%; }
.prose h2 { padding-bottom: .3rem; border-bottom: 1px solid var(--border); }
.prose table { background: var(--surface); border: 1px solid var(--border); }
.prose .contains-task-list { list-style: none; padding-left: .3rem; }
.prose .task-list-item input { margin: 0 .5rem 0 0; vertical-align: -.1rem; }
ul.timeline, ol.timeline { list-style: none; padding: 0 0 0 1.4rem; border-left: 2px solid var(--border); margin-left: .4rem; }
.timeline > li { position: relative; margin: 0 0 .9rem; }
.timeline > li::before { content: ""; position: absolute; left: calc(-1.4rem - 6px); top: .5rem; width: 10px; height: 10px; border-radius: 50%; background: var(--surface); border: 2px solid var(--accent); }
.timeline > li:first-child::before { border-color: var(--sev1); background: var(--sev1); }
.timeline > li > strong:first-child, .timeline > li > p:first-child > strong:first-child { display: block; font-size: .82rem; font-weight: 600; color: var(--muted); font-variant-numeric: tabular-nums; letter-spacing: .01em; }
ul.hypotheses { list-style: none; padding-left: 0; }
.hypotheses > li { border: 1px solid var(--border); border-left-width: 4px; border-radius: 8px; padding: .5rem .8rem; margin: 0 0 .6rem; background: var(--surface); }
.hypotheses > li.hyp-rejected { color: var(--muted); border-left-color: var(--unknown); }
.hypotheses > li.hyp-rejected > strong:first-child, .hypotheses > li.hyp-rejected > p:first-child > strong:first-child { text-decoration: line-through; }
.hypotheses > li.hyp-confirmed { border-left-color: var(--green); background: var(--green-soft); }
.hypotheses > li.hyp-open { border-left-color: var(--sev3); }
/* snapshots */
.snapshots { display: grid; gap: 1rem; max-width: 46rem; }
.snapshot header h3 { margin: 0; }
.snapshot header p { margin: .2rem 0 .8rem; font-size: .88rem; }
.snapshot.has-critical { border-color: var(--sev1); }
.crit-count { color: var(--sev1); }
.usages, .notes { list-style: none; padding: 0; margin: 0; }
.usage { padding: .45rem .6rem; border-radius: 8px; margin: 0 -.6rem .2rem; }
.usage-label { display: flex; justify-content: space-between; gap: 1rem; font-size: .9rem; }
.usage-name { font-weight: 600; }
.usage-value { font-variant-numeric: tabular-nums; white-space: nowrap; }
.usage svg.bar { display: block; width: 100%; height: 8px; margin-top: .3rem; }
.bar-track { fill: var(--track); }
.bar-fill { fill: var(--ok); }
.usage.warning .bar-fill { fill: var(--sev2); }
.usage.critical { background: var(--red-soft); }
.usage.critical .bar-fill { fill: var(--sev1); }
.usage.critical .usage-name, .usage.critical .usage-value { color: var(--sev1); }
.usage-msg { margin: .3rem 0 0; font-size: .85rem; }
.notes li { font-size: .88rem; margin: .3rem 0; }
.sev-dot { display: inline-block; width: .5rem; height: .5rem; border-radius: 50%; background: var(--unknown); margin-right: .5rem; }
.note.critical .sev-dot { background: var(--sev1); } .note.warning .sev-dot { background: var(--sev2); }
.files { font-size: .93rem; }
details.within { margin-top: .6rem; font-size: .93rem; }
details.within summary { cursor: pointer; color: var(--muted); padding: .3rem 0; }
details.within[open] summary { margin-bottom: .4rem; }
/* stats */
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(10.5rem, 1fr)); gap: .8rem; margin: 0 0 1.5rem; }
.tile .value { white-space: nowrap; font-size: 1.45rem; font-weight: 750; font-variant-numeric: tabular-nums; line-height: 1.2; }
.tile .label { color: var(--muted); font-size: .85rem; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1rem; }
.chart.card h2 { margin: 0 0 .6rem; font-size: 1.05rem; border: 0; }
.chart.full { grid-column: 1 / -1; }
.chart svg { width: 100%; height: auto; display: block; overflow: visible; }
.chart .axis { fill: var(--muted); font-size: 11px; }
.chart .grid { stroke: var(--border); stroke-width: 1; }
.chart .s-sev1 { fill: var(--sev1); } .chart .s-sev2 { fill: var(--sev2); } .chart .s-sev3 { fill: var(--sev3); } .chart .s-sev4 { fill: var(--sev4); } .chart .s-unknown { fill: var(--unknown); }
.chart .hbar { fill: var(--accent); }
.chart .hlabel { fill: var(--text); font-size: 12px; }
.chart .hvalue { fill: var(--muted); font-size: 11px; }
.chart .line-a { stroke: var(--accent); fill: none; stroke-width: 2; }
.chart .line-b { stroke: var(--chart-2); fill: none; stroke-width: 2; }
.chart .dot-a { fill: var(--accent); } .chart .dot-b { fill: var(--chart-2); }
.legend { display: flex; gap: 1rem; flex-wrap: wrap; font-size: .82rem; color: var(--muted); margin: .5rem 0 0; padding: 0; list-style: none; }
.legend i { display: inline-block; width: .7rem; height: .7rem; border-radius: 3px; margin-right: .35rem; vertical-align: -.05rem; }
.legend .k-sev1 { background: var(--sev1); } .legend .k-sev2 { background: var(--sev2); } .legend .k-sev3 { background: var(--sev3); } .legend .k-sev4 { background: var(--sev4); } .legend .k-unknown { background: var(--unknown); }
.legend .k-a { background: var(--accent); } .legend .k-b { background: var(--chart-2); }
/* actions */
tr.overdue td { background: var(--red-soft); }
.overdue-label { color: var(--sev1); font-weight: 700; font-size: .8rem; white-space: nowrap; }
/* tags */
.tag-cloud { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; }
.tag-cloud a { display: inline-flex; gap: .4rem; align-items: baseline; padding: .35rem .75rem; background: var(--surface); border: 1px solid var(--border); border-radius: 999px; text-decoration: none; color: var(--text); }
.tag-cloud a:hover { border-color: var(--accent); color: var(--accent); }
.tag-cloud .n { color: var(--muted); font-size: .8rem; font-variant-numeric: tabular-nums; }
/* reading aids on the incident page */
.phase-bar { margin: 0; }
.phase-title { font-size: .75rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); font-weight: 700; margin: 0 0 .4rem; }
.phase-title .muted { text-transform: none; letter-spacing: 0; font-weight: 500; }
.phase-track { display: block; width: 100%; height: 12px; border-radius: 6px; background: var(--track); }
.phase-track rect { stroke: var(--surface); stroke-width: 2px; vector-effect: non-scaling-stroke; }
.phase-detected { --phase: var(--sev1); } .phase-mitigated { --phase: var(--sev2); } .phase-resolved { --phase: var(--green); } .phase-started { --phase: var(--unknown); }
.phase-track rect { fill: var(--phase); }
.phase-list { list-style: none; padding: 0; margin: .5rem 0 0; display: flex; flex-wrap: wrap; gap: .2rem 1.2rem; font-size: .85rem; }
.phase-key { display: inline-block; width: .7rem; height: .7rem; border-radius: 3px; margin-right: .35rem; vertical-align: -.05rem; background: var(--phase); }
.phase-name { font-weight: 600; }
.phase-after, .phase-skipped { color: var(--muted); }
.phase-skipped { font-size: .82rem; margin: .3rem 0 0; }
.when-tag { display: inline-block; font-size: .68rem; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; line-height: 1.3; border: 1px solid currentColor; border-radius: 4px; padding: 0 .25rem; margin-right: .3rem; vertical-align: .08rem; }
.usage.peak .bar-fill { fill-opacity: .55; }
/* a done task says so in words and is struck through: the tick alone is small and grey */
.prose .task-list-item.task-done { color: var(--muted); text-decoration: line-through; text-decoration-color: var(--muted); }
.done-label { display: inline-block; text-decoration: none; font-size: .7rem; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; color: var(--ink-green); background: var(--green-soft); border-radius: 4px; padding: .05rem .35rem; margin-right: .4rem; vertical-align: .1rem; }
.action-text code { font-family: var(--mono); font-size: .88em; background: var(--surface-2); padding: .1rem .3rem; border-radius: 4px; }
/* every control shows where the keyboard is, also those styled with borders of their own */
.filters input:focus-visible, .filters select:focus-visible, .filters button:focus-visible, .theme-toggle:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
/* small screens (after everything they override) */
@media (max-width: 760px) {
  .col-services, .col-duration, .col-tags { display: none; }
  h1 { font-size: 1.55rem; }
  .site-header .wrap { gap: .25rem .75rem; padding-top: .4rem; padding-bottom: .4rem; }
  .site-header nav { order: 3; flex-basis: 100%; flex-wrap: wrap; margin: 0 -.5rem; }
  .theme-toggle { margin-left: auto; }
  .durations { grid-template-columns: 1fr; }
}
/* a phone: each incident row becomes a small card (title, then date, severity and status): the
   status stays in view (readers come to see what is still broken); the sort buttons stay as a bar */
@media (max-width: 520px) {
  th, td { padding: .5rem .4rem; }
  .site-header nav a { padding: .3rem .55rem; }
  table.incidents, table.incidents thead, table.incidents tbody { display: block; }
  table.incidents thead tr { display: flex; flex-wrap: wrap; gap: 0 .2rem; background: var(--surface-2); }
  table.incidents thead th { border: 0; padding: .45rem .5rem; }
  table.incidents tbody tr { display: grid; grid-template-columns: auto auto auto 1fr; align-items: center; gap: .3rem .5rem; padding: .6rem .75rem; border-bottom: 1px solid var(--border); }
  table.incidents tbody tr[hidden] { display: none; }
  table.incidents tbody td { border: 0; padding: 0; }
  table.incidents td.title { grid-column: 1 / -1; order: -1; }
  /* open actions likewise: the action on top, due date and owner under it, then its incident */
  table.actions, table.actions tbody, table.actions td { display: block; }
  table.actions thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  table.actions tr { display: grid; grid-template-columns: auto 1fr; gap: .25rem .75rem; padding: .65rem .75rem; border-bottom: 1px solid var(--border); }
  table.actions tr.overdue { background: var(--red-soft); }
  table.actions td { border: 0; padding: 0; }
  table.actions td.action-text { grid-column: 1 / -1; order: -1; font-weight: 600; }
  table.actions td:last-child { grid-column: 1 / -1; font-size: .88rem; }
  .wrap { padding: 0 .9rem; }
  main.wrap { padding-top: 1.25rem; }
  .duration { display: flex; justify-content: space-between; align-items: baseline; gap: .5rem; padding: .4rem .7rem; }
  .duration .value { font-size: 1.1rem; }
}
/* print: the light palette whatever the theme, no navigation, link targets spelled out */
@media print {
  :root, :root[data-theme="dark"], :root:not([data-theme="light"]) {
    ${LIGHT}
    --shadow: none;
  }
  body { background: #fff; color: #000; font-size: 11pt; }
  .site-header nav, .theme-toggle, .filters, .skip, nav.toc, #no-match { display: none !important; }
  .site-header { border: 0; }
  main.wrap, .wrap.wide { max-width: none; padding: 0; }
  a { color: #000; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; overflow-wrap: anywhere; }
  thead th { position: static; }
  .card, .incidents, tr, li, figure { break-inside: avoid; }
}
/* siteA: year groups, search highlights, foreign source link */
section.year h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; }
section.year h2 .n, .found-in { color: var(--muted); font-weight: 400; font-size: .85rem; }
.found-in { display: block; margin-top: .15rem; }
nav.years { display: flex; flex-wrap: wrap; gap: .25rem .75rem; margin: .25rem 0 .75rem; }
mark { background: var(--accent-soft); color: inherit; border-radius: 2px; padding: 0 .1em; box-shadow: inset 0 -2px 0 var(--accent); }
.prose p.source { color: var(--muted); font-size: .92rem; overflow-wrap: anywhere; }
.site-footer time { white-space: nowrap; }
.chart.scroll svg { max-width: 48rem; }
.chart .note { font-size: .8rem; margin: .4rem 0 0; }
@media (max-width: 520px) {
  /* the wide charts keep a legible size and scroll inside their card, never the page */
  .chart.scroll { overflow-x: auto; min-width: 0; }
  .chart.scroll svg { min-width: 34rem; }
  .chart.scroll .axis { font-size: 13px; }
}
`;

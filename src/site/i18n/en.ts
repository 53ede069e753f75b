// The site's English labels: the default, and the shape every other language's table follows.
// Adding a language is adding a file like de.ts and one line in labels.ts.
const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export const en = {
  lang: 'en',
  /** For numbers (Intl). */
  locale: 'en-US',
  /** A calendar day as readers of this language write it. */
  day: (y: string, m: string, d: string) => `${y}-${m}-${d}`,
  unknown: 'unknown',
  // durations: 95 min -> "1 h 35 min"
  unit: { s: 's', min: 'min', h: 'h', d: 'd' },

  // the page shell
  skip: 'Skip to content',
  navSite: 'Site',
  nav: { incidents: 'Incidents', actions: 'Open actions', stats: 'Statistics', tags: 'Tags', services: 'Services' },
  themeToggle: 'Switch between light and dark theme',
  themeTitle: 'Light / dark',
  publishedWith: 'Published with postmortem',
  /** Before the build's date in every footer. */
  builtOn: 'Built on',

  // index and incident tables
  incidentsTitle: 'Incidents',
  incidents: (n: number) => plural(n, 'incident', 'incidents'),
  publishedIncidents: (n: number) => plural(n, 'published incident', 'published incidents'),
  notResolvedCount: (n: number) => `${n} not resolved`,
  indexLede: 'What broke, how we found it, and what we changed so it does not happen again.',
  filterIncidents: 'Filter incidents',
  searchPlaceholder: 'Search incidents…',
  search: 'Search',
  severity: 'Severity',
  status: 'Status',
  service: 'Service',
  tag: 'Tag',
  allSeverities: 'All severities',
  allStatuses: 'All statuses',
  allServices: 'All services',
  allTags: 'All tags',
  clear: 'Clear',
  /** The client script fills {shown} and {n}. */
  shownOf: '{shown} of {n} incidents',
  countMany: '{n} incidents',
  noneYet: 'No incidents published yet.',
  allIncidents: 'All incidents',
  col: { date: 'Date', incident: 'Incident', severity: 'Severity', status: 'Status', duration: 'Duration', services: 'Services', tags: 'Tags' },
  draft: 'draft',
  ongoing: 'ongoing',
  noMatch: 'No incident matches.',
  clearFilters: 'Clear the filters',
  statusName: { investigating: 'investigating', mitigated: 'mitigated', resolved: 'resolved' } as Record<string, string>,

  // tags
  tagsTitle: 'Tags',
  tagsLede: (tags: number, incidents: number) => `${plural(tags, 'tag', 'tags')} across ${plural(incidents, 'incident', 'incidents')}.`,
  tagTitle: (t: string) => `Tag: ${t}`,
  filterInList: 'filter in the full list',
  allTagsLink: 'all tags',
  taggedCaption: (t: string) => `Incidents tagged ${t}`,

  // open actions
  actionsTitle: 'Open actions',
  actionsLede: (n: number) => `${plural(n, 'unfinished prevention item', 'unfinished prevention items')}`,
  overdueCount: (n: number) => `${n} overdue`,
  noDue: 'no due date',
  overdueDays: (d: number) => `overdue ${d} d`,
  nobody: 'nobody',
  actionCols: { due: 'Due', action: 'Action', owner: 'Owner', incident: 'Incident' },
  nothingOpen: 'Nothing open. Well done.',

  // one incident
  summary: 'Summary',
  toDetect: 'Time to detect',
  toMitigate: 'Time to mitigate',
  toResolve: 'Time to resolve',
  phase: { started: 'Started', detected: 'Detected', mitigated: 'Mitigated', resolved: 'Resolved' },
  /** What each duration tile measures. */
  span: { detect: 'from started to detected', mitigate: 'from started to mitigated', resolve: 'from started to resolved' },
  meta: { services: 'Services', hosts: 'Hosts', tags: 'Tags', authors: 'Authors', rootCause: 'Root cause' },
  onThisPage: 'On this page',
  snapshots: 'Snapshots',
  files: 'Files',

  // a snapshot card
  snapshot: 'Snapshot',
  criticalCount: (n: number) => `${n} critical`,
  findings: (n: number) => plural(n, 'finding', 'findings'),
  takenIn: (ms: number) => `taken in ${ms} ms`,
  probesNotOk: 'probes not ok',
  withinLimits: (n: number) => `${plural(n, 'finding', 'findings')} within limits`,
  noFindings: 'No findings.',

  // Prometheus charts (evidence prometheus)
  chartsNote: (instances: string, step: number) => `${instances}${step ? `, one point every ${step} s` : ''}; dashed: the limit; dotted: the incident's moments.`,
  chartTime: 'time',

  // statistics
  statsTitle: 'Statistics',
  undatedLeftOut: (n: number) => ` (${n} without a start date are left out of the charts over time)`,
  tile: {
    incidents: 'incidents', notResolved: 'not resolved', toDetect: 'median time to detect', toMitigate: 'median time to mitigate',
    toResolve: 'median time to resolve', openActions: 'open actions',
  },
  perMonth: 'Incidents per month by severity',
  perMonthAlt: 'Incidents per month, stacked by severity',
  noDated: 'No dated incidents.',
  ttdr: 'Time to detect and resolve (monthly median)',
  ttdrAlt: 'Median time to detect and to resolve per month, log scale',
  timeToDetect: 'time to detect',
  timeToResolve: 'time to resolve',
  topTags: 'Most frequent tags',
  topServices: 'Most affected services',
  categories: 'Root-cause categories',

  // a long history: years, search data, where a match was found
  years: 'Years',
  undated: 'Undated',
  incidentsIn: (y: string) => `Incidents in ${y}`,
  incidentsUndated: 'Incidents without a date',
  undatedTitle: 'Undated incidents',
  earlierYears: 'Earlier years',
  earlierCaption: 'Matching incidents of earlier years',
  earlierNote: (n: number) => `Earlier years, ${plural(n, 'incident', 'incidents')}:`,
  earlierCovered: 'Search and filters cover them too.',
  newestLink: 'newest incidents, search and filters',
  /** The client script fills {fields}. */
  foundIn: 'found in {fields}',
  fieldNames: { title: 'title', tags: 'tags', services: 'services', summary: 'summary', text: 'text' },
  searchingAll: '(searching all years…)',

  // services (like tags) and feeds of a part of the site
  servicesTitle: 'Services',
  servicesLede: (services: number, incidents: number) => `${plural(services, 'service', 'services')} across ${plural(incidents, 'incident', 'incidents')}.`,
  serviceTitle: (s: string) => `Service: ${s}`,
  allServicesLink: 'all services',
  serviceCaption: (s: string) => `Incidents of the service ${s}`,
  noServices: 'No incident names a service yet.',
  noTags: 'No incident has a tag yet.',
  atomFeed: 'Atom feed',

  // postmortems written elsewhere
  source: 'Source',
  untitled: 'Untitled incident',

  // statistics: time to resolve by severity and by service
  resolveBySeverity: 'Time to resolve by severity (median)',
  resolveBySeverityAlt: 'Median time to resolve by severity, log scale',
  resolveByService: 'Time to resolve by service (median)',
  resolveByServiceAlt: 'Median time to resolve by service, log scale',
  inBrackets: 'In brackets: how many resolved incidents.',
  medianOver: (label: string, d: string, n: number) => `${label}: median ${d} over ${plural(n, 'incident', 'incidents')}`,
  noData: 'no data',

  // reading aids on the incident page: the phase bar, peak vs now in snapshot bars, done tasks, remote images
  phaseBar: {
    title: 'Phases',
    after: (d: string, fromStart: boolean) => (fromStart ? `after ${d}` : `${d} later`),
    total: (d: string) => `${d} from start to the last known phase`,
    skipped: (marks: string) => `Not drawn (set, but not after the phase before): ${marks}`,
  },
  peak: 'peak',
  now: 'now',
  usedAt: (label: string, pct: string, peak: boolean) => `${label}: ${pct} used ${peak ? 'at its peak' : 'now'}`,
  taskDone: 'done',
  taskOpen: 'open',
  image: 'image',
};

export type Labels = typeof en;

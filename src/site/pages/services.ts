// A page per service (front matter `services`, or `company`/`product` of a foreign postmortem) and
// an overview of all services: where a reader of one service's history starts.
import type { IncidentRecord } from '../record.js';
import { facetIndexPage, facetPage, groupsOf, type Group } from './facet.js';

export const serviceGroups = (records: IncidentRecord[]): Group[] => groupsOf(records, (r) => r.services);

export function serviceIndexPage(records: IncidentRecord[], siteTitle: string): string {
  return facetIndexPage('services', serviceGroups(records), records.length, siteTitle);
}

export function servicePage(g: Group, siteTitle: string): string {
  return facetPage('services', g, siteTitle);
}

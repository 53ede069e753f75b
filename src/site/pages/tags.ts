// A page per tag (its incidents) and an overview of all tags.
import type { IncidentRecord } from '../record.js';
import { facetIndexPage, facetPage, groupsOf, type Group } from './facet.js';

export const tagGroups = (records: IncidentRecord[]): Group[] => groupsOf(records, (r) => r.tags);

export function tagIndexPage(records: IncidentRecord[], siteTitle: string): string {
  return facetIndexPage('tags', tagGroups(records), records.length, siteTitle);
}

export function tagPage(g: Group, siteTitle: string): string {
  return facetPage('tags', g, siteTitle);
}

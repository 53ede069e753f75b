import { countLines } from '../doc/outline.js';
import type { PostmortemDoc } from '../doc/model.js';

export type LintSeverity = 'error' | 'warning';

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  severity: LintSeverity;
  message: string;
  rule: string;
}

/** One lint rule per file under rules/, like remark-lint: diagnostics are data. */
export interface Rule {
  id: string;
  description: string;
  check(doc: PostmortemDoc, report: (message: string, line?: number, severity?: LintSeverity) => void): void;
}

/** Line of a front matter key ("started:"), or 1 when absent. */
export function keyLine(doc: PostmortemDoc, key: string): number {
  const fm = doc.frontMatter;
  if (!fm) return 1;
  const yaml = doc.source.slice(fm.yamlStart, fm.yamlEnd);
  const m = new RegExp(`^${key}\\s*:`, 'm').exec(yaml);
  return countLines(doc.source, fm.yamlStart + (m ? m.index : 0));
}

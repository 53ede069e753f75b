import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Globals } from '../context.js';
import { InputError, PmError } from '../errors.js';
import { loadDocument } from '../doc/load.js';
import { lint } from '../lint/lint.js';
import type { Diagnostic } from '../lint/rule.js';
import { DOC_NAME, incidentRefs } from '../incidents/store.js';
import { c } from '../util/term.js';

export interface CheckResult {
  files: string[];
  diagnostics: Diagnostic[];
  errors: number;
  warnings: number;
}

/** Postmortem files named by `paths`: files as given, incident folders, or whole incidents folders. */
export function filesFrom(paths: string[], g: Globals): string[] {
  if (paths.length === 0) return incidentRefs(g.dir).map((r) => r.file);
  return paths.flatMap((p) => {
    if (!existsSync(p)) throw new PmError(`${p}: no such file or folder`);
    if (!statSync(p).isDirectory()) return [p];
    if (existsSync(path.join(p, DOC_NAME))) return [path.join(p, DOC_NAME)];
    const files = incidentRefs(p).map((r) => r.file);
    // "0 files checked, no problems" for a mistyped folder would read as a pass.
    if (files.length === 0) throw new PmError(`${p}: no postmortem here; expected a postmortem.md, an incident folder or an incidents folder`);
    return files;
  });
}

export async function run(args: { paths?: string[] }, g: Globals): Promise<CheckResult> {
  const files = filesFrom(args.paths ?? [], g);
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const shown = path.relative(process.cwd(), file) || file;
    try {
      diagnostics.push(...lint(await loadDocument(file), shown));
    } catch (e) {
      // An unreadable file is one more error in the report, never the end of it.
      if (!(e instanceof InputError)) throw e;
      diagnostics.push({ file: shown, line: e.line ?? 1, column: 1, severity: 'error', message: e.reason, rule: 'parse' });
    }
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return { files, diagnostics, errors, warnings: diagnostics.length - errors };
}

export function format(r: CheckResult): string {
  const lines = r.diagnostics.map(
    (d) => `${d.file}:${d.line}:${d.column}  ${d.severity === 'error' ? c.red('error') : c.yellow('warning')}  ${d.message}  ${c.dim(d.rule)}`,
  );
  const n = r.files.length;
  const plural = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  lines.push(
    r.diagnostics.length === 0
      ? c.green(`✓ ${plural(n, 'file')} checked, no problems`)
      : `${r.errors ? c.red('✖') : c.yellow('⚠')} ${plural(n, 'file')} checked: ${plural(r.errors, 'error')}, ${plural(r.warnings, 'warning')}`,
  );
  return lines.join('\n');
}

export const exitCode = (r: CheckResult) => (r.errors > 0 ? 1 : 0);

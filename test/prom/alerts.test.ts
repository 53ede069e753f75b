// alerts: rules for every limit with snapshot's thresholds and the probes' own hints; promtool checks
// the output, and `promtool test rules` fires each alert on the series its table row gives.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { buildRules, describeAlert, findingOf, type Rule, type RuleFile } from '../../src/prom/alerts.js';
import { ALERTS, isOwn, type AlertSpec, type OwnAlertSpec } from '../../src/prom/rules-table.js';
import { DEFAULT_THRESHOLDS } from '../../src/snapshot/thresholds.js';
import { pm, tempDir } from '../helpers.js';

const promtool = spawnSync('promtool', ['--version']).status === 0;
if (!promtool) console.log('promtool checks skipped: promtool is not installed (Debian package prometheus; CI installs it)');

/** Labels of a series selector as written in the table: name{a="b",c="d"}. */
function labelsOf(series: string): Record<string, string> {
  const body = /\{(.*)\}$/.exec(series)?.[1] ?? '';
  return Object.fromEntries([...body.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
}

/** Go template expansion for the only forms our annotations use. */
function expand(template: string, labels: Record<string, string>, value: string): string {
  return template
    .replace(/\{\{ \$labels\.(\w+) \}\}/g, (_m, k: string) => labels[k] ?? '')
    .replace(/\{\{ \$value \| humanize\w* \}\}/g, value);
}

/** The description an alert with these labels gets: the probe's hint for the label's value where it depends on one. */
function described(s: AlertSpec | OwnAlertSpec, labels: Record<string, string>): string {
  const d = describeAlert(s);
  return d.label ? (d.branches.get(labels[d.label]!) ?? d.base) : d.template;
}

/** The promtool test case for one table row: its series, and every rule of the alert firing at 10 min. */
function testCase(s: AlertSpec | OwnAlertSpec, rules: Rule[]) {
  // the left-hand series of each expression comes first in `fire`: the alert carries its labels
  const labels = labelsOf(s.fire[0]![0]);
  // the fire series drive utilisations to 100 %, unless the row says what else
  const value = s.testValue ?? '100%';
  const mine = rules.filter((r) => r.alert === s.alert);
  return {
    interval: '15s',
    input_series: s.fire.map(([series, values]) => ({ series, values })),
    alert_rule_test: [
      {
        eval_time: '10m',
        alertname: s.alert,
        exp_alerts: mine.map((r) => ({
          exp_labels: { ...labels, ...r.labels },
          exp_annotations: { summary: expand(r.annotations.summary, labels, value), description: expand(described(s, labels), labels, value) },
        })),
      },
    ],
  };
}

function promtoolTest(rules: RuleFile, tests: unknown[]) {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'rules.yml'), yaml.dump(rules, { lineWidth: -1 }));
  writeFileSync(path.join(dir, 'test.yml'), yaml.dump({ rule_files: ['rules.yml'], evaluation_interval: '1m', tests }, { lineWidth: -1 }));
  const r = spawnSync('promtool', ['test', 'rules', 'test.yml'], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, said: r.stdout + r.stderr };
}

describe('the rules', () => {
  const file = buildRules();
  const rules = file.groups[0]!.rules;

  it('carry the resource and hint of the finding the probe itself makes', () => {
    for (const s of ALERTS) {
      if (isOwn(s)) continue;
      const f = findingOf(s);
      expect(f.hint, s.alert).not.toBe('');
      const mine = rules.filter((r) => r.alert === s.alert);
      expect(mine.length, s.alert).toBeGreaterThan(0);
      for (const r of mine) {
        if (!s.describeBy) expect(r.annotations.description).toBe(f.hint);
        expect(r.annotations.summary.startsWith(f.resource)).toBe(true);
      }
    }
    // a beancounter's description is the probe's words for its resource: the seed's numothersock too
    const bc = rules.find((r) => r.alert === 'PostmortemBeancounter')!.annotations.description;
    expect(bc).toMatch(/^\{\{ if eq \$labels\.resource "kmemsize" \}\}kernel memory for the container/);
    expect(bc).toContain('{{ else if eq $labels.resource "numothersock" }}non-TCP sockets (unix, UDP): "unable to create sockets"');
    expect(bc).not.toContain('"vmguarpages"'); // a guarantee is no limit: the probe does not assess it so
    expect(bc).toMatch(/\{\{ else \}\}a container quota set by the hoster\{\{ end \}\}$/);
    // the inode rule points at the mount the alert is about, as snapshot does
    expect(rules.find((r) => r.alert === 'PostmortemFilesystemInodes')!.annotations.description).toContain('postmortem hunt {{ $labels.mountpoint }}');
  });

  it('use snapshot\'s thresholds, one rule per severity, and --threshold as snapshot does', () => {
    const inodes = rules.filter((r) => r.alert === 'PostmortemFilesystemInodes');
    expect(inodes.map((r) => [r.labels.severity, r.expr])).toEqual([
      ['critical', `(1 - node_filesystem_files_free / node_filesystem_files) >= ${DEFAULT_THRESHOLDS['fs-inodes'].crit}`],
      ['warning', `(1 - node_filesystem_files_free / node_filesystem_files) >= ${DEFAULT_THRESHOLDS['fs-inodes'].warn}`],
    ]);
    // cgroup-throttle's critical level (200 %) can never be reached by a share of periods
    expect(rules.filter((r) => r.alert === 'PostmortemCgroupCpuThrottled').map((r) => r.labels.severity)).toEqual(['warning']);
    const r = pm(['alerts', '--threshold', 'fs-inodes=80,90', '--for', '10m']);
    expect(r.status, r.stderr).toBe(0);
    const out = yaml.load(r.stdout) as RuleFile;
    const mine = out.groups[0]!.rules.filter((x) => x.alert === 'PostmortemFilesystemInodes');
    expect(mine.map((x) => x.expr)).toEqual(['(1 - node_filesystem_files_free / node_filesystem_files) >= 0.9', '(1 - node_filesystem_files_free / node_filesystem_files) >= 0.8']);
    expect(mine.map((x) => x.for)).toEqual(['10m', '10m']);
    expect(mine[1]!.annotations.summary).toContain('warning at 80 %');
    expect(JSON.parse(pm(['alerts', '--json']).stdout)).toEqual(file);
    const bad = pm(['alerts', '--for', 'soon']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('postmortem: --for soon: expected a Prometheus duration, e.g. 5m, 1h30m\n');
    expect(pm(['alerts', '--threshold', 'fs-inodes=95,90']).status).toBe(2);
  });

  it.skipIf(!promtool)('pass promtool check rules', () => {
    const dir = tempDir();
    const r = pm(['alerts']);
    writeFileSync(path.join(dir, 'rules.yml'), r.stdout);
    const check = spawnSync('promtool', ['check', 'rules', 'rules.yml'], { cwd: dir, encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  it.skipIf(!promtool)('fire, every one of them, in promtool test rules on the series of their table row', () => {
    const tests = ALERTS.map((s) => testCase(s, rules));
    // every alert has a case, and every rule is expected to fire in it
    const expected = tests.flatMap((t) => t.alert_rule_test.flatMap((a) => a.exp_alerts.map((e) => `${a.alertname}/${e.exp_labels.severity}`)));
    expect(new Set(expected)).toEqual(new Set(rules.map((r) => `${r.alert}/${r.labels.severity}`)));
    const r = promtoolTest(file, tests);
    expect(r.status, r.said).toBe(0);
    expect(r.said).toContain('SUCCESS');
  });

  it.skipIf(!promtool)('stay quiet below the warning level, and promtool notices a wrong expectation', () => {
    const inodes = ALERTS.find((s) => s.alert === 'PostmortemFilesystemInodes') as AlertSpec;
    const half = { ...inodes, fire: [[inodes.fire[0]![0], '100x40'], [inodes.fire[1]![0], '50x40']] as AlertSpec['fire'] };
    const quiet = testCase(half, rules);
    quiet.alert_rule_test[0]!.exp_alerts = [];
    expect(promtoolTest(file, [quiet]).status).toBe(0);
    // the same case expecting alerts at 50 %: the harness is not vacuous
    expect(promtoolTest(file, [testCase(half, rules)]).status).not.toBe(0);
  });
});

// The snapshot engine's public surface.
export { runProbes, probeIds, type RunOptions, type ProbeRun } from './run.js';
export { takeSnapshot, SCHEMA, type Snapshot } from './snapshot.js';
export { diffSnapshots, loadSnapshot, type SnapshotDiff } from './diff.js';
export { DEFAULT_THRESHOLDS, parseThresholds, type Thresholds } from './thresholds.js';
export type { Finding, ProbeResult, Severity } from './types.js';

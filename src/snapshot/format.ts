// Number formatting shared by findings and the report.
import type { Unit } from './types.js';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function bytes(n: number): string {
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v >= 100 ? 0 : 1)} ${UNITS[i]}`;
}

export function count(n: number): string {
  if (!Number.isFinite(n)) return 'unlimited';
  // not toLocaleString: its first call loads ICU's number formats, 5 ms of a snapshot's budget
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function pct(u: number | null): string {
  if (u === null || !Number.isFinite(u)) return '-';
  const p = u * 100;
  return `${p >= 10 || p === 0 ? Math.round(p) : p.toFixed(1)} %`;
}

export function amount(n: number | null, unit: Unit): string {
  if (n === null) return '-';
  if (unit === 'bytes') return Number.isFinite(n) ? bytes(n) : 'unlimited';
  if (unit === 'percent') return `${n.toFixed(1)} %`;
  if (unit === 'ratio') return n.toFixed(2);
  return count(n);
}

export function duration(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${m}m` : m > 0 ? `${m}m` : `${Math.round(seconds)}s`;
}

import { describe, expect, it } from 'vitest';
import { distinctErrors, errorKey } from '../../src/explain/split.js';

describe('distinctErrors', () => {
  it('folds repeats that differ only in time, pid, numbers and names', () => {
    expect(errorKey('Mar 14 09:12:03 web1 postfix/cleanup[4242]: warning: mail_queue_enter: create file incoming/1.4242: No space left on device')).toBe(
      errorKey('Mar 15 10:00:59 web1 postfix/cleanup[777]: warning: mail_queue_enter: create file incoming/9.777: No space left on device'),
    );
    expect(errorKey("touch: cannot touch '/a/b': No space left on device")).toBe(errorKey("touch: cannot touch '/c': No space left on device"));
    expect(errorKey('accept4() failed (24: Too many open files)')).not.toBe(errorKey('socket() failed (24: Too many open files)'));
  });

  it('keeps the first wording of each error, in order, with its count', () => {
    const log = [
      '2026/03/14 09:12:03 [crit] 1#1: accept4() failed (24: Too many open files)',
      'GET / 200',
      '2026/03/14 09:12:04 [crit] 2#2: accept4() failed (24: Too many open files)',
      'kernel: [99.1] Out of memory: Killed process 12 (mysqld)',
      '',
    ].join('\n');
    const isError = (l: string) => /failed|Killed/.test(l);
    expect(distinctErrors(log, isError)).toEqual([
      { text: '2026/03/14 09:12:03 [crit] 1#1: accept4() failed (24: Too many open files)', count: 2 },
      { text: 'kernel: [99.1] Out of memory: Killed process 12 (mysqld)', count: 1 },
    ]);
  });
});

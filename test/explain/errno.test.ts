import { describe, expect, it } from 'vitest';
import { findErrnos } from '../../src/explain/errno.js';

describe('findErrnos', () => {
  it('reads names, texts and the numbers programs print', () => {
    expect(findErrnos('Error: ENOSPC: no space left on device, write')).toEqual(['ENOSPC']);
    expect(findErrnos('accept4() failed (24: Too many open files)')).toEqual(['EMFILE']);
    expect(findErrnos('(28)No space left on device: AH00023')).toEqual(['ENOSPC']);
    expect(findErrnos('OSError: [Errno 12] whatever')).toEqual(['ENOMEM']);
    expect(findErrnos("Can't open file (Errcode: 24)")).toEqual(['EMFILE']);
    expect(findErrnos('blk_update_request: error -28')).toEqual(['ENOSPC']);
    expect(findErrnos('EWOULDBLOCK')).toEqual(['EAGAIN']);
    expect(findErrnos('99')).toEqual(['EADDRNOTAVAIL']);
  });

  it('reads the German texts', () => {
    expect(findErrnos('Auf dem Gerät ist kein Speicherplatz mehr verfügbar')).toEqual(['ENOSPC']);
    expect(findErrnos('Zu viele offene Dateien im System')).toEqual(['ENFILE']);
    expect(findErrnos('sudo: Nicht genügend Hauptspeicher verfügbar')).toEqual(['ENOMEM']);
  });

  it('tells ENFILE from EMFILE by the longer text', () => {
    expect(findErrnos('Too many open files in system')).toEqual(['ENFILE']);
    expect(findErrnos('Too many open files')).toEqual(['EMFILE']);
  });

  it('reads "(N)" as an errno only when that errno\'s text follows', () => {
    expect(findErrnos('curl: (7) Couldn\'t connect to server')).toEqual([]);
    expect(findErrnos('curl: (28) Operation timed out after 30000 milliseconds')).toEqual([]);
    expect(findErrnos('curl: (28) Connection timed out after 10001 milliseconds')).toEqual([]);
    expect(findErrnos('(28)No space left on device: AH00023')).toEqual(['ENOSPC']);
    expect(findErrnos('connect() failed (99: Cannot assign requested address)')).toEqual(['EADDRNOTAVAIL']);
    expect(findErrnos('accept4() failed (24: Zu viele offene Dateien)')).toEqual(['EMFILE']);
  });

  it('reads ld.so\'s "Error N" (it has no strerror table) only in its own message', () => {
    expect(findErrnos('x: error while loading shared libraries: libc.so.6: cannot open shared object file: Error 23')).toEqual(['ENFILE']);
    expect(findErrnos('x: error while loading shared libraries: libc.so.6: cannot open shared object file: Error 24')).toEqual(['EMFILE']);
    expect(findErrnos('make: *** [all] Error 28')).toEqual([]);
  });

  it('ignores numbers and E-words that are not errnos', () => {
    expect(findErrnos('EXT4-fs (sda1): mounted filesystem with ordered data mode')).toEqual([]);
    expect(findErrnos('served 28 requests in (3) batches')).toEqual([]);
    expect(findErrnos('ENOTANERRNO')).toEqual([]);
  });
});

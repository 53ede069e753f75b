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

  it('ignores numbers and E-words that are not errnos', () => {
    expect(findErrnos('EXT4-fs (sda1): mounted filesystem with ordered data mode')).toEqual([]);
    expect(findErrnos('served 28 requests in (3) batches')).toEqual([]);
    expect(findErrnos('ENOTANERRNO')).toEqual([]);
  });
});

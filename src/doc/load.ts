import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import type { PostmortemDoc } from './model.js';
import { parseDocument } from './parse.js';

/** Decodes a file as UTF-8 text, refusing binary and non-UTF-8 input with the line of the first bad byte. */
export function decodeText(buf: Buffer, file: string): string {
  if (buf.length === 0) throw new InputError(file, undefined, 'file is empty; expected a postmortem (YAML front matter and Markdown)');
  const nul = buf.indexOf(0);
  if (nul !== -1) throw new InputError(file, lineOfByte(buf, nul), 'binary file (NUL byte); expected UTF-8 Markdown text');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new InputError(file, lineOfByte(buf, firstInvalidUtf8(buf)), 'not valid UTF-8; expected UTF-8 Markdown text');
  }
}

function lineOfByte(buf: Buffer, at: number): number {
  let n = 1;
  for (let i = 0; i < at; i++) if (buf[i] === 10) n++;
  return n;
}

function firstInvalidUtf8(buf: Buffer): number {
  for (let i = 0; i < buf.length; ) {
    const b = buf[i]!;
    const len = b < 0x80 ? 1 : b >> 5 === 6 ? 2 : b >> 4 === 14 ? 3 : b >> 3 === 30 ? 4 : 0;
    if (!len) return i;
    for (let k = 1; k < len; k++) if (i + k >= buf.length || buf[i + k]! >> 6 !== 2) return i;
    i += len;
  }
  return buf.length;
}

export async function readText(file: string): Promise<string> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(file, undefined, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, expected a file' : `cannot read (${code})`);
  }
  return decodeText(buf, file);
}

export async function loadDocument(file: string): Promise<PostmortemDoc> {
  return parseDocument(await readText(file), file);
}

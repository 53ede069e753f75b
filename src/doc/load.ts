import { InputError } from '../errors.js';
import type { PostmortemDoc } from './model.js';
import { parseDocument } from './parse.js';
import { readRegularFile } from '../util/readfile.js';

/** Decodes a file as UTF-8 text, refusing binary and non-UTF-8 input with the line of the first bad byte. */
export function decodeText(buf: Buffer, file: string): string {
  if (buf.length === 0) throw new InputError(file, undefined, 'file is empty; expected a postmortem (YAML front matter and Markdown)');
  const nul = buf.indexOf(0);
  if (nul !== -1) throw new InputError(file, lineOfByte(buf, nul), 'binary file (NUL byte); expected UTF-8 Markdown text');
  try {
    // ignoreBOM keeps a BOM in the text, so an edit writes it back (the default drops it).
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf);
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

/** The postmortem's text: a regular UTF-8 file (not a device, FIFO or folder; at most 64 MiB). */
export async function readText(file: string): Promise<string> {
  return decodeText(readRegularFile(file, 'a postmortem (Markdown file)'), file);
}

export async function loadDocument(file: string): Promise<PostmortemDoc> {
  return parseDocument(await readText(file), file);
}

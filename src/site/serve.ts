// The preview server behind `postmortem serve`: the built site as static files on a loopback
// address, plus live reload by server-sent events (no dependency, no WebSocket). The files on disk
// stay exactly what `build` publishes; the reload script is added to HTML as it is served, and it
// comes from the same origin, so the site's strict CSP (script-src 'self') allows it.
import { createReadStream, realpathSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PmError } from '../errors.js';

const PREFIX = '/__postmortem/';
const RELOAD_JS = `new EventSource('${PREFIX}events').addEventListener('reload', () => location.reload());\n`;
const TAG = `<script src="${PREFIX}reload.js" defer></script>`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
};

/** The HTML as served: the reload script added before </head> (or at the end). */
export function withReload(html: string): string {
  const i = html.indexOf('</head>');
  return i < 0 ? html + TAG : html.slice(0, i) + TAG + html.slice(i);
}

/** Addresses that only this machine can reach; anything else gets a warning. */
export function isLoopback(host: string): boolean {
  return /^(127(\.\d{1,3}){3}|::1|\[::1\]|localhost)$/i.test(host);
}

/**
 * The file a URL path names under `root`, or null: decoded, NUL refused, resolved inside the root
 * (symlinks included), a folder served as its index.html.
 */
export function fileFor(root: string, urlPath: string): string | null {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  const realRoot = realpathSync(root);
  let p = path.resolve(realRoot, '.' + path.posix.normalize('/' + rel));
  try {
    if (statSync(p).isDirectory()) p = path.join(p, 'index.html');
    p = realpathSync(p);
  } catch {
    return null;
  }
  return p === realRoot || !p.startsWith(realRoot + path.sep) || !statSync(p).isFile() ? null : p;
}

export interface Preview {
  url: string;
  /** Tells every open page to reload; returns how many were told. */
  reload(): number;
  close(): Promise<void>;
}

export async function startPreview(root: string, host: string, port: number): Promise<Preview> {
  const clients = new Set<http.ServerResponse>();
  const server = http.createServer(async (req, res) => {
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'only GET and HEAD\n');
    const url = req.url ?? '/';
    if (url === `${PREFIX}reload.js`) return send(200, RELOAD_JS, TYPES['.js']);
    if (url === `${PREFIX}events`) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write('retry: 500\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    const file = fileFor(root, url);
    if (!file) return send(404, 'not found\n');
    const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    if (type.startsWith('text/html')) return send(200, withReload(await readFile(file, 'utf8')), type);
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  });
  // a quiet comment now and then keeps proxies and idle timeouts from closing the event stream
  const beat = setInterval(() => clients.forEach((c) => c.write(': \n\n')), 25_000).unref();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(new PmError(e.code === 'EADDRINUSE' ? `port ${port} on ${host} is in use: pick another with --port, or leave it out for a free one` : `cannot serve on ${host}:${port}: ${e.message}`)));
    server.listen(port, host, resolve);
  });
  const addr = server.address() as AddressInfo;
  const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${shown}:${addr.port}/`,
    reload() {
      for (const c of clients) c.write(`event: reload\ndata: ${Date.now()}\n\n`);
      return clients.size;
    },
    async close() {
      clearInterval(beat);
      for (const c of clients) c.end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

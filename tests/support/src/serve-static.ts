// Browser tests load built apps over HTTP (file: URLs cannot fetch models or stream-compile wasm);
// this loopback server is the static host they all share.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

// Chromium compiles wasm by streaming only when it is served as application/wasm, and refuses
// module scripts without a JavaScript type; anything not listed goes out as plain bytes.
const CONTENT_TYPES = new Map(
  Object.entries({
    '.wasm': 'application/wasm',
    '.mjs': 'text/javascript; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.html': 'text/html; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.json': 'application/json',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.woff2': 'font/woff2',
  }),
);

export interface StaticServer {
  /** The origin, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  /** Bytes sent per request path since the map was last cleared: what a page cost to load. */
  served: Map<string, number>;
  close(): Promise<void>;
}

/**
 * Serves the files under `root` on a free loopback port, like a static host with clean URLs:
 * `/` and `/dir/` give their index.html, `/page` gives `/page.html` when there is no `/page`;
 * a missing file, a directory, or any path that resolves outside `root` is a 404.
 */
export async function serveStatic(root: string): Promise<StaticServer> {
  const base = resolve(root);
  const served = new Map<string, number>();
  const server = createServer(async (request, response) => {
    const file = await fileFor(base, request.url ?? '/');
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${request.url}`);
      return;
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES.get(extname(file.path)) ?? 'application/octet-stream',
      'content-length': file.size,
    });
    served.set(file.requestPath, (served.get(file.requestPath) ?? 0) + file.size);
    createReadStream(file.path).pipe(response);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served,
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}

async function fileFor(base: string, requestUrl: string) {
  let path: string;
  try {
    // Raw request targets may hold `..` segments or encoded slashes; resolve() removes both.
    path = decodeURIComponent(requestUrl.split(/[?#]/)[0]!);
  } catch {
    return null; // malformed %-escape
  }
  const target = resolve(base, `.${sep}${path}`);
  if (target !== base && !target.startsWith(base + sep)) return null;
  const candidates = path.endsWith('/') ? [join(target, 'index.html')] : [target, `${target}.html`];
  for (const candidate of candidates) {
    const info = await stat(candidate).catch(() => null);
    if (info?.isFile()) return { path: candidate, size: info.size, requestPath: path };
  }
  return null;
}

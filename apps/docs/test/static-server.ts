import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  // Browsers compile .wasm by streaming only when served with this type.
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
};

export interface StaticServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash) */
  url: string;
  /** bytes sent per URL path since the last reset */
  served: Map<string, number>;
  close(): Promise<void>;
}

/**
 * Serves a built site on loopback, like any static host: `/x/` -> `/x/index.html`,
 * `/x` -> `/x.html` when that exists, 404 otherwise. Counts the bytes it sends
 * per path so a test can report what a page cost to load.
 */
export async function serveStatic(root: string): Promise<StaticServer> {
  const served = new Map<string, number>();
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const file = await resolveFile(root, path);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[extname(file.path)] ?? 'application/octet-stream',
      'content-length': file.size,
    });
    served.set(path, (served.get(path) ?? 0) + file.size);
    createReadStream(file.path).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function resolveFile(
  root: string,
  path: string,
): Promise<{ path: string; size: number } | null> {
  const base = normalize(join(root, path));
  // Never serve anything outside the site folder.
  if (base !== root && !base.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  for (const candidate of [base, join(base, 'index.html'), `${base}.html`]) {
    const info = await stat(candidate).catch(() => null);
    if (info?.isFile()) return { path: candidate, size: info.size };
  }
  return null;
}

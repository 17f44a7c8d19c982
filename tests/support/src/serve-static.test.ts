import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StaticServer, serveStatic } from './serve-static.js';

/** GET with the request target sent exactly as given (fetch would normalise `..` away). */
function rawGet(
  url: string,
  target: string,
): Promise<{ status: number; type: string; body: Buffer }> {
  return new Promise((done, fail) => {
    const { hostname, port } = new URL(url);
    request({ hostname, port, path: target }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        done({
          status: response.statusCode ?? 0,
          type: response.headers['content-type'] ?? '',
          body: Buffer.concat(chunks),
        }),
      );
    })
      .on('error', fail)
      .end();
  });
}

describe('serveStatic', () => {
  let server: StaticServer;
  const wasm = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);

  beforeAll(async () => {
    const parent = mkdtempSync(join(tmpdir(), 'test-support-'));
    const root = join(parent, 'site');
    mkdirSync(join(root, 'ort'), { recursive: true });
    mkdirSync(join(root, 'docs'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>home</title>');
    writeFileSync(join(root, 'docs', 'index.html'), '<!doctype html><title>docs</title>');
    writeFileSync(join(root, 'about.html'), '<!doctype html><title>about</title>');
    writeFileSync(join(root, 'ort', 'runtime.wasm'), wasm);
    writeFileSync(join(root, 'ort', 'runtime.mjs'), 'export {};');
    // Beside the root, and in a sibling whose name starts with the root's: both must stay hidden.
    writeFileSync(join(parent, 'secret.txt'), 'outside the root');
    mkdirSync(join(parent, 'site-private'));
    writeFileSync(join(parent, 'site-private', 'secret.txt'), 'outside the root');
    server = await serveStatic(root);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('serves .wasm as application/wasm with its exact bytes, and .mjs as JavaScript', async () => {
    const response = await fetch(`${server.url}/ort/runtime.wasm`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(wasm);
    const module = await fetch(`${server.url}/ort/runtime.mjs?v=1`);
    expect(module.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('answers / and /dir/ with their index.html', async () => {
    expect(await (await fetch(`${server.url}/`)).text()).toContain('<title>home</title>');
    expect(await (await fetch(`${server.url}/docs/`)).text()).toContain('<title>docs</title>');
  });

  it('answers a clean URL with its .html file and counts the bytes it sent per path', async () => {
    server.served.clear();
    expect(await (await fetch(`${server.url}/about`)).text()).toContain('<title>about</title>');
    await fetch(`${server.url}/ort/runtime.wasm`);
    await fetch(`${server.url}/ort/runtime.wasm`);
    expect(Object.fromEntries(server.served)).toEqual({
      '/about': '<!doctype html><title>about</title>'.length,
      '/ort/runtime.wasm': 2 * wasm.length,
    });
  });

  it('404s a missing file and a directory without a trailing slash', async () => {
    expect((await fetch(`${server.url}/missing.onnx`)).status).toBe(404);
    expect((await fetch(`${server.url}/ort`)).status).toBe(404);
  });

  it('404s every path that escapes its root, plain or percent-encoded', async () => {
    for (const target of [
      '/../secret.txt',
      '/ort/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsite-private%2fsecret.txt',
      '/../site-private/secret.txt',
      '/%E0%A4%A',
    ]) {
      const response = await rawGet(server.url, target);
      expect(response.status, target).toBe(404);
      expect(response.body.toString(), target).not.toContain('outside the root');
    }
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DownloadError } from '../errors';
import { type DownloadProgress, downloadFile } from './download';

const body = randomBytes(300_000);
const sha256 = createHash('sha256').update(body).digest('hex');

let server: Server;
let base: string;
let dir: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    switch (request.url) {
      case '/archive.tar.gz':
        response.writeHead(200, { 'content-length': body.length });
        response.end(body);
        return;
      case '/wrong-bytes':
        response.writeHead(200, { 'content-length': body.length });
        response.end(Buffer.from(body).reverse());
        return;
      case '/cut':
        // Promises the whole body, sends a third of it, then drops the connection.
        response.writeHead(200, { 'content-length': body.length });
        response.write(body.subarray(0, 100_000), () => response.socket?.destroy());
        return;
      case '/chunked':
        // No Content-Length: the size is only known from options.size.
        response.writeHead(200);
        response.end(body);
        return;
      default:
        response.writeHead(404, 'Not Found');
        response.end('no such file');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(join(tmpdir(), 'imdb-download-'));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

async function failure(url: string, dest: string, options: Parameters<typeof downloadFile>[2]) {
  try {
    await downloadFile(url, dest, options);
  } catch (error) {
    return error as DownloadError;
  }
  throw new Error('downloadFile succeeded where it should have failed');
}

describe('downloadFile from a loopback server', () => {
  it('writes the file when the checksum matches, reporting progress up to the total', async () => {
    const dest = join(dir, 'ok', 'archive.tar.gz');
    const seen: DownloadProgress[] = [];
    const result = await downloadFile(`${base}/archive.tar.gz`, dest, {
      sha256: sha256.toUpperCase(),
      size: body.length,
      onProgress: (p) => seen.push(p),
    });
    expect(result).toEqual({ path: dest, bytes: body.length, sha256 });
    expect(Buffer.compare(await readFile(dest), body)).toBe(0);
    expect(seen.at(-1)).toEqual({ received: body.length, total: body.length });
    expect(seen.every((p, i) => i === 0 || p.received > seen[i - 1]!.received)).toBe(true);
    expect(await readdir(join(dir, 'ok'))).toEqual(['archive.tar.gz']);
  });

  it('leaves nothing behind when the bytes do not match the checksum', async () => {
    const folder = join(dir, 'wrong');
    const error = await failure(`${base}/wrong-bytes`, join(folder, 'a.tar.gz'), { sha256 });
    expect(error).toBeInstanceOf(DownloadError);
    expect(error).toMatchObject({ code: 'DOWNLOAD_CHECKSUM_MISMATCH', url: `${base}/wrong-bytes` });
    expect(error.message).toContain(`expected ${sha256}`);
    expect(await readdir(folder)).toEqual([]);
  });

  it('leaves nothing behind when the connection is cut mid-body', async () => {
    const folder = join(dir, 'cut');
    const error = await failure(`${base}/cut`, join(folder, 'a.tar.gz'), { sha256 });
    expect(error).toMatchObject({ code: 'DOWNLOAD_INTERRUPTED', url: `${base}/cut` });
    expect(error.message).toMatch(/connection lost after \d+ of 300000 bytes/);
    expect(await readdir(folder)).toEqual([]);
  });

  it('reports a 404 with its status and writes nothing', async () => {
    const folder = join(dir, 'missing');
    const error = await failure(`${base}/nope.tar.gz`, join(folder, 'a.tar.gz'), { sha256 });
    expect(error).toMatchObject({ code: 'DOWNLOAD_HTTP_STATUS' });
    expect(error.message).toBe(`${base}/nope.tar.gz: server answered 404 Not Found`);
    expect(await readdir(folder)).toEqual([]);
  });

  it('reports a refused connection as interrupted', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(`http://127.0.0.1:${port}/a`, join(dir, 'refused', 'a'), {
      sha256,
    });
    expect(error).toMatchObject({ code: 'DOWNLOAD_INTERRUPTED' });
    expect(error.message).toContain('request failed');
  });

  it('checks the expected size when the server sends no Content-Length', async () => {
    const folder = join(dir, 'chunked');
    const error = await failure(`${base}/chunked`, join(folder, 'a.tar.gz'), {
      sha256,
      size: body.length + 1,
    });
    expect(error).toMatchObject({ code: 'DOWNLOAD_SIZE_MISMATCH' });
    expect(error.message).toContain(`got ${body.length} bytes, expected ${body.length + 1}`);
    expect(await readdir(folder)).toEqual([]);
  });

  it('keeps an older file at the destination when a new download fails', async () => {
    const folder = join(dir, 'older');
    const dest = join(folder, 'a.tar.gz');
    await downloadFile(`${base}/archive.tar.gz`, dest, { sha256 });
    await failure(`${base}/wrong-bytes`, dest, { sha256 });
    expect(Buffer.compare(await readFile(dest), body)).toBe(0);
    expect(await readdir(folder)).toEqual(['a.tar.gz']);
  });

  it('uses the fetch it is given', async () => {
    const urls: string[] = [];
    const dest = join(dir, 'injected', 'a.tar.gz');
    await downloadFile('https://example.invalid/a.tar.gz', dest, {
      sha256,
      fetch: async (input) => {
        urls.push(String(input));
        return new Response(body);
      },
    });
    expect(urls).toEqual(['https://example.invalid/a.tar.gz']);
    expect(Buffer.compare(await readFile(dest), body)).toBe(0);
  });

  it('rejects a malformed expected hash before any request', async () => {
    await expect(
      downloadFile(`${base}/archive.tar.gz`, join(dir, 'x', 'a'), { sha256: 'abc' }),
    ).rejects.toThrow(/options\.sha256: expected 64 hex digits/);
    expect(await readdir(dir)).not.toContain('x');
  });
});

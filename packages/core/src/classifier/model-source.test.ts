import { describe, expect, it } from 'vitest';
import { InputError, ModelLoadError } from './classifier-errors.js';
import { readModelBytes } from './model-source.js';

const BYTES = Uint8Array.from([8, 8, 58, 0]);

describe('readModelBytes', () => {
  it('takes bytes, an ArrayBuffer, a Blob or a Response as they are', async () => {
    expect(await readModelBytes(BYTES)).toBe(BYTES);
    expect([...(await readModelBytes(BYTES.slice().buffer))]).toEqual([...BYTES]);
    expect([...(await readModelBytes(new Blob([BYTES])))]).toEqual([...BYTES]);
    expect([...(await readModelBytes(new Response(BYTES)))]).toEqual([...BYTES]);
  });

  it('fetches a URL and returns the body', async () => {
    const seen: string[] = [];
    const fetchStub = async (url: string) => {
      seen.push(String(url));
      return new Response(BYTES);
    };
    const bytes = await readModelBytes('https://example.test/m.onnx', { fetch: fetchStub });
    expect([...bytes]).toEqual([...BYTES]);
    expect(seen).toEqual(['https://example.test/m.onnx']);
  });

  it('reports progress as the body streams in, with the Content-Length as total', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(BYTES.subarray(0, 1));
        controller.enqueue(BYTES.subarray(1));
        controller.close();
      },
    });
    const url = 'https://example.test/m.onnx';
    const response = async () =>
      new Response(body, { headers: { 'content-length': String(BYTES.length) } });
    const seen: unknown[] = [];
    const bytes = await readModelBytes(url, {
      fetch: response,
      onProgress: (progress) => seen.push(progress),
    });
    expect([...bytes]).toEqual([...BYTES]);
    expect(seen).toEqual([
      { loaded: 0, total: 4, url },
      { loaded: 1, total: 4, url },
      { loaded: 4, total: 4, url },
    ]);
  });

  it('reports an unknown total when the server sends no Content-Length', async () => {
    const seen: (number | undefined)[] = [];
    await readModelBytes('https://example.test/m.onnx', {
      fetch: async () => new Response(new Blob([BYTES]).stream()),
      onProgress: ({ total }) => seen.push(total),
    });
    expect(seen.length).toBeGreaterThan(1);
    expect(new Set(seen)).toEqual(new Set([undefined]));
  });

  it('turns an HTTP 404 into a ModelLoadError naming the URL and status', async () => {
    const notFound = async () => new Response('missing', { status: 404, statusText: 'Not Found' });
    const load = readModelBytes('https://example.test/gone.onnx', { fetch: notFound });
    await expect(load).rejects.toThrow(ModelLoadError);
    await expect(
      readModelBytes('https://example.test/gone.onnx', { fetch: notFound }),
    ).rejects.toThrow('https://example.test/gone.onnx: HTTP 404 Not Found');
    await expect(readModelBytes(new Response('', { status: 500 }))).rejects.toThrow('HTTP 500');
  });

  it('turns a network failure into a ModelLoadError', async () => {
    const offline = async () => {
      throw new TypeError('fetch failed');
    };
    await expect(readModelBytes('https://example.test/m.onnx', { fetch: offline })).rejects.toThrow(
      'request failed: fetch failed',
    );
  });

  it('rejects anything else with an InputError', async () => {
    await expect(readModelBytes(42 as unknown as string)).rejects.toThrow(InputError);
    await expect(readModelBytes([1, 2] as unknown as string)).rejects.toThrow('source: expected');
  });
});

// Minimal ambient types for the fetch-family globals the classifier's model loader
// uses (core's tsconfig has no DOM or Node types on purpose; see ../web-globals.d.ts).
// Node 20, browsers and Deno all provide them; consumers' own lib types take over.
declare class URL {
  constructor(url: string, base?: string | URL);
  readonly href: string;
  readonly protocol: string;
  toString(): string;
}

declare class Blob {
  constructor(parts?: Uint8Array[]);
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
  stream(): ReadableStream<Uint8Array>;
}

interface ReadableStreamDefaultReader<T> {
  read(): Promise<{ done: true; value?: undefined } | { done: false; value: T }>;
}

declare class ReadableStream<T> {
  constructor(source: {
    start(controller: { enqueue(chunk: T): void; close(): void }): void;
  });
  getReader(): ReadableStreamDefaultReader<T>;
  cancel(reason?: unknown): Promise<void>;
}

interface Headers {
  get(name: string): string | null;
}

interface AbortSignal {
  readonly aborted: boolean;
  throwIfAborted(): void;
}

declare class Response {
  constructor(
    body?: Uint8Array | string | ReadableStream<Uint8Array> | null,
    init?: { status?: number; statusText?: string; headers?: Record<string, string> },
  );
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly headers: Headers;
  readonly body: ReadableStream<Uint8Array> | null;
  arrayBuffer(): Promise<ArrayBuffer>;
}

declare function fetch(input: string | URL, init?: { signal?: AbortSignal }): Promise<Response>;

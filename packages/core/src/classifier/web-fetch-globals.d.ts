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
}

interface AbortSignal {
  readonly aborted: boolean;
  throwIfAborted(): void;
}

declare class Response {
  constructor(body?: Uint8Array | string | null, init?: { status?: number; statusText?: string });
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly body: { cancel(reason?: unknown): Promise<void> } | null;
  arrayBuffer(): Promise<ArrayBuffer>;
}

declare function fetch(input: string | URL, init?: { signal?: AbortSignal }): Promise<Response>;

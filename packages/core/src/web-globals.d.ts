// Minimal ambient types for the web-standard globals core uses. The tsconfig has
// `types: []` and lib ES2022 so that no DOM or Node type can creep into core; these
// declarations cover exactly what Node 20, browsers and Deno all provide.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}

/** Base64 -> binary string; used by tests to load committed fixtures in every runtime. */
declare function atob(data: string): string;

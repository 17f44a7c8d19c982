// Types of wasm-module-file.mjs, for generated-wasm.test.ts, which checks the
// generated files with the same helpers that wrote them.
export declare const REGENERATE: string;
export declare function sha256(path: string): string;
export declare function loadWabt(): Promise<{ wabt: unknown; tool: string }>;
export declare function assembleWat(wabt: unknown, name: string, text: string): Buffer;

import { readFile } from 'node:fs/promises';
import { type ExportOnnxOptions, exportOnnx } from './export-onnx.js';
import { writeOnnxFile } from './write-onnx-file.js';

/**
 * Reads a safetensors artifact, exports it and writes `<onnxPath>` atomically; what
 * `imdb-rnn export` runs. The whole model is built and validated in memory before
 * anything is written, so a bad artifact leaves no `.onnx` behind (and never
 * replaces a good one). Returns the number of bytes written.
 */
export async function exportOnnxFile(
  artifactPath: string,
  onnxPath: string,
  options: ExportOnnxOptions = {},
): Promise<number> {
  const artifact = new Uint8Array(await readFile(artifactPath));
  const bytes = exportOnnx(artifact, options);
  await writeOnnxFile(onnxPath, bytes);
  return bytes.length;
}

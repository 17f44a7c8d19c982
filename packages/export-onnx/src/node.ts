// Node-only entry (@imdb-rnn/export-onnx/node): file input and output. The main entry
// stays free of node: imports so it bundles for browsers and runs in Deno.
export { exportOnnxFile } from './export-onnx-file.js';
export { writeOnnxFile } from './write-onnx-file.js';

// Node-only entry (@imdb-rnn/export-onnx/node): file output. The main entry stays
// free of node: imports so it bundles for browsers and runs in Deno.
export { writeOnnxFile } from './write-onnx-file.js';

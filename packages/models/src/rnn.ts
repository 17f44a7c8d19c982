import { registerModel } from './register-model.js';

// The URL of rnn.int8.onnx, registered under 'rnn' so that `import '@imdb-rnn/models/rnn'`
// is enough for `loadClassifier('rnn')`. Bundlers (Vite, webpack 5) recognise the
// `new URL('./…', import.meta.url)` pattern and emit the file as an asset, so an app ships
// only the models it imports; in Node it is a file: URL.
export default registerModel('rnn', new URL('./rnn.int8.onnx', import.meta.url));

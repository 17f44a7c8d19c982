import { registerModel } from './register-model.js';

// The URL of lstm.int8.onnx, registered under 'lstm' so that `import '@imdb-rnn/models/lstm'`
// is enough for `loadClassifier('lstm')`. Bundlers (Vite, webpack 5) recognise the
// `new URL('./…', import.meta.url)` pattern and emit the file as an asset, so an app ships
// only the models it imports; in Node it is a file: URL.
export default registerModel('lstm', new URL('./lstm.int8.onnx', import.meta.url));

import { registerModel } from './register-model.js';

// The URL of gru.int8.onnx, registered under 'gru' so that `import '@imdb-rnn/models/gru'`
// is enough for `loadClassifier('gru')`. Bundlers (Vite, webpack 5) recognise the
// `new URL('./…', import.meta.url)` pattern and emit the file as an asset, so an app ships
// only the models it imports; in Node it is a file: URL.
export default registerModel('gru', new URL('./gru.int8.onnx', import.meta.url));

import { registerModel } from './register-model.js';

// The URL of best.int8.onnx, registered under 'best' so that `import '@imdb-rnn/models/best'`
// is enough for `loadClassifier('best')`. Bundlers (Vite, webpack 5) recognise the
// `new URL('./…', import.meta.url)` pattern and emit the file as an asset, so an app ships
// only the models it imports; in Node it is a file: URL.
export default registerModel('best', new URL('./best.int8.onnx', import.meta.url));

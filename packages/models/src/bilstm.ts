import { registerModel } from './register-model.js';

// The URL of bilstm.int8.onnx, registered under 'bilstm' so that `import '@imdb-rnn/models/bilstm'`
// is enough for `loadClassifier('bilstm')`. Bundlers (Vite, webpack 5) recognise the
// `new URL('./…', import.meta.url)` pattern and emit the file as an asset, so an app ships
// only the models it imports; in Node it is a file: URL.
export default registerModel('bilstm', new URL('./bilstm.int8.onnx', import.meta.url));

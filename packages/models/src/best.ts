// The URL of best.int8.onnx. Bundlers (Vite, webpack 5) recognise this exact pattern and
// emit the file as an asset, so an app ships only the models it imports; in Node it is a
// file: URL.
export default new URL('./best.int8.onnx', import.meta.url);

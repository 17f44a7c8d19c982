// @imdb-rnn/export-onnx: filled by issue 5. Nothing is exported yet on purpose.
export {};

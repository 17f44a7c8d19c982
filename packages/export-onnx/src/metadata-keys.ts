/** metadata_props key holding core's ArtifactMetadata as JSON (the same key core uses in safetensors). */
export const METADATA_KEY = 'imdb-rnn';
/** metadata_props key naming the embedding's storage format (fp32, fp16 or int8). */
export const WEIGHTS_KEY = 'imdb-rnn.weights';

export { type DropoutMask, dropoutMask, maskValues } from './dropout-mask';
export { type EmbeddingLookupOptions, embeddingLookup } from './embedding-lookup';
export { FusedOpError } from './op-error';
export {
  type RecurrentOpOptions,
  type RecurrentWeightTensors,
  recurrentLayer,
} from './recurrent-op';
export { referenceEmbeddingLookup, referenceRecurrentLayer } from './reference-ops';

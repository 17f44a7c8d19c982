export { FusedOpError } from '../errors';
export { type DropoutMask, dropoutMask, maskValues } from './dropout-mask';
export { type EmbeddingLookupOptions, embeddingLookup } from './embedding-lookup';
export {
  type RecurrentOpOptions,
  type RecurrentWeightTensors,
  recurrentLayer,
} from './recurrent-op';
export { referenceEmbeddingLookup, referenceRecurrentLayer } from './reference-ops';

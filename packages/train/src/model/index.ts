export { ModelError } from '../errors';
export { EmbeddingLayer, type EmbeddingLayerArgs } from './embedding-layer';
export { pytorchInitialWeights } from './pytorch-init';
export { RecurrentLayer, type RecurrentLayerArgs } from './recurrent-layer';
export {
  createSentimentModel,
  type LogitsOptions,
  SentimentModel,
  type SentimentModelOptions,
} from './sentiment-model';

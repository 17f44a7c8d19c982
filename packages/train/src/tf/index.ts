export {
  type InitBackendOptions,
  initBackend,
  TRAINING_BACKENDS,
  type TrainingBackend,
} from './backend';

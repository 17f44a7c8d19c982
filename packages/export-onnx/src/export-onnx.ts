import {
  type Artifact,
  ArtifactError,
  architectureOf,
  assertFinite,
  decodeArtifact,
  ONNX_INPUTS,
  ONNX_METADATA_KEY,
  ONNX_OUTPUTS,
  ONNX_WEIGHTS_KEY,
  poolingOf,
  validateMetadata,
} from '@imdb-rnn/core';
import { checkTensors } from './check-tensors.js';
import { embeddingLookup } from './embedding-lookup.js';
import {
  floatTensor,
  int64Tensor,
  intAttribute,
  intsAttribute,
  node,
  valueInfo,
} from './graph-parts.js';
import { DataType, IR_VERSION, OPSET_VERSION, onnxType } from './onnx-proto.js';
import { lastMaxMeanPooling } from './pooling.js';
import { recurrentLayer } from './recurrent-layer.js';
import { checkWeightFormat, type WeightFormat } from './weight-format.js';

export interface ExportOnnxOptions {
  /** Storage of the embedding table: fp32 (default, exact), fp16 (half size) or int8 (quarter). */
  weights?: WeightFormat;
}

/**
 * Builds a self-contained ONNX model (protobuf bytes) from a trained artifact: its
 * safetensors bytes (as @imdb-rnn/core's encodeArtifact writes them) or the decoded
 * `{ metadata, tensors }` object.
 *
 * Inputs: `token_ids` int64 [batch, time], batch-major, padded with the pad index;
 * `lengths` int64 [batch], each in 1..time. Outputs: `logit` and `probability`
 * (sigmoid of the logit, P(positive)), float32 [batch]. Everything inference needs
 * besides the weights (spec, vocabulary, tokenizer version, metrics) is stored in
 * metadata_props, readable with readOnnxMetadata.
 *
 * Throws MetadataError / ArtifactError / ArgumentError (from @imdb-rnn/core) naming
 * the field or tensor at fault; nothing is returned for a bad artifact.
 */
export function exportOnnx(
  artifact: Artifact | Uint8Array,
  options: ExportOnnxOptions = {},
): Uint8Array {
  const weights = checkWeightFormat(options.weights ?? 'fp32', 'options.weights');
  const { metadata, tensors } = checkArtifact(artifact);
  const spec = metadata.spec;
  const directions = spec.bidirectional ? 2 : 1;
  const name = metadata.name ?? architectureOf(spec) ?? spec.cell;

  // ORT's recurrent kernels reject layout=1 (batch-major), so the ids are made
  // time-major before the lookup: Gather then yields [T, B, E] directly.
  const embedding = embeddingLookup(
    tensors['embedding.weight']!,
    weights,
    'token_ids_time_major',
    'embedded',
  );
  const pooled = poolingOf(spec) !== 'last';
  const recurrent = recurrentLayer(
    spec,
    tensors,
    'embedded',
    'sequence_lens',
    'final_state',
    pooled ? 'states' : '',
  );
  const pooling = pooled
    ? lastMaxMeanPooling('states', 'final_features', ONNX_INPUTS.lengths, 'features')
    : { nodes: [], initializers: [] };
  const fc = tensors['fc.weight']!;
  const fcBias = tensors['fc.bias']!;

  const nodes = [
    node(
      'Transpose',
      [ONNX_INPUTS.tokenIds],
      ['token_ids_time_major'],
      [intsAttribute('perm', [1, 0])],
    ),
    ...embedding.nodes,
    // The recurrent ops take sequence_lens as int32; the input is int64 like token_ids,
    // so callers build both from the same BigInt64Array machinery.
    node('Cast', [ONNX_INPUTS.lengths], ['sequence_lens'], [intAttribute('to', DataType.INT32)]),
    ...recurrent.nodes,
    // Y_h [D, B, H] -> [B, D, H] -> [B, D*H]: per example, forward state then backward
    // state, the order PyTorch's torch.cat((h_n[-2], h_n[-1]), dim=1) feeds the classifier.
    node(
      'Transpose',
      ['final_state'],
      ['final_state_batch_major'],
      [intsAttribute('perm', [1, 0, 2])],
    ),
    node(
      'Reshape',
      ['final_state_batch_major', 'const.features_shape'],
      [pooled ? 'final_features' : 'features'],
    ),
    ...pooling.nodes,
    node(
      'Gemm',
      ['features', 'fc.weight', 'fc.bias'],
      ['logit_column'],
      [intAttribute('transB', 1)],
    ),
    node('Squeeze', ['logit_column', 'const.squeeze_axes'], [ONNX_OUTPUTS.logit]),
    node('Sigmoid', [ONNX_OUTPUTS.logit], [ONNX_OUTPUTS.probability]),
  ];
  const initializers = [
    ...embedding.initializers,
    ...recurrent.initializers,
    floatTensor('fc.weight', fc.shape, fc.data),
    floatTensor('fc.bias', fcBias.shape, fcBias.data),
    int64Tensor('const.features_shape', [0, spec.hiddenSize * directions]),
    ...pooling.initializers,
    int64Tensor('const.squeeze_axes', [1]),
  ];

  const model = {
    ir_version: IR_VERSION,
    opset_import: [{ domain: '', version: OPSET_VERSION }],
    producer_name: '@imdb-rnn/export-onnx',
    model_version: 1,
    doc_string: `imdb-rnn ${name} sentiment classifier (embedding weights ${weights}).`,
    graph: {
      name,
      node: nodes,
      initializer: initializers,
      input: [
        valueInfo(ONNX_INPUTS.tokenIds, DataType.INT64, ['batch', 'time']),
        valueInfo(ONNX_INPUTS.lengths, DataType.INT64, ['batch']),
      ],
      output: [
        valueInfo(ONNX_OUTPUTS.logit, DataType.FLOAT, ['batch']),
        valueInfo(ONNX_OUTPUTS.probability, DataType.FLOAT, ['batch']),
      ],
    },
    metadata_props: [
      { key: ONNX_METADATA_KEY, value: JSON.stringify(metadata) },
      { key: ONNX_WEIGHTS_KEY, value: weights },
    ],
  };
  const bytes = onnxType('ModelProto').encode(model).finish();
  // In Node protobufjs returns a Buffer; callers get the same plain Uint8Array everywhere.
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes);
}

function checkArtifact(artifact: Artifact | Uint8Array): Artifact {
  if (artifact instanceof Uint8Array) {
    const decoded = decodeArtifact(artifact);
    assertFinite(decoded.tensors);
    return decoded;
  }
  if (typeof artifact !== 'object' || artifact === null) {
    throw new ArtifactError(`expected safetensors bytes or { metadata, tensors }, got ${artifact}`);
  }
  const metadata = validateMetadata(artifact.metadata);
  return { metadata, tensors: checkTensors(artifact.tensors, metadata) };
}

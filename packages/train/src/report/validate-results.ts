import { ARCHITECTURES, validateModelSpec } from '@imdb-rnn/core';
import { ReportError } from '../errors';
import {
  type Fail,
  readArray,
  readFraction,
  readNullable,
  readNumber,
  readOneOf,
  readRecord,
  readString,
} from './json-fields.js';
import { RESULTS_SCHEMA_VERSION, type ResultsFile } from './results.js';

/**
 * Checks that a parsed results.json matches the current schema version and
 * returns it typed (a version 1 file is first upgraded, see upgradeFromV1).
 * Throws ReportError naming `source` (the file) and the JSON path of the
 * first bad field, so a hand-edited or truncated file fails loudly before a
 * chart silently drops a series.
 */
export function validateResults(value: unknown, source = 'results.json'): ResultsFile {
  const fail: Fail = (path, problem) => {
    throw new ReportError('BAD_RESULTS', `${source}: ${path} ${problem}`);
  };
  let root = readRecord(value, '(root)', fail);
  if (root.schemaVersion === 1) root = upgradeFromV1(root, fail);
  if (root.schemaVersion !== RESULTS_SCHEMA_VERSION) {
    fail(
      'schemaVersion',
      `is ${JSON.stringify(root.schemaVersion)}; this version of @imdb-rnn/train reads schemaVersion ${RESULTS_SCHEMA_VERSION}`,
    );
  }
  readString(root.generatedAt, 'generatedAt', fail);
  readString(root.generator, 'generator', fail);
  const units = readRecord(root.units, 'units', fail);
  for (const key of ['accuracy', 'seconds', 'memory']) readString(units[key], `units.${key}`, fail);
  checkMachine(root.machine, fail);
  const reference = readRecord(root.reference, 'reference', fail);
  checkReference(reference.published, 'reference.published', fail);
  checkReference(reference.pytorchRerun, 'reference.pytorchRerun', fail);
  if (root.data !== undefined) checkData(root.data, fail);
  const trial = root.trial !== undefined;
  if (trial) {
    const info = readRecord(root.trial, 'trial', fail);
    readString(info.selectedBy, 'trial.selectedBy', fail);
  }
  readArray(root.runs, 'runs', fail).forEach((run, i) => {
    checkRun(run, `runs[${i}]`, trial, fail);
  });
  const aggregates = readArray(root.aggregates, 'aggregates', fail);
  // A trial's figures choose a setup; a test figure beside them would invite choosing by test.
  if (trial && aggregates.length > 0) {
    fail('aggregates', 'must be empty in selection trials (they summarise test accuracy)');
  }
  aggregates.forEach((a, i) => {
    checkAggregate(a, `aggregates[${i}]`, fail);
  });
  return root as unknown as ResultsFile;
}

/**
 * Version 1 carried PyTorch seconds per epoch typed in from another day
 * (reference.*.secondsPerEpoch) and a speed-up computed from them against
 * this run's times (aggregates[].pytorchSecondsPerEpoch, speedUp). Version 2
 * drops them: a report shows only speed figures measured in its own run.
 * Returns a copy; `root` is not changed.
 */
function upgradeFromV1(root: Record<string, unknown>, fail: Fail): Record<string, unknown> {
  const reference = readRecord(root.reference, 'reference', fail);
  const withoutKeys = (value: unknown, keys: readonly string[]): unknown => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
  };
  return {
    ...root,
    schemaVersion: 2,
    reference: Object.fromEntries(
      Object.entries(reference).map(([name, figures]) => [
        name,
        withoutKeys(figures, ['secondsPerEpoch']),
      ]),
    ),
    aggregates: Array.isArray(root.aggregates)
      ? root.aggregates.map((a) => withoutKeys(a, ['pytorchSecondsPerEpoch', 'speedUp']))
      : root.aggregates,
  };
}

function checkData(value: unknown, fail: Fail): void {
  const data = readRecord(value, 'data', fail);
  readString(data.source, 'data.source', fail);
  const labels = readArray(data.labels, 'data.labels', fail);
  if (labels.length !== 2) fail('data.labels', `has ${labels.length} entries; expected 2`);
  for (const [i, label] of labels.entries()) readString(label, `data.labels[${i}]`, fail);
  for (const key of ['trainExamples', 'validationExamples', 'testExamples']) {
    readNumber(data[key], `data.${key}`, fail, { min: 0, integer: true });
  }
}

function checkMachine(value: unknown, fail: Fail): void {
  const machine = readRecord(value, 'machine', fail);
  readNumber(machine.cpus, 'machine.cpus', fail, { min: 1, integer: true });
  readNumber(machine.totalMemoryMB, 'machine.totalMemoryMB', fail, { min: 0 });
  for (const key of ['cpuModel', 'platform', 'nodeVersion', 'backend']) {
    readString(machine[key], `machine.${key}`, fail);
  }
}

function checkReference(value: unknown, path: string, fail: Fail): void {
  const ref = readRecord(value, path, fail);
  readString(ref.source, `${path}.source`, fail);
  const accuracy = readRecord(ref.testAccuracy, `${path}.testAccuracy`, fail);
  const loss = readRecord(ref.epoch5TrainLoss, `${path}.epoch5TrainLoss`, fail);
  for (const arch of ARCHITECTURES) {
    readFraction(accuracy[arch], `${path}.testAccuracy.${arch}`, fail);
    readNullable(loss[arch], `${path}.epoch5TrainLoss.${arch}`, (v, p) =>
      readNumber(v, p, fail, { min: 0 }),
    );
  }
}

function checkRun(value: unknown, path: string, trial: boolean, fail: Fail): void {
  const run = readRecord(value, path, fail);
  readOneOf(run.architecture, `${path}.architecture`, fail, ARCHITECTURES);
  readNumber(run.seed, `${path}.seed`, fail, { integer: true });
  try {
    validateModelSpec(run.spec);
  } catch (error) {
    fail(`${path}.spec`, `is not a valid model spec: ${(error as Error).message}`);
  }
  const options = readRecord(run.options, `${path}.options`, fail);
  readNumber(options.epochs, `${path}.options.epochs`, fail, { min: 1, integer: true });
  readNumber(options.batchSize, `${path}.options.batchSize`, fail, { min: 1, integer: true });
  readNumber(options.learningRate, `${path}.options.learningRate`, fail, { min: 0 });
  readNullable(options.preset, `${path}.options.preset`, (v, p) => readString(v, p, fail));
  for (const [key, option] of Object.entries(options)) {
    if (option !== null && !['string', 'number', 'boolean'].includes(typeof option)) {
      fail(`${path}.options.${key}`, 'must be a string, number, boolean or null');
    }
  }
  const history = readArray(run.history, `${path}.history`, fail);
  if (history.length === 0) fail(`${path}.history`, 'must have at least one epoch');
  history.forEach((entry, e) => {
    const p = `${path}.history[${e}]`;
    const epoch = readRecord(entry, p, fail);
    readNumber(epoch.epoch, `${p}.epoch`, fail, { min: e + 1, max: e + 1, integer: true });
    readNumber(epoch.trainLoss, `${p}.trainLoss`, fail, { min: 0 });
    // Absent in a final fit (options.validationSize 0), which holds no reviews out.
    if (epoch.validationAccuracy !== undefined) {
      readFraction(epoch.validationAccuracy, `${p}.validationAccuracy`, fail);
    }
    if (epoch.rawValidationAccuracy !== undefined) {
      readFraction(epoch.rawValidationAccuracy, `${p}.rawValidationAccuracy`, fail);
    }
    readNumber(epoch.seconds, `${p}.seconds`, fail, { min: 0 });
    readNumber(epoch.reviewsPerSecond, `${p}.reviewsPerSecond`, fail, { min: 0 });
  });
  if (trial) {
    for (const key of ['test', 'shortText']) {
      if (run[key] !== undefined) {
        fail(
          `${path}.${key}`,
          'must be absent in selection trials (they never read the test split)',
        );
      }
    }
  } else {
    checkMetrics(run.test, `${path}.test`, fail);
  }
  if (run.shortText !== undefined) checkShortText(run.shortText, `${path}.shortText`, fail);
  if (run.validationShortText !== undefined) {
    checkShortText(run.validationShortText, `${path}.validationShortText`, fail);
  }
  if (run.bestEpoch !== undefined) {
    readNumber(run.bestEpoch, `${path}.bestEpoch`, fail, {
      min: 1,
      max: history.length,
      integer: true,
    });
  }
  if (run.onnxBytes !== undefined) {
    const bytes = readRecord(run.onnxBytes, `${path}.onnxBytes`, fail);
    for (const [format, size] of Object.entries(bytes)) {
      readNumber(size, `${path}.onnxBytes.${format}`, fail, { min: 1, integer: true });
    }
  }
  readNumber(run.totalTrainingSeconds, `${path}.totalTrainingSeconds`, fail, { min: 0 });
  readNumber(run.peakRssMB, `${path}.peakRssMB`, fail, { min: 0 });
  readNullable(run.artifactPath, `${path}.artifactPath`, (v, p) => readString(v, p, fail));
}

function checkShortText(value: unknown, path: string, fail: Fail): void {
  const short = readRecord(value, path, fail);
  readFraction(short.firstSentence, `${path}.firstSentence`, fail);
  readFraction(short.first20Tokens, `${path}.first20Tokens`, fail);
  readNumber(short.firstSentenceMeanTokens, `${path}.firstSentenceMeanTokens`, fail, { min: 0 });
}

function checkMetrics(value: unknown, path: string, fail: Fail): void {
  const m = readRecord(value, path, fail);
  readNumber(m.count, `${path}.count`, fail, { min: 1, integer: true });
  readNumber(m.threshold, `${path}.threshold`, fail);
  readOneOf(m.scoreKind, `${path}.scoreKind`, fail, ['logit', 'probability']);
  readFraction(m.accuracy, `${path}.accuracy`, fail);
  for (const key of ['precision', 'recall', 'f1']) {
    readNullable(m[key], `${path}.${key}`, (v, p) => readFraction(v, p, fail));
  }
  const auc = readRecord(m.rocAuc, `${path}.rocAuc`, fail);
  if (auc.value === null) readString(auc.reason, `${path}.rocAuc.reason`, fail);
  else readFraction(auc.value, `${path}.rocAuc.value`, fail);
  const confusion = readRecord(m.confusion, `${path}.confusion`, fail);
  for (const key of ['tp', 'fp', 'tn', 'fn']) {
    readNumber(confusion[key], `${path}.confusion.${key}`, fail, { min: 0, integer: true });
  }
  if (m.byLength !== undefined) checkBuckets(m.byLength, `${path}.byLength`, fail);
}

function checkBuckets(value: unknown, path: string, fail: Fail): void {
  readArray(value, path, fail).forEach((entry, b) => {
    const p = `${path}[${b}]`;
    const bucket = readRecord(entry, p, fail);
    readNumber(bucket.minTokens, `${p}.minTokens`, fail, { min: 0, integer: true });
    readNullable(bucket.maxTokens, `${p}.maxTokens`, (v, q) =>
      readNumber(v, q, fail, { min: 1, integer: true }),
    );
    readNumber(bucket.count, `${p}.count`, fail, { min: 0, integer: true });
    readNumber(bucket.correct, `${p}.correct`, fail, { min: 0, integer: true });
    readNullable(bucket.accuracy, `${p}.accuracy`, (v, q) => readFraction(v, q, fail));
  });
}

function checkAggregate(value: unknown, path: string, fail: Fail): void {
  const a = readRecord(value, path, fail);
  readOneOf(a.architecture, `${path}.architecture`, fail, ARCHITECTURES);
  readArray(a.seeds, `${path}.seeds`, fail).forEach((s, i) => {
    readNumber(s, `${path}.seeds[${i}]`, fail, { integer: true });
  });
  const acc = readRecord(a.testAccuracy, `${path}.testAccuracy`, fail);
  for (const key of ['mean', 'min', 'max'])
    readFraction(acc[key], `${path}.testAccuracy.${key}`, fail);
  readNullable(acc.std, `${path}.testAccuracy.std`, (v, p) => readNumber(v, p, fail, { min: 0 }));
  readArray(acc.perSeed, `${path}.testAccuracy.perSeed`, fail).forEach((x, i) => {
    readFraction(x, `${path}.testAccuracy.perSeed[${i}]`, fail);
  });
  for (const key of ['f1Mean', 'rocAucMean']) {
    readNullable(a[key], `${path}.${key}`, (v, p) => readFraction(v, p, fail));
  }
  readNumber(a.secondsPerEpochMean, `${path}.secondsPerEpochMean`, fail, { min: 0 });
  readNumber(a.reviewsPerSecondMean, `${path}.reviewsPerSecondMean`, fail, { min: 0 });
  readFraction(a.bar, `${path}.bar`, fail);
  if (typeof a.pass !== 'boolean') fail(`${path}.pass`, 'must be true or false');
  if (a.byLength !== null) checkBuckets(a.byLength, `${path}.byLength`, fail);
  if (a.shortText !== undefined && a.shortText !== null) {
    const short = readRecord(a.shortText, `${path}.shortText`, fail);
    readArray(short.seeds, `${path}.shortText.seeds`, fail).forEach((s, i) => {
      readNumber(s, `${path}.shortText.seeds[${i}]`, fail, { integer: true });
    });
    for (const key of ['fullReview', 'firstSentence', 'first20Tokens']) {
      readFraction(short[key], `${path}.shortText.${key}`, fail);
    }
  }
}

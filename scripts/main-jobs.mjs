// The main job's commands (`imdb-rnn` arguments), shared by `pnpm run main` and
// the main-job benchmark (scripts/bench-main-job.mjs), so the benchmark times exactly
// what users run. Presets, and what `imdb-rnn train` does without flags (the reference
// preset, runs/reference, fp32 and int8 ONNX), live in packages/train/src/config.ts;
// these jobs only add what the study adds: three seeds, and the best BiLSTM, also
// with three seeds so its report gives a mean and a spread, not one draw.
//
// The reference study's twelve hidden-10 runs train side by side, one process per
// core (--parallel): a second kernel thread speeds their batches up 1.0-1.6x, a
// second run beside them about 2x. The best BiLSTM's three seeds run one after
// another on every core: at hidden 64 its batches use both threads well, and
// three runs do not split evenly over two cores.
import { availableParallelism } from 'node:os';

/** @param {string} out the folder holding both report folders */
export function mainJobs(out = 'runs') {
  return [
    [
      'train',
      '--seeds',
      '1,2,3',
      '--parallel',
      String(availableParallelism()),
      '--out',
      `${out}/reference`,
    ],
    ['train', '--preset', 'best', '--arch', 'bilstm', '--seeds', '1,2,3', '--out', `${out}/best`],
  ];
}

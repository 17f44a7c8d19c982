// The main job's commands (`imdb-rnn` arguments), shared by `pnpm run main` and
// the main-job benchmark (scripts/bench-main-job.mjs), so the benchmark times exactly
// what users run. Presets, and what `imdb-rnn train` does without flags (the reference
// preset, runs/reference, fp32 and int8 ONNX), live in packages/train/src/config.ts;
// these jobs only add what the study adds: three seeds, and the best BiLSTM, also
// with three seeds so its report gives a mean and a spread, not one draw.

/** @param {string} out the folder holding both report folders */
export function mainJobs(out = 'runs') {
  return [
    ['train', '--seeds', '1,2,3', '--out', `${out}/reference`],
    ['train', '--preset', 'best', '--arch', 'bilstm', '--seeds', '1,2,3', '--out', `${out}/best`],
  ];
}

import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { WeightFormat } from '@imdb-rnn/export-onnx';
import { exportOnnxFile } from '@imdb-rnn/export-onnx/node';
import { Command } from 'commander';
import { namingFile } from './name-file';
import { parseFormats } from './parse-options';

export function exportCommand(): Command {
  return new Command('export')
    .description(
      'Turn a trained model artifact into self-contained .onnx files (written atomically).',
    )
    .requiredOption('--model <path>', 'model artifact (.safetensors) written by `imdb-rnn train`')
    .option('--out <dir>', 'output folder', '.')
    .option('--name <name>', 'file name stem; default: the artifact name without extension')
    .option('--weights <formats>', 'comma-separated: fp32, fp16, int8', parseFormats, [
      'fp32',
    ] as WeightFormat[])
    .action(
      async (opts: { model: string; out: string; name?: string; weights: WeightFormat[] }) => {
        const stem = opts.name ?? basename(opts.model).replace(/\.safetensors$/, '');
        await mkdir(opts.out, { recursive: true });
        for (const weights of opts.weights) {
          const path = join(opts.out, `${stem}.${weights}.onnx`);
          const size = await namingFile(opts.model, () =>
            exportOnnxFile(opts.model, path, { weights }),
          );
          process.stdout.write(`${path}\t${size} bytes\n`);
        }
      },
    );
}

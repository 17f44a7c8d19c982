import { ArgumentError } from '@imdb-rnn/core';
import { labelledFileFormat, readLabelledFile } from '../data/labelled-file';
import type { OwnData } from '../data/labelled-splits';

/** The train command's options about the user's own data. */
export interface OwnDataOptions {
  data?: string;
  textField?: string;
  labelField?: string;
  testData?: string;
  positiveLabel?: string;
}

const OWN_DATA_ONLY = ['textField', 'labelField', 'testData', 'positiveLabel'] as const;
const FLAGS: Record<(typeof OWN_DATA_ONLY)[number], string> = {
  textField: '--text-field',
  labelField: '--label-field',
  testData: '--test-data',
  positiveLabel: '--positive-label',
};

/**
 * Reads `--data` (and `--test-data`) as the user's own labelled data when its
 * extension says CSV, TSV or JSONL; undefined for an IMDB source. The options
 * that only make sense for one's own data are refused with IMDB rather than ignored.
 */
export async function readOwnDataOption(opts: OwnDataOptions): Promise<OwnData | undefined> {
  if (opts.data === undefined || labelledFileFormat(opts.data) === undefined) {
    for (const key of OWN_DATA_ONLY) {
      if (opts[key] !== undefined) {
        throw new ArgumentError(
          FLAGS[key],
          'applies to your own data only: pass --data with a .csv, .tsv or .jsonl file',
        );
      }
    }
    return undefined;
  }
  const fields = {
    ...(opts.textField === undefined ? {} : { textField: opts.textField }),
    ...(opts.labelField === undefined ? {} : { labelField: opts.labelField }),
  };
  const train = await readLabelledFile(opts.data, fields);
  const own: OwnData = { train, trainSource: opts.data };
  if (opts.positiveLabel !== undefined) own.positiveLabel = opts.positiveLabel;
  if (opts.testData !== undefined) {
    const labels = [...new Set(train.map((example) => example.label))];
    own.test = await readLabelledFile(opts.testData, { ...fields, labels });
    own.testSource = opts.testData;
  }
  return own;
}

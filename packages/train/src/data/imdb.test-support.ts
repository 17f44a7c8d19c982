import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';

/** Archive or folder content for tests: entry name to text or raw bytes. */
export type DatasetFiles = [name: string, content: string | Uint8Array][];

/**
 * A small, valid dataset in the official layout: `perLabel` reviews of each
 * label in each split, with ratings that fit their folders, plus the kinds of
 * non-review files the official archive holds (they must be skipped).
 */
export function smallDataset(perLabel: number): DatasetFiles {
  const files: DatasetFiles = [
    ['aclImdb/README', 'Large Movie Review Dataset v1.0'],
    ['aclImdb/imdb.vocab', 'the\nand\n'],
    ['aclImdb/train/labeledBow.feat', '0 0:1\n'],
    ['aclImdb/train/urls_pos.txt', 'http://www.imdb.com/title/tt0000000/usercomments\n'],
    ['aclImdb/train/unsup/0_0.txt', 'an unlabelled review'],
  ];
  for (const split of ['train', 'test']) {
    for (const [folder, ratings] of [
      ['pos', [7, 8, 9, 10]],
      ['neg', [1, 2, 3, 4]],
    ] as const) {
      for (let id = 0; id < perLabel; id++) {
        const rating = ratings[id % ratings.length] as number;
        files.push([
          `aclImdb/${split}/${folder}/${id}_${rating}.txt`,
          `${split} ${folder} review ${id}: caf\u00e9 <br /><br />${'great '.repeat(id % 3)}`,
        ]);
      }
    }
  }
  return files;
}

/** A tar (file entries only, like the shared test copy) of `files`, gzipped unless told otherwise. */
export async function tarBytes(files: DatasetFiles, { gzip = true } = {}): Promise<Uint8Array> {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on('data', (chunk) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    tar.on('end', resolve);
    tar.on('error', reject);
  });
  for (const [name, content] of files) {
    tar.entry({ name, mtime: new Date(0) }, Buffer.from(content));
  }
  tar.finalize();
  await done;
  const bytes = Buffer.concat(chunks);
  return gzip ? gzipSync(bytes) : bytes;
}

export async function writeArchive(
  path: string,
  files: DatasetFiles,
  options?: { gzip?: boolean },
): Promise<string> {
  await writeFile(path, await tarBytes(files, options));
  return path;
}

/** Writes `files` under `root` (so `root/aclImdb/...`), as an extracted archive would be. */
export async function writeFolder(root: string, files: DatasetFiles): Promise<string> {
  for (const [name, content] of files) {
    const path = join(root, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
  return root;
}

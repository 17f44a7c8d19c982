import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import { ImdbDataError } from '../errors';

/** One regular file of a tar archive, with its whole content. */
export interface ArchiveFile {
  name: string;
  bytes: Uint8Array;
}

export interface ArchiveReadOptions {
  /** Called with each file's name; only files it accepts have their bytes kept. */
  accept: (name: string) => boolean;
  /** Compressed bytes read so far and the archive's size, for a progress display. */
  onBytes?: (read: number, total: number) => void;
}

/**
 * Streams the regular files of a .tar.gz (or plain .tar) without unpacking it
 * to disk. tar-stream rather than node-tar's Parser: it is a parser only (no
 * file-system side), yields entries as an async iterator we can drain one at a
 * time, and reports a tar cut short as an error ("Unexpected end of data")
 * where node-tar reports most damage as warnings unless in strict mode. Every
 * failure of the gzip or tar layer becomes one IMDB_CORRUPT_ARCHIVE error
 * naming the archive.
 */
export async function* readArchiveFiles(
  archive: string,
  options: ArchiveReadOptions,
): AsyncGenerator<ArchiveFile> {
  const { total, gzipped } = await probeArchive(archive);
  const file = createReadStream(archive);
  const gunzip = gzipped ? createGunzip() : undefined;
  const tar = extract();
  let read = 0;
  file.on('data', (chunk) => {
    read += chunk.length;
    options.onBytes?.(read, total);
  });
  // pipe() does not forward errors; the extractor's iterator is the one place
  // the caller waits on, so every layer's error is routed there.
  const fail = (error: Error) => tar.destroy(error);
  file.on('error', fail);
  gunzip?.on('error', fail);
  const tarBytes = gunzip === undefined ? file : file.pipe(gunzip);
  const tail = new TailBlock();
  tarBytes.on('data', (chunk: Uint8Array) => tail.push(chunk));
  tarBytes.pipe(tar as unknown as NodeJS.WritableStream);
  try {
    for await (const entry of tar) {
      const { name, type } = entry.header;
      if ((type === 'file' || type === 'contiguous-file') && options.accept(name)) {
        yield { name, bytes: await readAll(entry) };
      } else {
        entry.resume();
      }
    }
    // tar-stream ends quietly when a tar stops between entries; only the
    // end-of-archive marker (zero blocks) tells a complete tar from a cut one.
    if (!tail.isZeroBlock()) {
      throw new ImdbDataError(
        'IMDB_CORRUPT_ARCHIVE',
        archive,
        'truncated archive: the tar stream stops without its end-of-archive marker',
      );
    }
  } catch (error) {
    if (error instanceof ImdbDataError) throw error;
    throw new ImdbDataError(
      'IMDB_CORRUPT_ARCHIVE',
      archive,
      describeArchiveFailure(error, gzipped),
      {
        cause: error,
      },
    );
  } finally {
    file.destroy();
    gunzip?.destroy();
    tar.destroy();
  }
}

const TAR_BLOCK = 512;

/** The last 512 bytes of a stream, to check that a tar ends with a zero block. */
class TailBlock {
  private bytes = new Uint8Array(0);

  push(chunk: Uint8Array): void {
    if (chunk.length >= TAR_BLOCK) {
      this.bytes = chunk.slice(chunk.length - TAR_BLOCK);
    } else {
      const joined = new Uint8Array(this.bytes.length + chunk.length);
      joined.set(this.bytes);
      joined.set(chunk, this.bytes.length);
      this.bytes = joined.slice(Math.max(0, joined.length - TAR_BLOCK));
    }
  }

  isZeroBlock(): boolean {
    return this.bytes.length === TAR_BLOCK && this.bytes.every((byte) => byte === 0);
  }
}

async function readAll(entry: AsyncIterable<unknown>): Promise<Uint8Array> {
  // tar-stream's entries yield Buffers (its types say `unknown`).
  const chunks: Uint8Array[] = [];
  for await (const chunk of entry) chunks.push(chunk as Uint8Array);
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);
}

/** Size, and whether the gzip magic bytes lead the file (the extension may lie). */
async function probeArchive(archive: string): Promise<{ total: number; gzipped: boolean }> {
  const handle = await open(archive, 'r');
  try {
    const head = new Uint8Array(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    const { size } = await handle.stat();
    return { total: size, gzipped: bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b };
  } finally {
    await handle.close();
  }
}

function describeArchiveFailure(error: unknown, gzipped: boolean): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(message)) {
    return `truncated archive: the gzip stream ends early (${message})`;
  }
  if (code === 'Z_DATA_ERROR') return `corrupt gzip data (${message})`;
  if (/unexpected end of data/i.test(message)) {
    return `truncated archive: the tar stream ends inside an entry (${message})`;
  }
  if (/invalid.*header/i.test(message)) {
    return `not a valid tar${gzipped ? '.gz' : ''} archive (${message})`;
  }
  return `cannot read the archive (${message})`;
}

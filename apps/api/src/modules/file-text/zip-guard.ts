import { createInflateRaw } from 'node:zlib';

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

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;
const count = (n: number) => n.toLocaleString('en-GB');

function need(condition: boolean, problem: string): asserts condition {
  if (!condition) throw new ZipFormatError(problem);
}

/** Entry count, central directory offset and size, from the end of central directory record (ZIP64 too). */
function endOfCentralDirectory(bytes: Buffer): { entries: number; offset: number; size: number } {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  const floor = Math.max(0, bytes.length - 22 - 0xffff);
  let at = -1;
  for (let i = bytes.length - 22; i >= floor; i -= 1) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      at = i;
      break;
    }
  }
  need(at >= 0, 'not a ZIP archive (no end of central directory)');
  let entries = bytes.readUInt16LE(at + 10);
  let size = bytes.readUInt32LE(at + 12);
  let offset = bytes.readUInt32LE(at + 16);
  if (entries === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = at - 20;
    need(locator >= 0 && bytes.readUInt32LE(locator) === 0x07064b50, 'ZIP64 locator missing');
    const record = Number(bytes.readBigUInt64LE(locator + 8));
    need(record >= 0 && record + 56 <= bytes.length && bytes.readUInt32LE(record) === 0x06064b50, 'ZIP64 end of central directory missing');
    entries = Number(bytes.readBigUInt64LE(record + 32));
    size = Number(bytes.readBigUInt64LE(record + 40));
    offset = Number(bytes.readBigUInt64LE(record + 48));
  }
  return { entries, offset, size };
}

/** The central directory as it declares itself; sizes from its ZIP64 extra field where needed. */
function centralDirectory(bytes: Buffer, limits: ZipLimits): Entry[] {
  const end = endOfCentralDirectory(bytes);
  // Checked before reading a single entry: the count alone decides.
  if (end.entries > limits.maxEntries) {
    throw new ZipLimitError(`it holds ${count(end.entries)} entries (at most ${count(limits.maxEntries)})`);
  }
  need(end.offset + end.size <= bytes.length, 'the central directory lies outside the file');
  const entries: Entry[] = [];
  let at = end.offset;
  for (let i = 0; i < end.entries; i += 1) {
    need(at + 46 <= bytes.length && bytes.readUInt32LE(at) === 0x02014b50, 'a central directory entry is damaged');
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    need(at + 46 + nameLength + extraLength + commentLength <= bytes.length, 'a central directory entry is damaged');
    const entry: Entry = {
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24),
      localHeaderOffset: bytes.readUInt32LE(at + 42),
    };
    // ZIP64: the fields set to 0xFFFFFFFF follow, in this order, in extra field 0x0001.
    for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength; ) {
      const id = bytes.readUInt16LE(x);
      const length = bytes.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let field = x + 4;
        const next = () => {
          need(field + 8 <= x + 4 + length, 'a ZIP64 field is damaged');
          const value = Number(bytes.readBigUInt64LE(field));
          field += 8;
          return value;
        };
        if (entry.size === 0xffffffff) entry.size = next();
        if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
        if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
      }
      x += 4 + length;
    }
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Inflates one entry without keeping it, counting bytes and, for XML, '<': stops as soon as it
 * produces more than it declared (a lying header), or the XML tag budget is spent.
 */
function measure(data: Buffer, entry: Entry, xmlTagsLeft: number | null, maxXmlTags: number, signal?: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    let produced = 0;
    let tags = 0;
    const fail = (error: Error) => {
      inflate.destroy();
      reject(error);
    };
    const onAbort = () => fail(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    inflate.on('data', (chunk: Buffer) => {
      produced += chunk.length;
      if (produced > entry.size) {
        fail(new ZipLimitError(`${entry.name} declares ${count(entry.size)} bytes but inflates to more`));
        return;
      }
      if (xmlTagsLeft !== null) {
        for (let i = chunk.indexOf(0x3c); i !== -1; i = chunk.indexOf(0x3c, i + 1)) tags += 1;
        if (tags > xmlTagsLeft) fail(new ZipLimitError(`its XML holds more than ${count(maxXmlTags)} elements`));
      }
    });
    inflate.on('error', (error) => fail(new ZipFormatError(`${entry.name} is damaged (${error.message})`)));
    inflate.on('end', () => {
      signal?.removeEventListener('abort', onAbort);
      if (produced !== entry.size) reject(new ZipFormatError(`${entry.name} declares ${count(entry.size)} bytes but holds ${count(produced)}`));
      else resolve(tags);
    });
    inflate.end(data);
  });
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
  const entries = centralDirectory(bytes, limits);
  let total = 0;
  for (const entry of entries) {
    if (entry.size > limits.maxEntryBytes) {
      throw new ZipLimitError(`${entry.name} would inflate to ${mb(entry.size)} (at most ${mb(limits.maxEntryBytes)} per entry)`);
    }
    total += entry.size;
  }
  if (total > limits.maxTotalBytes) throw new ZipLimitError(`it would inflate to ${mb(total)} (at most ${mb(limits.maxTotalBytes)})`);
  let xmlTags = 0;
  for (const entry of entries) {
    signal?.throwIfAborted();
    const at = entry.localHeaderOffset;
    need(at + 30 <= bytes.length && bytes.readUInt32LE(at) === 0x04034b50, `${entry.name}: local header missing`);
    const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
    need(start + entry.compressedSize <= bytes.length, `${entry.name} lies outside the file`);
    const data = bytes.subarray(start, start + entry.compressedSize);
    if (entry.method === 0) {
      need(entry.compressedSize === entry.size, `${entry.name}: stored sizes disagree`);
      if (isXml(entry.name)) {
        for (let i = data.indexOf(0x3c); i !== -1; i = data.indexOf(0x3c, i + 1)) xmlTags += 1;
      }
    } else if (entry.method === 8) {
      xmlTags += await measure(data, entry, isXml(entry.name) ? limits.maxXmlTags - xmlTags : null, limits.maxXmlTags, signal);
    } else {
      throw new ZipFormatError(`${entry.name} uses compression method ${entry.method}`);
    }
    if (xmlTags > limits.maxXmlTags) throw new ZipLimitError(`its XML holds more than ${count(limits.maxXmlTags)} elements`);
  }
}

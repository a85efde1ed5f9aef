import { Injectable } from '@nestjs/common';
import { DOMParser, type Node as XmlNode } from '@xmldom/xmldom';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { extractText as extractPdfText, getDocumentProxy } from 'unpdf';
import { checkZip, ZipLimitError } from './zip-guard.js';

/** The kinds of file whose text is extracted (K3); every other stored file is 'unsupported'. */
export const EXTRACTABLE_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.oasis.opendocument.text',
  'text/plain',
] as const;

/** Characters kept per file: enough for any report people search in, bounded for the row and the index. */
export const MAX_TEXT_CHARS = 1_048_576;

export function isExtractable(mimeType: string): boolean {
  return (EXTRACTABLE_TYPES as readonly string[]).includes(mimeType);
}

/** A failure whose message is meant for people: it is stored in file_texts.error as it is. */
export class ExtractionError extends Error {
  override name = 'ExtractionError';
}

/** A library's own message, short and on one line, to follow our own explanation. */
function detail(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Stored in file_texts.error: no control characters (PostgreSQL refuses NUL), one short line.
  // eslint-disable-next-line no-control-regex
  return message.replace(/[\s\x00-\x1F\x7F]+/g, ' ').replace(/\.$/, '').trim().slice(0, 200) || 'unknown error';
}

/**
 * Text as it is stored and indexed: no NUL (PostgreSQL text refuses \u0000) nor other control
 * characters, runs of spaces collapsed, one line break between paragraphs, at most MAX_TEXT_CHARS.
 */
export function normaliseText(raw: string): string {
  const text = raw
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/g, ' ')
    .replace(/[^\S\n\f\r]+/g, ' ')
    .replace(/\s*[\n\f\r]\s*/g, '\n')
    .trim();
  if (text.length <= MAX_TEXT_CHARS) return text;
  // Never cut between the two halves of a surrogate pair: a lone half is not valid UTF-8.
  const end = /[\uD800-\uDBFF]/.test(text[MAX_TEXT_CHARS - 1]) ? MAX_TEXT_CHARS - 1 : MAX_TEXT_CHARS;
  return text.slice(0, end);
}

async function pdfText(bytes: Buffer, signal?: AbortSignal): Promise<string> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // A copy: pdf.js takes ownership of (detaches) the buffer it is given. No eval: fonts in an
    // uploaded PDF must not compile to code (CVE-2024-4367 was an eval in font handling).
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false });
  } catch (error) {
    if (error instanceof Error && error.name === 'PasswordException') throw new ExtractionError('the PDF is protected by a password');
    throw new ExtractionError(`the PDF could not be read: ${detail(error)}`);
  }
  // pdf.js reads page after page asynchronously; destroying the document makes a pending
  // extraction fail instead of going on in the background after a timeout.
  const stop = () => void pdf.destroy().catch(() => undefined);
  signal?.addEventListener('abort', stop, { once: true });
  try {
    const { text } = await extractPdfText(pdf, { mergePages: true });
    return text;
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw new ExtractionError(`the PDF could not be read: ${detail(error)}`);
  } finally {
    signal?.removeEventListener('abort', stop);
    void pdf.destroy().catch(() => undefined);
  }
}

/**
 * Refuses a package that would inflate beyond ZIP_LIMITS before mammoth or JSZip open it: they
 * inflate whole entries and build a DOM of the XML in this process, where no timeout can stop them.
 */
async function guardZip(bytes: Buffer, what: string, signal: AbortSignal): Promise<void> {
  try {
    await checkZip(bytes, { signal });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (error instanceof ZipLimitError) throw new ExtractionError(`${what} is too large to read: ${detail(error)}`);
    throw new ExtractionError(`${what} could not be read: ${detail(error)}`);
  }
}

async function docxText(bytes: Buffer, signal: AbortSignal): Promise<string> {
  await guardZip(bytes, 'the Word document', signal);
  try {
    return (await mammoth.extractRawText({ buffer: bytes })).value;
  } catch (error) {
    throw new ExtractionError(`the Word document could not be read: ${detail(error)}`);
  }
}

const TEXT_NS = 'urn:oasis:names:tc:opendocument:xmlns:text:1.0';
const OFFICE_NS = 'urn:oasis:names:tc:opendocument:xmlns:office:1.0';

/**
 * The text of an ODT body in document order. text:p and text:h (also inside lists, tables and
 * frames) are paragraphs on lines of their own; text:span, text:a and the like are walked
 * through; comments (office:annotation) and the tracked-changes log are not running text.
 */
function odtNodeText(node: XmlNode, out: string[]): void {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === child.TEXT_NODE || child.nodeType === child.CDATA_SECTION_NODE) {
      out.push(child.nodeValue ?? '');
      continue;
    }
    if (child.nodeType !== child.ELEMENT_NODE) continue;
    const { namespaceURI: ns, localName: name } = child as unknown as { namespaceURI: string | null; localName: string | null };
    if (ns === OFFICE_NS && name === 'annotation') continue;
    if (ns === TEXT_NS) {
      if (name === 'tracked-changes') continue;
      // <text:s text:c="3"/> stands for spaces; they collapse to one anyway.
      if (name === 's' || name === 'tab') {
        out.push(' ');
        continue;
      }
      if (name === 'line-break') {
        out.push('\n');
        continue;
      }
    }
    const paragraph = ns === TEXT_NS && (name === 'p' || name === 'h');
    if (paragraph) out.push('\n');
    odtNodeText(child, out);
    if (paragraph) out.push('\n');
  }
}

async function odtText(bytes: Buffer, signal: AbortSignal): Promise<string> {
  await guardZip(bytes, 'the OpenDocument text', signal);
  let xml: string;
  try {
    const zip = await JSZip.loadAsync(bytes);
    const content = zip.file('content.xml');
    if (!content) throw new Error('content.xml is missing');
    xml = await content.async('string');
  } catch (error) {
    throw new ExtractionError(`the OpenDocument text could not be read: ${detail(error)}`);
  }
  try {
    // Malformed XML stops the parse instead of yielding half a document.
    const doc = new DOMParser({ onError: (level, message) => {
      if (level !== 'warning') throw new Error(message);
    } }).parseFromString(xml, 'text/xml');
    const body = doc.getElementsByTagNameNS(OFFICE_NS, 'body')[0] ?? doc.documentElement;
    if (!body) throw new Error('content.xml has no body');
    const out: string[] = [];
    odtNodeText(body, out);
    return out.join('');
  } catch (error) {
    throw new ExtractionError(`the OpenDocument text could not be read: ${detail(error)}`);
  }
}

function plainText(bytes: Buffer): string {
  try {
    // ignoreBOM false (the default) drops a leading byte order mark.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ExtractionError('the text file is not valid UTF-8');
  }
}

/**
 * The normalised text of a file of one of the EXTRACTABLE_TYPES. Rejects with an ExtractionError
 * (a reason for people) when the file cannot be read or takes longer than `timeoutMs`: one
 * hostile file must not hold the queue. `signal` (the process is stopping) rejects at once with
 * its reason. A PDF is then also stopped midway; the other formats are parsed in one go and end
 * on their own, their result ignored.
 */
export async function extractFileText(
  bytes: Buffer,
  mimeType: string,
  { timeoutMs = 60_000, signal }: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<string> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const interrupted = new Promise<never>((_, reject) => {
    const stop = (reason: unknown) => {
      controller.abort(reason);
      reject(reason instanceof Error ? reason : new Error(String(reason)));
    };
    timer = setTimeout(() => stop(new ExtractionError(`the extraction took longer than ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`)), timeoutMs);
    onAbort = () => stop(signal?.reason);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([extractByType(bytes, mimeType, controller.signal), interrupted]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

async function extractByType(bytes: Buffer, mimeType: string, signal: AbortSignal): Promise<string> {
  switch (mimeType) {
    case 'application/pdf':
      return normaliseText(await pdfText(bytes, signal));
    case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
      return normaliseText(await docxText(bytes, signal));
    case 'application/vnd.oasis.opendocument.text':
      return normaliseText(await odtText(bytes, signal));
    case 'text/plain':
      return normaliseText(plainText(bytes));
    default:
      throw new ExtractionError(`text cannot be extracted from ${mimeType}`);
  }
}

/** extractFileText as a provider: the worker's one seam, so a test can hold an extraction open. */
@Injectable()
export class FileTextExtractor {
  extract(bytes: Buffer, mimeType: string, options: { timeoutMs?: number; signal?: AbortSignal }): Promise<string> {
    return extractFileText(bytes, mimeType, options);
  }
}

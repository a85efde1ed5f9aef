import { fileTypeFromBuffer } from 'file-type';
import path from 'node:path';

/** The kinds of file Praxis accepts (K2), keyed by the MIME type read from the content. */
export const ALLOWED_FILE_TYPES: Record<string, string[]> = {
  'application/pdf': ['pdf'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'text/plain': ['txt'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
};

export const IMAGE_TYPES = ['image/png', 'image/jpeg'];
export const DOCUMENT_TYPES = ['application/pdf'];

/** Plain text has no signature: accept it only when it decodes as UTF-8 with no control bytes. */
function looksLikePlainText(buffer: Buffer): boolean {
  const text = buffer.toString('utf8');
  if (text.includes('\uFFFD')) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/.test(text)) return false;
  return !looksLikeMarkup(text);
}

/**
 * What a browser that sniffs would take for HTML, SVG or XML: the WHATWG MIME sniffing patterns
 * (a tag name followed by a space or '>', a comment, a processing instruction) after optional
 * whitespace and byte order mark. Such text is refused as TXT rather than stored.
 */
const MARKUP_START = /^[\s\uFEFF]*<(?:!doctype|(?:html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|svg|math|object|embed|meta|link|img|form|base)(?=[\s>/])|!--|\?xml)/i;

function looksLikeMarkup(text: string): boolean {
  return MARKUP_START.test(text.slice(0, 1024));
}

/**
 * The MIME type of a file as its content says, or an explanation of why it is refused: the content
 * must be an allowed kind, one of `allowed`, and the name's extension must agree with it.
 */
export async function detectFileType(
  buffer: Buffer,
  fileName: string,
  allowed: string[] = Object.keys(ALLOWED_FILE_TYPES),
): Promise<{ mimeType: string } | { problem: string }> {
  const detected = await fileTypeFromBuffer(buffer);
  let mimeType = detected?.mime as string | undefined;
  if (!mimeType && looksLikePlainText(buffer)) mimeType = 'text/plain';
  if (!mimeType || !ALLOWED_FILE_TYPES[mimeType] || !allowed.includes(mimeType)) {
    const names = allowed.flatMap((m) => ALLOWED_FILE_TYPES[m] ?? []).map((e) => e.toUpperCase());
    return { problem: `This kind of file is not accepted; allowed: ${names.join(', ')}` };
  }
  const extension = path.extname(fileName).slice(1).toLowerCase();
  if (extension && !ALLOWED_FILE_TYPES[mimeType].includes(extension)) {
    return { problem: `The file's name ends in .${extension} but its content is ${ALLOWED_FILE_TYPES[mimeType][0].toUpperCase()}` };
  }
  return { mimeType };
}

const MAX_NAME_LENGTH = 200;

/**
 * Characters a name must not carry: C0 and C1 controls, the characters Windows reserves, and the
 * invisible ones that change how a name reads (bidirectional overrides, isolates and marks, as in
 * `invoice\u202Efdp.exe` shown as "invoiceexe.pdf"; zero-width spaces, byte order mark, line and
 * paragraph separators).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_NAME = /[\x00-\x1F\x7F-\x9F"<>|:*?\u061C\u200B\u200E\u200F\u2028-\u202E\u2066-\u2069\uFEFF]/g;

/** `text` cut to at most `max` UTF-16 units without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  return /[\uD800-\uDBFF]/.test(text[max - 1]) ? text.slice(0, max - 1) : text.slice(0, max);
}

/**
 * A display name safe to show and to put in Content-Disposition: the last path segment only, no
 * control, reserved or invisible direction characters, no lone surrogates, runs of spaces
 * collapsed, no leading or trailing dots and spaces (no hidden or "..." names), at most 200
 * characters keeping the extension. It is only ever shown: storage keys never come from it.
 */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(UNSAFE_IN_NAME, '')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+|[.\s]+$/g, '');
  if (!cleaned) return 'file';
  if (cleaned.length <= MAX_NAME_LENGTH) return cleaned;
  const extension = path.extname(cleaned);
  if (extension.length > 1 && extension.length <= 16) {
    return cut(cleaned.slice(0, -extension.length), MAX_NAME_LENGTH - extension.length).replace(/[.\s]+$/, '') + extension;
  }
  return cut(cleaned, MAX_NAME_LENGTH).replace(/[.\s]+$/, '');
}

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
  return !/^\s*<(!doctype|html|script|svg|\?xml)/i.test(text);
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

/** A display name safe to show and to put in Content-Disposition: no paths, no control characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\x00-\x1F\x7F"<>|:*?]/g, '').replace(/^\.+/, '').trim().slice(0, 200);
  return cleaned || 'file';
}

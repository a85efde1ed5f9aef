import JSZip from 'jszip';
import { docxWith, odtWith } from '../../../test/support/document-fixtures.js';
import { checkZip, ZIP_LIMITS, ZipFormatError, ZipLimitError } from './zip-guard.js';

async function zipOf(files: Record<string, string>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(files)) zip.file(name, text);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Rewrites the uncompressed size of every entry, in the local headers and the central directory. */
function declareSize(bytes: Buffer, size: number): Buffer {
  const out = Buffer.from(bytes);
  for (let i = 0; i + 4 <= out.length; i += 1) {
    if (out.readUInt32LE(i) === 0x04034b50) out.writeUInt32LE(size, i + 22);
    if (out.readUInt32LE(i) === 0x02014b50) out.writeUInt32LE(size, i + 24);
  }
  return out;
}

describe('checkZip', () => {
  it('accepts ordinary DOCX and ODT packages', async () => {
    await expect(checkZip(await docxWith('A short report'))).resolves.toBeUndefined();
    await expect(checkZip(await odtWith('Guide\nfor inspectors'))).resolves.toBeUndefined();
  });

  it('refuses an entry, or a package, declared larger than the limits, without inflating it', async () => {
    const bytes = await zipOf({ 'word/document.xml': '<w:t>x</w:t>' });
    await expect(checkZip(bytes, { limits: { ...ZIP_LIMITS, maxEntryBytes: 5 } })).rejects.toThrow(new ZipLimitError('word/document.xml would inflate to 0 MB (at most 0 MB per entry)'));
    await expect(checkZip(await zipOf({ a: 'aaaa', b: 'bbbb' }), { limits: { ...ZIP_LIMITS, maxTotalBytes: 6 } })).rejects.toBeInstanceOf(ZipLimitError);
  });

  it('refuses too many entries, an entry holding more than it declares, and too much XML markup', async () => {
    await expect(checkZip(await zipOf({ a: '1', b: '2', c: '3' }), { limits: { ...ZIP_LIMITS, maxEntries: 2 } })).rejects.toThrow('it holds 3 entries (at most 2)');
    await expect(checkZip(declareSize(await zipOf({ 'a.xml': 'a'.repeat(10_000) }), 100))).rejects.toThrow('a.xml declares 100 bytes but inflates to more');
    await expect(checkZip(await zipOf({ 'a.xml': '<p/>'.repeat(50), 'b.xml': '<p/>'.repeat(60) }), { limits: { ...ZIP_LIMITS, maxXmlTags: 100 } })).rejects.toThrow(
      'its XML holds more than 100 elements',
    );
    // Markup outside XML parts (media, binaries) is not counted.
    await expect(checkZip(await zipOf({ 'a.bin': '<'.repeat(500) }), { limits: { ...ZIP_LIMITS, maxXmlTags: 100 } })).resolves.toBeUndefined();
  });

  it('refuses what is not a ZIP package, or a truncated one', async () => {
    await expect(checkZip(Buffer.from('PK\u0003\u0004 not really a zip'))).rejects.toBeInstanceOf(ZipFormatError);
    const whole = await docxWith('Cut short');
    await expect(checkZip(whole.subarray(0, whole.length - 30))).rejects.toBeInstanceOf(ZipFormatError);
  });
});

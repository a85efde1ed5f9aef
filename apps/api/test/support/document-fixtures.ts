import JSZip from 'jszip';
import PDFDocument from 'pdfkit';
import { docxWith, escapeXml } from '../../src/common/docx.js';

/**
 * Small but valid documents built in the test, so a fixture says what it contains and no binary
 * file has to be kept in the repository. Each one passes the upload's content detection
 * (file-type) as its own kind.
 */

/** A Word document; the builder lives in src, where the demo content uses it too. */
export { docxWith };

/** A PDF with `text` on its first page; `\f` in the text starts a new page. */
export function pdfWith(text: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: 'Test document' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  text.split('\f').forEach((page, index) => {
    if (index > 0) doc.addPage();
    doc.fontSize(11).text(page);
  });
  doc.end();
  return done;
}

/** Starts like a PDF (so it is accepted as one) but its structure is missing: no reader can open it. */
export function corruptPdf(): Buffer {
  return Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\nthis object never ends and there is no xref table\n%%EOF\n');
}

/**
 * An OpenDocument text; each line of `text` is a paragraph, the first one a heading. The
 * `mimetype` entry comes first and uncompressed, as the format requires and detection expects.
 */
export function odtWith(text: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('mimetype', 'application/vnd.oasis.opendocument.text', { compression: 'STORE' });
  zip.file(
    'META-INF/manifest.xml',
    '<?xml version="1.0" encoding="UTF-8"?>' +
      '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">' +
      '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>' +
      '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>' +
      '</manifest:manifest>',
  );
  const [first, ...rest] = text.split('\n');
  const body =
    `<text:h text:outline-level="1">${escapeXml(first ?? '')}</text:h>` + rest.map((line) => `<text:p>${escapeXml(line)}</text:p>`).join('');
  zip.file(
    'content.xml',
    '<?xml version="1.0" encoding="UTF-8"?>' +
      '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">' +
      `<office:body><office:text>${body}</office:text></office:body></office:document-content>`,
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
